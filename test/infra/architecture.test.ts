import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ARCHITECTURE, committedDiagram, cruiseRooms, currentDiagram } from '../support/rooms.ts';

describe('the rooms', () => {
  test('docs/architecture.md shows the arrows the code has: after moving an import, npm run rooms draws it again', async () => {
    expect(committedDiagram(readFileSync(ARCHITECTURE, 'utf8'))).toBe(await currentDiagram());
  });

  test('no folder holds more than 15 modules', () => {
    const crowded: string[] = [];
    const visit = (dir: string) => {
      const entries = readdirSync(new URL(`../../${dir}`, import.meta.url), { withFileTypes: true });
      const modules = entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).length;
      if (modules > 15) crowded.push(`${dir}: ${modules}`);
      for (const e of entries) if (e.isDirectory()) visit(`${dir}/${e.name}`);
    };
    for (const dir of ['functions', 'workflows', 'local', 'cli', 'infra']) visit(dir);
    expect(crowded).toEqual([]);
  });

  const folder = mkdtempSync(join(tmpdir(), 'rooms-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const write = (files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(folder, path)), { recursive: true });
      writeFileSync(join(folder, path), text);
    }
  };

  test('the lint names a runtime cycle, a type cycle, an arrow against the layering, a relative import across rooms and a file in no room', async () => {
    write({
      'package.json': JSON.stringify({ type: 'module', imports: { '#domain/*': './functions/domain/*.ts', '#platform/*': './functions/platform/*.ts' } }),
      'functions/platform/clock.ts': 'export const now = () => 0;\n',
      // The domain may import no platform module.
      'functions/domain/schedule.ts': "import { now } from '#platform/clock';\nexport const today = () => now();\n",
      // Two modules that need each other's values to load.
      'functions/domain/model.ts': "import { limit } from './limits.ts';\nexport const size = () => limit;\n",
      'functions/domain/limits.ts': "import { size } from './model.ts';\nexport const limit = 3;\nexport const twice = () => 2 * size();\n",
      // Two that need each other's types only.
      'functions/domain/pause.ts': "import type { Ending } from './ending.ts';\nexport type Pause = { then?: Ending };\n",
      'functions/domain/ending.ts': "import type { Pause } from './pause.ts';\nexport type Ending = { after?: Pause };\n",
      // A folder of the domain reaches up by a relative path: same room, allowed.
      'functions/domain/lifecycle/phases.ts': "import { limit } from '../limits.ts';\nexport const phases = limit;\n",
      // A stage reaches the platform by a relative path.
      'functions/use-cases/pauses/pauses.ts': "import { now } from '../../platform/clock.ts';\nexport const pause = () => now();\n",
      'functions/use-cases/pauses/use.ts': "import { pause } from './pauses.ts';\nexport const used = pause;\n",
      'functions/scratch/notes.ts': "import { now } from '#platform/clock';\nexport const note = now;\n",
    });
    const { summary } = await cruiseRooms(folder, ['functions']);
    // A cycle is named once, at the import that closes it.
    const found = summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
    expect(found).toEqual([
      'layering: domain: functions/domain/schedule.ts → functions/platform/clock.ts',
      'no room for this file: functions/scratch/notes.ts → functions/platform/clock.ts',
      'no runtime cycle: functions/domain/limits.ts → functions/domain/model.ts',
      'no type cycle: functions/domain/ending.ts → functions/domain/pause.ts',
      'relative across rooms: stages: functions/use-cases/pauses/pauses.ts → functions/platform/clock.ts',
    ]);
  });
});

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
    const { modules } = await cruiseRooms();
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
