import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  type DescribeExecutionOutput,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adaptForLocalEngine, LocalStepFunctions, type LocalStepFunctionsEvent } from '#local/stepfunctions/index';
import { VirtualClock } from '#local/virtual-clock';

const PREFIX = 'arn:aws:states:us-east-1:123456789012';
const fn = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const machineArn = (name: string): string => `${PREFIX}:stateMachine:${name}`;
const INVOKE = 'arn:aws:states:::lambda:invoke';
const WAIT_TOKEN = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

const pipeline = {
  StartAt: 'Greet',
  States: {
    Greet: {
      Type: 'Task',
      Resource: INVOKE,
      Parameters: { FunctionName: fn('greet'), 'Payload.$': '$' },
      ResultSelector: { 'text.$': '$.Payload.text' },
      ResultPath: '$.greeting',
      Next: 'Shout',
    },
    Shout: { Type: 'Task', Resource: fn('shout'), InputPath: '$.greeting', ResultPath: '$.shout', Next: 'Wrap' },
    Wrap: {
      Type: 'Task',
      Resource: INVOKE,
      Parameters: { FunctionName: fn('wrap'), 'Payload.$': '$' },
      OutputPath: '$.Payload',
      End: true,
    },
  },
};

const approval = {
  StartAt: 'AskMentor',
  States: {
    AskMentor: {
      Type: 'Task',
      Resource: WAIT_TOKEN,
      Parameters: { FunctionName: fn('notify'), Payload: { 'token.$': '$$.Task.Token', 'who.$': '$.who' } },
      TimeoutSecondsPath: '$.timeoutSeconds',
      ResultPath: '$.decision',
      Catch: [
        { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'TimedOut' },
        { ErrorEquals: ['Declined'], ResultPath: '$.error', Next: 'Declined' },
      ],
      Next: 'Approved',
    },
    Approved: { Type: 'Pass', Parameters: { outcome: 'approved', 'decision.$': '$.decision' }, End: true },
    TimedOut: { Type: 'Pass', Parameters: { outcome: 'timedOut' }, End: true },
    Declined: { Type: 'Pass', Parameters: { outcome: 'declined', 'cause.$': '$.error.Cause' }, End: true },
  },
};

const flaky = {
  StartAt: 'Send',
  States: {
    Send: {
      Type: 'Task',
      Resource: INVOKE,
      Parameters: { 'FunctionName.$': '$.fn', 'Payload.$': '$' },
      TimeoutSecondsPath: '$.timeoutSeconds',
      Retry: [{ ErrorEquals: ['SesThrottled'], IntervalSeconds: 0, MaxAttempts: 2 }],
      Catch: [
        { ErrorEquals: ['SesThrottled'], ResultPath: '$.error', Next: 'Throttled' },
        { ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'TaskFailed' },
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Other' },
      ],
      OutputPath: '$.Payload',
      End: true,
    },
    Throttled: { Type: 'Pass', Parameters: { branch: 'Throttled', 'error.$': '$.error' }, End: true },
    TaskFailed: { Type: 'Pass', Parameters: { branch: 'TaskFailed', 'error.$': '$.error' }, End: true },
    Other: { Type: 'Pass', Parameters: { branch: 'Other', 'error.$': '$.error' }, End: true },
  },
};

const chain = {
  StartAt: 'StartChild',
  States: {
    StartChild: {
      Type: 'Task',
      Resource: INVOKE,
      Parameters: { FunctionName: fn('chain'), 'Payload.$': '$' },
      OutputPath: '$.Payload',
      End: true,
    },
  },
};

