import { describe, expect, test } from 'vitest';
import { cruiseRooms } from '../support/rooms.ts';

/** The fewest imports that lead from `from` to `to`, as the files on the way; undefined when none does. */
const shortestImports = (imports: Map<string, string[]>, from: string, to: string): string[] | undefined => {
  const cameFrom = new Map<string, string>([[from, '']]);
  const queue = [from];
  while (queue.length && !cameFrom.has(to)) {
    const at = queue.shift()!;
    for (const next of imports.get(at) ?? [])
      if (!cameFrom.has(next)) {
        cameFrom.set(next, at);
        queue.push(next);
      }
  }
  if (!cameFrom.has(to)) return undefined;
  const path = [to];
  while (path[0] !== from) path.unshift(cameFrom.get(path[0]!)!);
  return path;
};

describe('each rule by its name', () => {
  test('a newcomer finds each lifecycle rule two imports from the handler that runs it: handler → use case → rule', async () => {
    const { modules } = await cruiseRooms(undefined, ['functions']);
    const imports = new Map(modules.map((module) => [module.source, module.dependencies.map((dependency) => dependency.resolved)]));
    const walk = (handler: string, rule: string) => shortestImports(imports, `functions/${handler}`, `functions/${rule}`)?.join(' → ');

    expect({
      'when a relationship is at risk': walk('record-answer.ts', 'domain/at-risk.ts'),
      'what the safety net does about it': walk('record-answer.ts', 'domain/safety-net.ts'),
      'the meeting cadence': walk('plan-next-step.ts', 'domain/lifecycle/next-step.ts'),
      'remind, then tell the coordinator, then unanswered': walk('ask-participants.ts', 'domain/lifecycle/asking.ts'),
      'whether a pause may start, and how far it moves the year': walk('plan-pause.ts', 'domain/pauses.ts'),
      'a private ending without blame': walk('end-without-blame.ts', 'domain/endings.ts'),
    }).toEqual({
      'when a relationship is at risk': 'functions/record-answer.ts → functions/use-cases/safety-net/safety-net.ts → functions/domain/at-risk.ts',
      'what the safety net does about it': 'functions/record-answer.ts → functions/use-cases/safety-net/safety-net.ts → functions/domain/safety-net.ts',
      'the meeting cadence': 'functions/plan-next-step.ts → functions/use-cases/meetings/meetings.ts → functions/domain/lifecycle/next-step.ts',
      'remind, then tell the coordinator, then unanswered':
        'functions/ask-participants.ts → functions/use-cases/questions/ask.ts → functions/domain/lifecycle/asking.ts',
      'whether a pause may start, and how far it moves the year': 'functions/plan-pause.ts → functions/use-cases/pauses/pauses.ts → functions/domain/pauses.ts',
      'a private ending without blame': 'functions/end-without-blame.ts → functions/use-cases/endings/endings.ts → functions/domain/endings.ts',
    });
  });
});
