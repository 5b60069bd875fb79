import { App, Stack } from 'aws-cdk-lib';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, test } from 'vitest';
import type * as z from 'zod';
import { STATE_MACHINES } from '#domain/lifecycle/phases';
import { nextStep, pausePlan, phaseInput, phasePlan, RECORDED_BY_KIND, recorded, TASKS, type TaskName } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';
import { WORKFLOW_HANDLERS, type WorkflowFunctions } from '#workflows/handlers';
import { recordBoth } from '#workflows/steps/ask-with-reminder';
import { step } from '#workflows/steps/invoke';
import { equals, input, pathsOf, phaseOf, relationshipOf, tasksOf } from '#workflows/steps/payloads';
import { localFunctionArn, renderLocalDefinitions } from '#workflows/render';

/** The tasks of a throwaway stack, and the Parameters a state built on it hands its function. */
const stage = () => {
  const stack = new Stack(new App(), 'Contracts');
  const functions = Object.fromEntries(
    (Object.keys(WORKFLOW_HANDLERS) as TaskName[]).map((key) => [
      key,
      LambdaFunction.fromFunctionArn(stack, key, `arn:aws:lambda:us-east-1:000000000000:function:${key}`),
    ]),
  ) as WorkflowFunctions;
  return { stack, task: tasksOf(functions) };
};
const parametersOf = (state: { toStateJson(): object }) => (state.toStateJson() as { Parameters: unknown }).Parameters;

