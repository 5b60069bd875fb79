import { createHmac } from 'node:crypto';
import { Agent } from 'node:http';
import { STATE_MACHINES } from '#domain/lifecycle/phases';
import { localStateMachineArn, renderLocalDefinitions } from '#workflows/render';
import { forgetClients, useEndpointSettings } from '#platform/aws';
import { useClock } from '#platform/clock';
import { useSeededIds } from '#platform/ids';
import { VirtualClock, type RunOptions, type RunResult } from './virtual-clock.ts';
import { LocalStepFunctions, type LocalStepFunctionsEvent } from './stepfunctions/index.ts';
import { startDynamoDb, useDynamoDb, type LocalDynamoDb } from './services/dynamodb.ts';
import { useMemoryTwin, type MemoryTwin } from '#adapters/store/twin';
import { onProgramTime, serveInProcess } from './services/loopback.ts';
import { UsageMeter, useMeter } from './metering/meter.ts';
import { meteredDynamoDb } from './metering/dynamodb.ts';
import { countProductLogs } from './metering/lambda.ts';
import { LOCAL_ACCESS_LOG_GROUP } from './metering/answer-pages.ts';
import { startLocalCloudWatch, usageTotals } from './metering/cloudwatch.ts';
import { startInbox, type LocalInbox } from './services/inbox.ts';
import { LOCAL_EVENT_BUS, startEventBus, type LocalEventBus } from './services/event-bus.ts';
import { startResponsePages, type LocalResponsePages } from './services/response-pages.ts';
import { localHandlers } from './handlers.ts';
import type { LocalHandler } from './stepfunctions/types.ts';
import { startDailyChecks, type DailyCheckRun } from './daily-checks.ts';
import { startDigests, type DigestRun } from './digests.ts';
import { deliverMailEvent, lastMessageTo, sesEvent, type SimulatedMailEvent } from './mail-events.ts';

export interface LocalRuntimeOptions {
  /** The program instant the run begins at: usually the cohort's start date. */
  programOrigin: Date;
  /** Ids, links and task tokens are drawn from it, so a run repeats exactly. */
  seed?: number;
  /** A DynamoDB Local already running (a test run shares one), for tables of this runtime's own. */
  dynamoDbEndpoint?: string;
  /**
   * `memory`: the store's in-memory twin instead of DynamoDB Local (no Java, no tables, no
   * requests), for runs whose subject is not the store.
   */
  store?: 'dynamodb' | 'memory';
  inboxPort?: number;
  responsePort?: number;
  onEvent?: (event: LocalStepFunctionsEvent) => void;
  /** Mocks that inject faults (the reliability tests): never set by `npm start`. */
  faults?: LocalFaults;
  /** Run the daily checks once a program day, as the schedule does on AWS (default true). */
  dailyChecks?: boolean;
  /** Send the coordinators' weekly digests when due, as the hourly schedule does on AWS (default true). */
  digests?: boolean;
}

/** Where a test may break things on purpose: around each handler, and between each client and its service. */
export interface LocalFaults {
  /** Wraps the handler of each workflow function (by its ARN). */
  handler?: (functionArn: string, handler: LocalHandler) => LocalHandler;
  /** The endpoint the product's clients use instead of a service's own, e.g. a proxy that throttles. */
  endpoint?: (service: 'dynamodb' | 'ses' | 'stepfunctions', endpoint: string) => Promise<string>;
}

export interface LocalRuntime {
  clock: VirtualClock;
  stepFunctions: LocalStepFunctions;
  inbox: LocalInbox;
  /** The program's event bus: every relationship event the run published. */
  eventBus: LocalEventBus;
  responsePages: LocalResponsePages;
  /** None on the store's in-memory twin. */
  dynamoDb?: LocalDynamoDb;
  /** The store's in-memory twin, when the runtime runs on it. */
  twin?: MemoryTwin;
  /** Each run of the daily checks so far, in order. */
  dailyChecks: DailyCheckRun[];
  /** Each run of the weekly digests' function so far, in order. */
  digests: DigestRun[];
  /** What the run used of each service, as CloudWatch would count it on AWS (the local CloudWatch answers from it). */
  meter: UsageMeter;
  /** What the run used, in all: the run record's usage. */
  usage(): ReturnType<typeof usageTotals>;
  /**
   * Lets program time move on, from event to event, until `done` holds (by default: no
   * execution is left running). Throws when executions still run but nothing can happen.
   */
  run(options?: RunOptions): Promise<Exclude<RunResult, 'stalled'>>;
  /** Waits until what was set going (a click, an enrolment) has been handled, without moving time. */
  settle(): Promise<void>;
  /**
   * SES reports a bounce or complaint for the last e-mail sent to `address`: the same event
   * EventBridge delivers on AWS, handled now by the same function.
   */
  simulateMailEvent(event: SimulatedMailEvent): ReturnType<typeof deliverMailEvent>;
  /** Any event, as EventBridge would hand it to the function that records bounces and complaints. */
  deliverMailEvent(event: unknown): ReturnType<typeof deliverMailEvent>;
  stop(): Promise<void>;
}