const fanOut = {
  StartAt: 'Both',
  States: {
    Both: {
      Type: 'Parallel',
      Branches: [
        {
          StartAt: 'EachMentee',
          States: {
            EachMentee: {
              Type: 'Map',
              ItemsPath: '$.mentees',
              ItemProcessor: {
                StartAt: 'GreetOne',
                States: {
                  GreetOne: {
                    Type: 'Task',
                    Resource: INVOKE,
                    Parameters: { FunctionName: fn('greet'), 'Payload.$': '$' },
                    OutputPath: '$.Payload.text',
                    End: true,
                  },
                },
              },
              End: true,
            },
          },
        },
        {
          StartAt: 'ParkOrFail',
          States: {
            ParkOrFail: {
              Type: 'Task',
              Resource: WAIT_TOKEN,
              Parameters: { FunctionName: fn('notify'), Payload: { 'token.$': '$$.Task.Token', 'who.$': '$.who' } },
              End: true,
            },
          },
        },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Recovered' }],
      End: true,
    },
    Recovered: { Type: 'Pass', Parameters: { 'error.$': '$.error.Error' }, End: true },
  },
};

const crowd = {
  StartAt: 'Count',
  States: { Count: { Type: 'Task', Resource: INVOKE, Parameters: { FunctionName: fn('count'), 'Payload.$': '$' }, OutputPath: '$.Payload', End: true } },
};

const sleeper = {
  StartAt: 'Sleep',
  TimeoutSeconds: 31_536_000, // a year: would overflow a plain setTimeout
  States: { Sleep: { Type: 'Wait', SecondsPath: '$.seconds', Next: 'Until' }, Until: { Type: 'Wait', TimestampPath: '$.until', End: true } },
};

/** A first step that must not run again, then a send that fails until the operator mends it. */
const redrivable = {
  StartAt: 'Open',
  States: {
    Open: {
      Type: 'Task',
      Resource: INVOKE,
      Parameters: { FunctionName: fn('step'), Payload: { 'key.$': '$.key', step: 'open' } },
      ResultSelector: { 'opened.$': '$.Payload.n' },
      ResultPath: '$.open',
      Next: 'Send',
    },
    Send: {
      Type: 'Task',
      Resource: INVOKE,
      Parameters: { FunctionName: fn('step'), Payload: { 'key.$': '$.key', step: 'send', 'opened.$': '$.open.opened' } },
      Retry: [{ ErrorEquals: ['SesThrottled'], IntervalSeconds: 1, MaxAttempts: 2 }],
      OutputPath: '$.Payload',
      End: true,
    },
  },
};
let sendRefused = true;

class SesThrottled extends Error {
  override name = 'SesThrottled';
}
class MailboxFull extends Error {
  override name = 'MailboxFull';
}

const tokens = new Map<string, string>();
const calls = new Map<string, number>();
const events: LocalStepFunctionsEvent[] = [];
let local: LocalStepFunctions;
let sfn: SFNClient;
let inFlight = 0;
let mostInFlight = 0;
let letTheCrowdThrough = () => {};
const crowdGate = new Promise<void>((resolve) => (letTheCrowdThrough = resolve));

/**
 * The timers started through `setTimeout` while this file runs and not yet fired or cleared.
 * Not the process's count: test files share a worker, and another file's sockets may still hold
 * timers of their own while this one runs.
 */
const liveTimers = new Set<NodeJS.Timeout>();
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
const trackTimers = () => {
  const tracked = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer = realSetTimeout(
      (...given: unknown[]) => {
        liveTimers.delete(timer);
        callback(...given);
      },
      ms,
      ...args,
    );
    liveTimers.add(timer);
    return timer;
  };
  globalThis.setTimeout = Object.assign<typeof tracked, typeof setTimeout>(tracked, realSetTimeout);
  globalThis.clearTimeout = ((timer?: NodeJS.Timeout) => {
    if (timer) liveTimers.delete(timer);
    realClearTimeout(timer);
  }) as typeof clearTimeout;
};
const START = new Date('2027-01-11T09:00:00.000Z');
const clock = new VirtualClock(START);

/** Lets program time run until the probe finds what it looks for, then returns it. */
async function waitFor<T>(probe: () => T | undefined): Promise<T> {
  let found: T | undefined;
  await clock.run({ done: () => (found = probe()) !== undefined });
  if (found === undefined) throw new Error('nothing left to happen, and still not found');
  return found;
}

const describeExecution = (executionArn: string): Promise<DescribeExecutionOutput> => sfn.send(new DescribeExecutionCommand({ executionArn }));

const finished = async (executionArn: string): Promise<DescribeExecutionOutput> => {
  await waitFor(() => (local.listAll().find((e) => e.executionArn === executionArn)?.status === 'RUNNING' ? undefined : true));
  return describeExecution(executionArn);
};

async function start(machine: string, input: object, name?: string): Promise<string> {
  const out = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn(machine), input: JSON.stringify(input), name }));
  return out.executionArn!;
}

const errorName = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'no error',
    (e: Error) => e.name,
  );

