import { createRequire } from 'node:module';
import { beforeAll, expect, it } from 'vitest';
import { WORKFLOW_HANDLERS, type WorkflowHandler } from '#workflows/handlers';
import { STATE_MACHINES } from '#domain/lifecycle/phases';
import { evaluateIntrinsics, localFunctionArn, renderLocalDefinitions } from '#workflows/render';
import { QUOTA_ERRORS, TRANSIENT_ERRORS } from '#workflows/steps/invoke';
import { synthesize } from './synth.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };

let resources: Record<string, Resource>;
let rendered: ReturnType<typeof renderLocalDefinitions>;

beforeAll(() => {
  // cdk.json's prefix is the local runtime's, so function and machine names line up.
  resources = synthesize({}, { cloudFormationValidation: false }).template.toJSON().Resources as Record<string, Resource>;
  rendered = renderLocalDefinitions();
});

/** A deployed function's Arn, as the local runtime names that handler. */
const localArnOf = (logicalId: string): string => {
  const resource = resources[logicalId];
  if (resource?.Type !== 'AWS::Lambda::Function') throw new Error(`Fn::GetAtt of ${logicalId}, which is not a function`);
  const name = resource.Properties.FunctionName as string;
  const key = (Object.entries(WORKFLOW_HANDLERS) as [WorkflowHandler, string][]).find(([, file]) => name === `mentoring-${file}`)?.[0];
  if (!key) throw new Error(`${name} is not a workflow handler`);
  return localFunctionArn(key);
};

it('deploys one machine per lifecycle phase', () => {
  const names = Object.values(resources)
    .filter((r) => r.Type === 'AWS::StepFunctions::StateMachine')
    .map((r) => r.Properties.StateMachineName);
  expect(names.sort()).toEqual(STATE_MACHINES.map((kind) => `mentoring-${kind}`).sort());
});

type AslValidation = { isValid: boolean; errorsText: (separator?: string) => string };
const validateAsl = createRequire(import.meta.url)('asl-validator') as (
  definition: object,
  options: { checkPaths: boolean; checkArn: boolean },
) => AslValidation;

// The local engine is not AWS: each definition it runs is also checked against the Amazon States Language itself.
it.each(STATE_MACHINES)('the %s definition is valid Amazon States Language', (kind) => {
  const validation = validateAsl(structuredClone(rendered[kind]), { checkPaths: true, checkArn: true });
  expect(validation.errorsText()).toBe('');
  expect(validation.isValid).toBe(true);
});

it.each(STATE_MACHINES)('the %s definition run locally equals the deployed one', (kind) => {
  const [machine] = Object.values(resources).filter(
    (r) => r.Type === 'AWS::StepFunctions::StateMachine' && r.Properties.StateMachineName === `mentoring-${kind}`,
  );
  const deployed = JSON.parse(evaluateIntrinsics(machine!.Properties.DefinitionString, localArnOf) as string);
  expect(deployed).toEqual(rendered[kind]);
});

interface AslState {
  Type: string;
  Retry?: { ErrorEquals: string[]; IntervalSeconds?: number; BackoffRate?: number; MaxAttempts?: number; MaxDelaySeconds?: number; JitterStrategy?: string }[];
  Branches?: { States: Record<string, AslState> }[];
  ItemProcessor?: { States: Record<string, AslState> };
  Iterator?: { States: Record<string, AslState> };
}

/** Every Task state of a definition, Parallel branches and Map iterations included. */
const taskStates = (states: Record<string, AslState>): [string, AslState][] =>
  Object.entries(states).flatMap(([name, state]) => [
    ...(state.Type === 'Task' ? [[name, state] as [string, AslState]] : []),
    ...(state.Branches ?? []).flatMap((branch) => taskStates(branch.States)),
    ...[state.ItemProcessor, state.Iterator].flatMap((inner) => (inner ? taskStates(inner.States) : [])),
  ]);

it('every Task state retries passing failures with exponential backoff, full jitter and a ceiling, waits out a used-up sending quota hourly, and retries nothing else', () => {
  const table: string[] = [];
  for (const kind of STATE_MACHINES) {
    const tasks = taskStates((rendered[kind] as { States: Record<string, AslState> }).States);
    for (const [name, task] of tasks) {
      expect(task.Retry, `${kind} › ${name}`).toEqual([
        { ErrorEquals: TRANSIENT_ERRORS, IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 10, MaxDelaySeconds: 300, JitterStrategy: 'FULL' },
        { ErrorEquals: QUOTA_ERRORS, IntervalSeconds: 3600, BackoffRate: 1, MaxAttempts: 26 },
      ]);
    }
    table.push(`${kind.padEnd(12)} ${String(tasks.length).padStart(3)} Task states`);
  }
  console.log(
    [
      `retry policy of every Task state: ${TRANSIENT_ERRORS.join(', ')}; from 2 s, ×2, at most 300 s apart, full jitter, 10 attempts`,
      `  and ${QUOTA_ERRORS.join(', ')} every hour, 26 attempts`,
      ...table,
    ].join('\n'),
  );
});