/** Executions that wait with nothing due: every wait has a timeout, so this is a defect to report. */
export class LocalRunStalled extends Error {
  constructor(waiting: string[]) {
    super(`The local run is stuck: ${waiting.length} execution(s) wait with nothing due (${waiting.slice(0, 5).join(', ')}${waiting.length > 5 ? ', …' : ''})`);
    this.name = 'LocalRunStalled';
  }
}

/** Environment the handlers and the CLI read, set before any AWS client is made. */
const ENV_KEYS = [
  'DYNAMODB_ENDPOINT',
  'MENTORING_TABLE',
  'RESPONSES_TABLE',
  'SES_ENDPOINT',
  'STEPFUNCTIONS_ENDPOINT',
  'EVENTBRIDGE_ENDPOINT',
  'EVENT_BUS_NAME',
  'STATE_MACHINE_ARNS',
  'RESPONSE_BASE_URL',
  'MAIL_FROM',
  'ERASURE_KEY',
  'CLOUDWATCH_ENDPOINT',
  'ANSWER_ACCESS_LOG_GROUP',
] as const;

/**
 * The key of this runtime's marks of forgotten addresses, drawn from its seed: its tables live
 * in memory with it, so there is nothing for a key to outlive, and a seeded run repeats exactly.
 */
const localErasureKey = (seed: number) => createHmac('sha256', 'mentoring-erasure-key').update(String(seed)).digest('hex');

/**
 * Everything the product needs, on loopback and with no AWS account: DynamoDB Local, the
 * local SES inbox, the Step Functions facade running the rendered definitions with the real
 * handlers, and the answer pages. `stop()` ends all of it, Java included.
 */