const historyTypes = async (executionArn: string): Promise<string[]> =>
  (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events!.map((e) => e.type!);

beforeAll(async () => {
  trackTimers();
  local = await LocalStepFunctions.start({
    clock,
    seed: 7,
    // Only the function that hangs gives up soon: the crowd waits at its gate however long the machine takes to start it.
    functionTimeoutMs: { [fn('flaky')]: 200 },
    stateMachines: Object.entries({ pipeline, approval, flaky, chain, fanOut, crowd, sleeper, redrivable }).map(([name, definition]) => ({
      arn: machineArn(name),
      name,
      definition,
    })),
    handlers: {
      [fn('greet')]: async (e) => {
        const { who } = e as { who?: unknown };
        if (typeof who !== 'string') throw new TypeError('who is missing');
        return { text: `hello ${who}` };
      },
      [fn('shout')]: async (e) => (e as { text: string }).text.toUpperCase(),
      [fn('wrap')]: async (e) => ({ final: e }),
      [fn('notify')]: async (e) => {
        const { token, who } = e as { token: string; who: string };
        if (who === 'nobody') throw new MailboxFull('mailbox full');
        tokens.set(who, token);
        return { sent: true };
      },
      [fn('flaky')]: async (e) => {
        const { key, failTimes, fail, hang } = e as { key: string; failTimes: number; fail?: string; hang?: boolean };
        const n = (calls.get(key) ?? 0) + 1;
        calls.set(key, n);
        if (hang) return new Promise(() => {});
        if (fail) throw new MailboxFull(fail);
        if (n <= failTimes) throw new SesThrottled('slow down');
        return { sentOnAttempt: n };
      },
      [fn('step')]: async (e) => {
        const { key, step, opened } = e as { key: string; step: string; opened?: number };
        const n = (calls.get(`${key}/${step}`) ?? 0) + 1;
        calls.set(`${key}/${step}`, n);
        if (step === 'send' && sendRefused) throw Object.assign(new Error('the sender is not verified'), { name: 'MailNotSent' });
        return { n, opened };
      },
      [fn('count')]: async () => {
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await crowdGate;
        inFlight--;
        return { done: true };
      },
      [fn('chain')]: async (e) => {
        const child = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn('pipeline'), input: JSON.stringify(e) }));
        return { child: child.executionArn };
      },
    },
    onEvent: (e) => events.push(e),
  });
  sfn = new SFNClient({
    endpoint: local.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  await local?.stop();
  globalThis.setTimeout = realSetTimeout;
  globalThis.clearTimeout = realClearTimeout;
  sfn?.destroy();
});