describe('the contracts between the state machines and their handlers', () => {
  test('every function a state machine calls has a contract, and every contract a function', () => {
    expect(Object.keys(TASKS).sort()).toEqual(Object.keys(WORKFLOW_HANDLERS).sort());
  });

  test('a payload names its schema’s fields: a constant is handed over as it is, a path as `field.$`', () => {
    const { stack, task } = stage();
    const pause = pathsOf('$.pause', pausePlan);
    const letter = step(stack, 'Tell them about the pause', task.sendLetters, { ...relationshipOf, letter: 'pause', pauseNo: pause.pauseNo });
    expect(parametersOf(letter)).toEqual({ 'relationshipId.$': '$.relationshipId', letter: 'pause', 'pauseNo.$': '$.pause.pauseNo' });
    expect(parametersOf(step(stack, 'Plan', task.planPhase, phaseOf, pathsOf('$.plan', phasePlan)))).toEqual({
      'relationshipId.$': '$.relationshipId',
      'phase.$': '$.phase',
    });
  });

  test('a result is read by the paths of its schema’s fields, of every variant and nested object', () => {
    const next = pathsOf('$.step', nextStep);
    expect([next.path, next.next.path, next.meetingNo.path, next.review.path, next.answerWindowSeconds.path]).toEqual([
      '$.step',
      '$.step.next',
      '$.step.meetingNo',
      '$.step.review',
      '$.step.answerWindowSeconds',
    ]);
    expect(pathsOf('$.plan', phasePlan).windows.escalation.path).toBe('$.plan.windows.escalation');
    expect(input.phase.path).toBe('$.phase');
  });

  test('a recorded question is read by the fields its kind records', () => {
    const { stack, task } = stage();
    const match = recordBoth(stack, task.recordAnswer, ['Record', 'Record unanswered'], { ...relationshipOf, kind: 'match' }, '$.match');
    expect(match.result.decision.path).toBe('$.match.decision');
    expect(Object.keys(RECORDED_BY_KIND.match.shape)).toEqual(['decision']);
    expect(parametersOf(match.unanswered)).toEqual({ 'relationshipId.$': '$.relationshipId', kind: 'match', timedOut: true });
  });

  test('every path a definition reads names a field of what is kept there: a task’s result, or the execution’s input', () => {
    const taskOf = new Map((Object.keys(TASKS) as TaskName[]).map((name) => [localFunctionArn(name), name]));
    type State = { Type: string; Resource?: string; ResultPath?: string | null; Parameters?: Record<string, unknown> };
    const unknownFields: string[] = [];
    let read = 0;
    const definitions = renderLocalDefinitions();
    for (const kind of STATE_MACHINES) {
      const states = Object.values((definitions[kind] as { States: Record<string, State> }).States);
      // Where each task keeps its result, and the schema of that result.
      const kept = new Map<string, z.ZodType>();
      for (const state of states) {
        // A task that hands back only the payload calls its function directly; one that waits for a callback, through Parameters.
        const name = taskOf.get((state.Parameters?.FunctionName as string | undefined) ?? state.Resource ?? '');
        if (!name || !state.ResultPath) continue;
        const payload = (state.Parameters!.Payload ?? state.Parameters) as Record<string, unknown>;
        const schema = name === 'recordAnswer' ? ((RECORDED_BY_KIND as Record<string, z.ZodType>)[String(payload.kind)] ?? recorded) : TASKS[name].output;
        kept.set(state.ResultPath, schema);
      }
      const passed = new Set(states.filter((state) => state.Type === 'Pass' && state.ResultPath).map((state) => state.ResultPath!));
      const paths = JSON.stringify(states).match(/"\$\.[A-Za-z.]+"/g) ?? [];
      for (const path of paths.map((p) => JSON.parse(p) as string)) {
        const [root, ...fields] = path.slice(2).split('.');
        const base = kept.has(`$.${root}`) ? pathsOf(`$.${root}`, kept.get(`$.${root}`)!) : pathsOf('$', phaseInput);
        const rest = kept.has(`$.${root}`) ? fields : [root!, ...fields];
        // A value a Pass state keeps (the round of goals): no task's contract to check it against.
        if (passed.has(`$.${root}`)) continue;
        read++;
        let at: object = base;
        for (const field of rest) {
          if (!(field in at)) {
            unknownFields.push(`${kind}: ${path}`);
            break;
          }
          at = (at as Record<string, object>)[field]!;
        }
      }
    }
    expect(unknownFields).toEqual([]);
    expect(read).toBeGreaterThan(50);
  });

  test('a renamed or misspelt field fails the type check, on the state machine’s side and the handler’s', () => {
    // Never run: the lint's type check is the test, each line must fail it.
    const typeChecks = () => {
      const { stack, task } = stage();
      // @ts-expect-error a misspelt field of the question's schema
      step(stack, 'a', task.askParticipants, { relationshipId: input.relationshipId, kinds: 'pause' });
      // @ts-expect-error a constant the schema does not allow: no kind of question is called so
      step(stack, 'b', task.recordAnswer, { relationshipId: input.relationshipId, kind: 'pauses' });
      // @ts-expect-error a path to a number where the schema wants a string
      step(stack, 'c', task.closeRelationship, { relationshipId: pathsOf('$.pause', pausePlan).pauseNo });
      // @ts-expect-error a result kept where the state machine reads another result's fields
      step(stack, 'd', task.planPhase, phaseOf, pathsOf('$.step', nextStep));
      // @ts-expect-error the next step has no such field
      void pathsOf('$.step', nextStep).meetingNumber;
      const match = recordBoth(stack, task.recordAnswer, ['e', 'f'], { ...relationshipOf, kind: 'match' }, '$.match');
      // @ts-expect-error a match is accepted, declined or not answered
      equals(match.result.decision, 'accept');
      // @ts-expect-error a use case that takes another payload than its task's schema
      taskHandler(TASKS.sendMeetingInvitation, async ({ meetingNumber }: { relationshipId: string; meetingNumber: number }) => ({ meetingNumber }));
      // @ts-expect-error a plan that renames a field the state machine reads
      taskHandler(TASKS.planPause, async () => ({ pauseNumber: 1, waitSeconds: 60 }));
    };
    expect(typeChecks).toBeTypeOf('function');
  });
});
