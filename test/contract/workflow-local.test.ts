import { afterAll, beforeAll } from 'vitest';
import { STATE_MACHINES } from '#domain/lifecycle/phases';
import { SendTaskFailureCommand } from '@aws-sdk/client-sfn';
import { stepFunctionsWorkflow } from '#adapters/workflow/step-functions';
import { stepFunctions } from '#adapters/workflow/client';
import { forgetClients, useEndpointSettings } from '#platform/aws';
import { loopbackSettings } from '#local/services/loopback';
import { LocalStepFunctions } from '#local/stepfunctions/index';
import { VirtualClock } from '#local/virtual-clock';
import { workflowContract } from './workflow.contract.ts';

/**
 * The product's Step Functions requests against the local facade, every machine one task that
 * waits on a token (the facade's own engine; program time stands still, so nothing times out).
 */
const SETTINGS = ['STEPFUNCTIONS_ENDPOINT', 'STATE_MACHINE_ARNS'] as const;
const before = Object.fromEntries(SETTINGS.map((key) => [key, process.env[key]]));
const arn = (kind: string) => `arn:aws:states:us-east-1:123456789012:stateMachine:contract-${kind}`;
const tokens = new Map<string, string>();
const clock = new VirtualClock(new Date('2027-01-11T09:00:00Z'));
let facade: LocalStepFunctions;

const waits = {
  StartAt: 'Wait',
  States: {
    Wait: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'park', Payload: { 'token.$': '$$.Task.Token', 'execution.$': '$$.Execution.Name' } },
      TimeoutSeconds: 86_400,
      End: true,
    },
  },
};

beforeAll(async () => {
  facade = await LocalStepFunctions.start({
    stateMachines: STATE_MACHINES.map((kind) => ({ arn: arn(kind), name: `contract-${kind}`, definition: waits })),
    handlers: {
      park: async (event) => {
        const { token, execution } = event as { token: string; execution: string };
        tokens.set(execution, token);
        return {};
      },
    },
    clock,
  });
  Object.assign(process.env, {
    STEPFUNCTIONS_ENDPOINT: facade.endpoint,
    STATE_MACHINE_ARNS: JSON.stringify(Object.fromEntries(STATE_MACHINES.map((kind) => [kind, arn(kind)]))),
  });
  // Its client reaches the facade as the local runtime's do: loopback credentials and region, whatever the shell has set.
  useEndpointSettings(loopbackSettings);
  forgetClients();
});

afterAll(async () => {
  await facade?.stop();
  for (const key of SETTINGS)
    if (before[key] === undefined) delete process.env[key];
    else process.env[key] = before[key];
  useEndpointSettings(undefined);
  forgetClients();
});

const tokenOf = async (name: string) => {
  await clock.settle();
  return tokens.get(name)!;
};

workflowContract('the local Step Functions', () => ({
  workflow: stepFunctionsWorkflow,
  tokenOf,
  // The waiting task fails, and nothing catches it.
  failRun: async (name) => {
    await stepFunctions().send(new SendTaskFailureCommand({ taskToken: await tokenOf(name), error: 'Broken', cause: 'a handler failed' }));
    await clock.settle();
  },
}));