describe('LocalStepFunctions facade', () => {
  it('runs lambda:invoke and Lambda-ARN tasks with ResultSelector/OutputPath; describe and history agree', async () => {
    const arn = await start('pipeline', { who: 'Ada' }, 'pipeline-1');
    expect(arn).toBe(`${PREFIX}:execution:pipeline:pipeline-1`);
    const d = await finished(arn);
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output!)).toEqual({
      final: { who: 'Ada', greeting: { text: 'hello Ada' }, shout: 'HELLO ADA' },
    });
    expect(d.startDate).toBeInstanceOf(Date);
    expect(d.stopDate!.getTime()).toBeGreaterThanOrEqual(d.startDate!.getTime());

    const types = await historyTypes(arn);
    expect(types).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(local.history(arn).map((e) => e.type)).toEqual(types);

    const page1 = await sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 5 }));
    const page2 = await sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 100, nextToken: page1.nextToken }));
    expect([...page1.events!, ...page2.events!].map((e) => e.id)).toEqual(types.map((_, i) => i + 1));
    const last = page2.events!.at(-1)!;
    expect(last.executionSucceededEventDetails!.output).toBe(d.output);
    expect(last.timestamp).toBeInstanceOf(Date);

    const scheduled = page1.events!.find((e) => e.type === 'TaskScheduled')!.taskScheduledEventDetails!;
    expect(scheduled).toMatchObject({ resourceType: 'lambda', resource: 'invoke', region: 'us-east-1' });
    expect(JSON.parse(scheduled.parameters!)).toEqual({ FunctionName: fn('greet'), Payload: { who: 'Ada' } });

    const reversed = await sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, reverseOrder: true, includeExecutionData: false }));
    expect(reversed.events![0]!.type).toBe('ExecutionSucceeded');
    expect(reversed.events![0]!.executionSucceededEventDetails!.output).toBeUndefined();
    expect(reversed.events!.at(-1)!.executionStartedEventDetails!.roleArn).toMatch(/^arn:aws:iam::123456789012:role\//);

    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machineArn('pipeline'), statusFilter: 'SUCCEEDED' }));
    expect(listed.executions!.map((e) => e.executionArn)).toContain(arn);
    const machines = await sfn.send(new ListStateMachinesCommand({}));
    expect(machines.stateMachines!.map((m) => m.name)).toContain('approval');
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn('approval') }));
    expect(JSON.parse(described.definition!)).toEqual(approval); // unadapted
    expect(described.status).toBe('ACTIVE');

    expect(events.filter((e) => e.executionArn === arn).map((e) => e.type)).toEqual(types);
    expect(events.find((e) => e.type === 'TaskStateEntered')).toMatchObject({ stateName: 'Greet' });
  });

  it('parks waitForTaskToken tasks until SendTaskSuccess; a reused token gets TaskTimedOut', async () => {
    const arn = await start('approval', { who: 'grace', timeoutSeconds: 30 });
    const token = await waitFor(() => tokens.get('grace'));
    expect(token.length).toBeLessThanOrEqual(2048);
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    expect((await describeExecution(arn)).status).toBe('RUNNING');

    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ accepted: true }) }));
    const d = await finished(arn);
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output!)).toEqual({ outcome: 'approved', decision: { accepted: true } });

    expect(await errorName(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })))).toBe('TaskTimedOut');
    expect(await errorName(sfn.send(new SendTaskHeartbeatCommand({ taskToken: token })))).toBe('TaskTimedOut');
    expect(await errorName(sfn.send(new SendTaskSuccessCommand({ taskToken: 'not a token', output: '{}' })))).toBe('InvalidToken');
    const unknown = `${'A'.repeat(43)}.zz`;
    expect(await errorName(sfn.send(new SendTaskFailureCommand({ taskToken: unknown, error: 'x' })))).toBe('TaskDoesNotExist');

    const types = await historyTypes(arn);
    expect(types.slice(1, 7)).toEqual(['TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'TaskStateExited']);
    const scheduled = local.history(arn).find((e) => e.type === 'TaskScheduled')!.taskScheduledEventDetails!;
    expect(scheduled.resource).toBe('invoke.waitForTaskToken');
    expect(scheduled.timeoutInSeconds).toBe(30);
    expect(JSON.parse(scheduled.parameters!).Payload.token).toBe(token);
  });

  it('times out a token task after a fractional TimeoutSecondsPath into the States.Timeout catcher, at that instant of program time', async () => {
    const arn = await start('approval', { who: 'linus', timeoutSeconds: 0.05 });
    const token = await waitFor(() => tokens.get('linus'));
    const d = await finished(arn);
    expect(d.stopDate!.getTime() - d.startDate!.getTime()).toBe(50);
    expect(JSON.parse(d.output!)).toEqual({ outcome: 'timedOut' });
    expect(await historyTypes(arn)).toContain('TaskTimedOut');
    expect(await errorName(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })))).toBe('TaskTimedOut');
  });

  it('waits in Wait states on program time: an hour, then until an instant weeks later, without a wall-clock wait', async () => {
    const until = new Date(clock.now().getTime() + 40 * 86_400_000);
    const arn = await start('sleeper', { seconds: 3600, until: until.toISOString() });
    const d = await finished(arn);
    expect(d.status).toBe('SUCCEEDED');
    expect(d.stopDate!.getTime()).toBe(until.getTime());
    const entered = local
      .history(arn)
      .filter((e) => e.type === 'WaitStateExited')
      .map((e) => e.timestamp!.getTime());
    expect(entered).toEqual([d.startDate!.getTime() + 3_600_000, until.getTime()]);
  });

  it('routes SendTaskFailure by its error name', async () => {
    const arn = await start('approval', { who: 'barbara', timeoutSeconds: 30 });
    const token = await waitFor(() => tokens.get('barbara'));
    await sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'Declined', cause: 'no time this year' }));
    const d = await finished(arn);
    expect(JSON.parse(d.output!)).toEqual({ outcome: 'declined', cause: 'no time this year' });
    const failed = local.history(arn).find((e) => e.type === 'TaskFailed')!;
    expect(failed.taskFailedEventDetails).toMatchObject({ error: 'Declined', cause: 'no time this year' });
  });

  it('retries and catches handler errors by their name; timeouts skip States.TaskFailed', async () => {
    const base = { fn: fn('flaky'), timeoutSeconds: 5 };
    const recovered = await start('flaky', { ...base, key: 'recovers', failTimes: 2 });
    expect(JSON.parse((await finished(recovered)).output!)).toEqual({ sentOnAttempt: 3 });
    expect(calls.get('recovers')).toBe(3);

    const throttled = await start('flaky', { ...base, key: 'always', failTimes: 99 });
    expect(JSON.parse((await finished(throttled)).output!)).toEqual({
      branch: 'Throttled',
      error: { Error: 'SesThrottled', Cause: 'slow down' },
    });
    expect(calls.get('always')).toBe(3);
    expect((await historyTypes(throttled)).filter((t) => t === 'TaskFailed')).toHaveLength(3);

    const other = await start('flaky', { ...base, key: 'other', failTimes: 0, fail: 'full' });
    expect(JSON.parse((await finished(other)).output!)).toMatchObject({ branch: 'TaskFailed', error: { Error: 'MailboxFull' } });

    const missing = await start('flaky', { ...base, fn: fn('nope'), key: 'missing', failTimes: 0 });
    expect(JSON.parse((await finished(missing)).output!)).toMatchObject({
      branch: 'TaskFailed',
      error: { Error: 'Lambda.ResourceNotFoundException' },
    });

    // Program time stands still while a handler runs, so a hung one fails as a timed-out Lambda function would.
    const hung = await start('flaky', { ...base, timeoutSeconds: 0.02, key: 'hung', failTimes: 0, hang: true });
    expect(JSON.parse((await finished(hung)).output!)).toMatchObject({ branch: 'TaskFailed', error: { Error: 'Sandbox.Timedout' } });

    const bad = await start('flaky', { ...base, timeoutSeconds: 'soon', key: 'bad', failTimes: 0 });
    expect(await finished(bad)).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it('RedriveExecution goes on from the step that failed, with its input, under the same name and history; the steps that finished do not run again', async () => {
    const arn = await start('redrivable', { key: 'redrive' }, 'redrive-1');
    expect(await finished(arn)).toMatchObject({ status: 'FAILED', error: 'MailNotSent' });
    expect(await errorName(sfn.send(new RedriveExecutionCommand({ executionArn: `${PREFIX}:execution:redrivable:nope` })))).toBe('ExecutionDoesNotExist');

    sendRefused = false;
    const redriven = await sfn.send(new RedriveExecutionCommand({ executionArn: arn }));
    expect(redriven.redriveDate).toBeInstanceOf(Date);
    const d = await finished(arn);
    expect(d).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    // The send got the first step's result from the state input it had when it failed.
    expect(JSON.parse(d.output!)).toEqual({ n: 2, opened: 1 });
    expect(calls.get('redrive/open')).toBe(1);
    expect(calls.get('redrive/send')).toBe(2);
    const types = await historyTypes(arn);
    expect(types.slice(types.indexOf('ExecutionFailed'))).toEqual([
      'ExecutionFailed',
      'ExecutionRedriven',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(types.filter((t) => t === 'ExecutionStarted')).toHaveLength(1);
    // A succeeded execution is not redriven.
    expect(await errorName(sfn.send(new RedriveExecutionCommand({ executionArn: arn })))).toBe('ExecutionNotRedrivable');
  });

  it('RedriveExecution refuses a running execution, and one closed more than 14 days ago', async () => {
    sendRefused = true;
    const arn = await start('redrivable', { key: 'late' }, 'redrive-late');
    expect(await finished(arn)).toMatchObject({ status: 'FAILED' });
    const running = await start('approval', { who: 'grace', timeoutSeconds: 30 * 86_400 });
    await waitFor(() => tokens.get('grace'));
    expect(await errorName(sfn.send(new RedriveExecutionCommand({ executionArn: running })))).toBe('ExecutionNotRedrivable');
    await clock.run({ until: new Date(clock.nowEpochMs() + 15 * 86_400_000) });
    sendRefused = false;
    expect(await errorName(sfn.send(new RedriveExecutionCommand({ executionArn: arn })))).toBe('ExecutionNotRedrivable');
    expect(calls.get('late/send')).toBe(1);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: tokens.get('grace')!, output: '{}' }));
    await finished(running);
  });

  it('is idempotent for a running execution with the same name and input, then ExecutionAlreadyExists', async () => {
    const input = { who: 'katherine', timeoutSeconds: 30 };
    const first = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn('approval'), name: 'dup', input: JSON.stringify(input) }));
    const again = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn('approval'), name: 'dup', input: JSON.stringify(input) }));
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate!.getTime()).toBe(first.startDate!.getTime());
    expect(await errorName(start('approval', { ...input, who: 'someone else' }, 'dup'))).toBe('ExecutionAlreadyExists');

    const token = await waitFor(() => tokens.get('katherine'));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '"ok"' }));
    await finished(first.executionArn!);
    expect(await errorName(start('approval', input, 'dup'))).toBe('ExecutionAlreadyExists');

    expect(await errorName(start('missing', {}))).toBe('StateMachineDoesNotExist');
    expect(await errorName(sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn('approval'), input: '{oops' })))).toBe('InvalidExecutionInput');
    expect(await errorName(describeExecution(`${PREFIX}:execution:approval:ghost`))).toBe('ExecutionDoesNotExist');
  });

  it('lets a task start another execution through the facade; settling waits for both', async () => {
    const parent = await start('chain', { who: 'Alan' });
    await clock.settle();
    const d = await describeExecution(parent);
    expect(d.status).toBe('SUCCEEDED');
    const child = JSON.parse(d.output!).child as string;
    expect(child).toMatch(/:execution:pipeline:/);
    expect((await describeExecution(child)).status).toBe('SUCCEEDED');
    expect(local.listAll().find((e) => e.executionArn === child)).toMatchObject({ arn: child, status: 'SUCCEEDED' });
  });

  it('runs at most 16 handlers at once, as a Lambda concurrency limit; the others wait their turn while program time stands still', async () => {
    const startedAt = clock.nowEpochMs();
    const arns = await Promise.all(Array.from({ length: 60 }, (_, i) => start('crowd', {}, `crowd-${i}`)));
    while (inFlight < 16) await new Promise((r) => setImmediate(r));
    expect(inFlight).toBe(16);
    letTheCrowdThrough();
    await clock.settle();
    expect(mostInFlight).toBe(16);
    for (const arn of arns) expect(await describeExecution(arn)).toMatchObject({ status: 'SUCCEEDED' });
    expect(clock.nowEpochMs()).toBe(startedAt);
  });

  it('runs Map and Parallel, closing a parked sibling when its branch fails', async () => {
    const ok = await start('fanOut', { mentees: [{ who: 'a' }, { who: 'b' }], who: 'fan' });
    const token = await waitFor(() => tokens.get('fan'));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"done":true}' }));
    const d = await finished(ok);
    expect(JSON.parse(d.output!)).toEqual([['hello a', 'hello b'], { done: true }]);
    const types = await historyTypes(ok);
    for (const t of ['ParallelStateEntered', 'MapStateEntered', 'MapIterationStarted', 'MapIterationSucceeded', 'ParallelStateExited']) {
      expect(types).toContain(t);
    }
    expect(types.filter((t) => t === 'TaskScheduled')).toHaveLength(3);

    // A Map item whose greet throws fails that branch; the other branch's parked token must close.
    const parkedBefore = local.openTaskCount;
    const failing = await start('fanOut', { mentees: [{ who: 'x' }, { nope: true }], who: 'fan2' });
    const token2 = await waitFor(() => tokens.get('fan2'));
    expect(JSON.parse((await finished(failing)).output!)).toEqual({ error: 'TypeError' });
    await waitFor(() => (local.openTaskCount === parkedBefore ? true : undefined));
    expect(await errorName(sfn.send(new SendTaskSuccessCommand({ taskToken: token2, output: '{}' })))).toBe('TaskTimedOut');
    expect(await historyTypes(failing)).toContain('ParallelStateFailed');
  });

  it('StopExecution aborts and closes the parked token', async () => {
    const arn = await start('approval', { who: 'ada-stop', timeoutSeconds: 30 });
    const token = await waitFor(() => tokens.get('ada-stop'));
    const stopped = await sfn.send(new StopExecutionCommand({ executionArn: arn, error: 'Cancelled', cause: 'by test' }));
    expect(stopped.stopDate).toBeInstanceOf(Date);
    expect(await describeExecution(arn)).toMatchObject({ status: 'ABORTED', error: 'Cancelled', cause: 'by test' });
    expect(await errorName(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })))).toBe('TaskTimedOut');
    await waitFor(() => (local.history(arn).at(-1)?.type === 'ExecutionAborted' ? true : undefined));
    expect(local.history(arn).at(-1)!.executionAbortedEventDetails).toEqual({ error: 'Cancelled', cause: 'by test' });
  });

  it('answers clients in its own process without a socket, reading each request as the SDK sends it, with no warning printed', async () => {
    const inProcess = new SFNClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestHandler: local.requestHandler,
    });
    const warn = vi.spyOn(console, 'warn');
    try {
      const { executionArn } = await inProcess.send(
        new StartExecutionCommand({ stateMachineArn: machineArn('pipeline'), name: 'in-process', input: JSON.stringify({ who: 'Ada' }) }),
      );
      expect((await finished(executionArn!)).status).toBe('SUCCEEDED');
      expect((await inProcess.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('SUCCEEDED');
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      inProcess.destroy();
    }
  });

  it('adaptForLocalEngine moves task timeouts into Parameters, including nested states', () => {
    const definition = {
      StartAt: 'Ask',
      TimeoutSeconds: 31_536_000,
      States: {
        Ask: { Type: 'Task', Resource: WAIT_TOKEN, Parameters: { FunctionName: 'f', Payload: {} }, TimeoutSecondsPath: '$.t', Next: 'Fan' },
        Fan: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Plain',
            States: { Plain: { Type: 'Task', Resource: fn('x'), InputPath: '$.item', TimeoutSeconds: 2, End: true } },
          },
          Next: 'Branches',
        },
        Branches: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'Untimed', States: { Untimed: { Type: 'Task', Resource: INVOKE, Parameters: { FunctionName: 'g' }, End: true } } }],
          End: true,
        },
      },
    };
    const snapshot = structuredClone(definition);
    const adapted = adaptForLocalEngine(definition) as typeof definition & Record<string, unknown>;
    expect(definition).toEqual(snapshot);
    expect(adapted).not.toHaveProperty('TimeoutSeconds');
    expect(adapted.States.Ask).toEqual({
      Type: 'Task',
      Resource: WAIT_TOKEN,
      Parameters: { FunctionName: 'f', Payload: {}, '__localTimeoutSeconds.$': '$.t' },
      TimeoutSeconds: 315_360_000,
      Next: 'Fan',
    });
    expect(adapted.States.Fan.ItemProcessor.States.Plain).toEqual({
      Type: 'Task',
      Resource: fn('x'),
      InputPath: '$.item',
      Parameters: { '__localInput.$': '$', __localTimeoutSeconds: 2 },
      TimeoutSeconds: 315_360_000,
      End: true,
    });
    expect(adapted.States.Branches.Branches[0]!.States.Untimed).toEqual({
      Type: 'Task',
      Resource: INVOKE,
      Parameters: { FunctionName: 'g' },
      TimeoutSeconds: 315_360_000,
      End: true,
    });
  });

  it('stop() aborts everything, leaves no parked task or timer, and is idempotent', async () => {
    const parked = await start('approval', { who: 'last', timeoutSeconds: 3600 });
    const sleeping = await start('sleeper', { seconds: 3600, until: new Date(clock.now().getTime() + 86_400_000).toISOString() });
    await waitFor(() => tokens.get('last'));
    expect(local.openTaskCount).toBeGreaterThan(0);

    await Promise.all([local.stop(), local.stop()]);
    await local.stop();
    expect(local.openTaskCount).toBe(0);
    const all = local.listAll();
    expect(all.filter((e) => e.status === 'RUNNING')).toEqual([]);
    expect(all.find((e) => e.executionArn === parked)?.status).toBe('ABORTED');
    expect(all.find((e) => e.executionArn === sleeping)?.status).toBe('ABORTED');
    expect(local.history(sleeping).at(-1)!.type).toBe('ExecutionAborted');
    await clock.settle();
    expect(clock.pendingEvents).toBe(0);
    expect(liveTimers.size).toBe(0);
    expect(await errorName(describeExecution(parked))).not.toBe('no error');
  });
});