export const startLocalRuntime = async (options: LocalRuntimeOptions): Promise<LocalRuntime> => {
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const service of started.reverse()) await service.stop().catch(() => {});
    started.length = 0;
  };
  const previousEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  const restoreEnv = () => {
    for (const key of ENV_KEYS)
      if (previousEnv[key] === undefined) delete process.env[key];
      else process.env[key] = previousEnv[key];
  };
  try {
    const clock = new VirtualClock(options.programOrigin);
    const seed = options.seed ?? 0;
    const meter = new UsageMeter(() => clock.now());
    useMeter(meter);
    started.push({ stop: async () => useMeter(undefined) });
    const restoreLogs = countProductLogs();
    started.push({ stop: async () => restoreLogs() });
    const dynamoDb = options.store === 'memory' ? undefined : options.dynamoDbEndpoint ? await useDynamoDb(options.dynamoDbEndpoint) : await startDynamoDb();
    const twin = dynamoDb ? undefined : useMemoryTwin();
    started.push(dynamoDb ?? { stop: async () => twin?.backToDynamoDb() });
    const inbox = await startInbox(options.inboxPort, () => clock.begin());
    started.push(inbox);
    const responsePages = await startResponsePages(options.responsePort, () => clock.begin());
    started.push(responsePages);
    const definitions = renderLocalDefinitions();
    const stepFunctions = await LocalStepFunctions.start({
      stateMachines: STATE_MACHINES.map((kind) => ({ arn: localStateMachineArn(kind), name: `mentoring-${kind}`, definition: definitions[kind] })),
      handlers: Object.fromEntries(Object.entries(localHandlers()).map(([arn, handler]) => [arn, options.faults?.handler?.(arn, handler) ?? handler])),
      clock,
      seed,
      onEvent: options.onEvent,
    });
    started.push(stepFunctions);
    started.push(serveInProcess(stepFunctions.endpoint, stepFunctions.requestHandler));
    const eventBus = await startEventBus(() => clock.begin());
    started.push(eventBus);
    started.push(serveInProcess(eventBus.endpoint, eventBus.requestHandler));
    const cloudWatch = await startLocalCloudWatch(meter, stepFunctions, () => clock.begin());
    started.push({ stop: () => cloudWatch.close() });
    started.push(serveInProcess(cloudWatch.endpoint, cloudWatch.requestHandler));
    // DynamoDB Local is reached through a meter of the capacity each request consumes.
    const dynamoDbAgent = new Agent({ keepAlive: true, maxSockets: 64 });
    started.push({ stop: async () => dynamoDbAgent.destroy() });
    const toDynamoDb = meteredDynamoDb(dynamoDbAgent);

    const endpoint = options.faults?.endpoint ?? (async (_service, direct: string) => direct);
    Object.assign(process.env, {
      ...(dynamoDb && { DYNAMODB_ENDPOINT: await endpoint('dynamodb', dynamoDb.endpoint) }),
      SES_ENDPOINT: await endpoint('ses', inbox.endpoint),
      STEPFUNCTIONS_ENDPOINT: await endpoint('stepfunctions', stepFunctions.endpoint),
      EVENTBRIDGE_ENDPOINT: eventBus.endpoint,
      EVENT_BUS_NAME: LOCAL_EVENT_BUS,
      STATE_MACHINE_ARNS: JSON.stringify(Object.fromEntries(STATE_MACHINES.map((kind) => [kind, localStateMachineArn(kind)]))),
      RESPONSE_BASE_URL: responsePages.baseUrl,
      MAIL_FROM: process.env.MAIL_FROM ?? 'mentoring@example.org',
      ERASURE_KEY: localErasureKey(seed),
      CLOUDWATCH_ENDPOINT: cloudWatch.endpoint,
      ANSWER_ACCESS_LOG_GROUP: LOCAL_ACCESS_LOG_GROUP,
    });
    // Clients made from now on reach the loopback services; what a container keeps (clients, programs) is made anew.
    useEndpointSettings((endpoint, maxAttempts) =>
      dynamoDb && endpoint === process.env.DYNAMODB_ENDPOINT
        ? { ...onProgramTime(endpoint, maxAttempts), requestHandler: toDynamoDb }
        : onProgramTime(endpoint, maxAttempts),
    );
    forgetClients();
    useClock(clock);
    useSeededIds(seed);
    // Last in, first out: the checks stop before the services they use.
    const dailyChecks = options.dailyChecks === false ? undefined : startDailyChecks(clock);
    if (dailyChecks) started.push(dailyChecks);
    const digests = options.digests === false ? undefined : startDigests(clock);
    if (digests) started.push(digests);

    let stopping: Promise<void> | undefined;
    return {
      clock,
      stepFunctions,
      inbox,
      eventBus,
      responsePages,
      dynamoDb,
      twin,
      dailyChecks: dailyChecks?.runs ?? [],
      digests: digests?.runs ?? [],
      meter,
      usage: () => usageTotals(meter, stepFunctions, inbox.mail().length),
      run: async (runOptions = {}) => {
        const result = await clock.run({ done: () => stepFunctions.running === 0, ...runOptions });
        if (result !== 'stalled') return result;
        throw new LocalRunStalled(
          stepFunctions
            .listAll()
            .filter((e) => e.status === 'RUNNING')
            .map((e) => e.name),
        );
      },
      settle: () => clock.settle(),
      simulateMailEvent: (event) => clock.track(async () => deliverMailEvent(sesEvent(event, await lastMessageTo(inbox.mail(), event.address), clock.now()))),
      deliverMailEvent: (event) => clock.track(() => deliverMailEvent(event)),
      stop: () =>
        (stopping ??= (async () => {
          await stopAll();
          useClock(undefined);
          useSeededIds(undefined);
          restoreEnv();
          useEndpointSettings(undefined);
          forgetClients();
        })()),
    };
  } catch (error) {
    await stopAll();
    restoreEnv();
    useEndpointSettings(undefined);
    throw error;
  }
};
