import { STATE_MACHINES } from '#workflows/lifecycle';
import { localStateMachineArn, renderLocalDefinitions } from '#workflows/render';
import { forgetClients } from '#core/aws';
import { compressedClock, useClock, type Clock } from '#core/clock';
import { forgetPrograms } from '#core/store';
import { LocalStepFunctions, type LocalStepFunctionsEvent } from './stepfunctions/index.ts';
import { startDynamoDb, type LocalDynamoDb } from './services/dynamodb.ts';
import { startInbox, type LocalInbox } from './services/inbox.ts';
import { startResponsePages, type LocalResponsePages } from './services/response-pages.ts';
import { localHandlers } from './handlers.ts';

export interface LocalRuntimeOptions {
  /** The program instant the run begins at: usually the cohort's start date. */
  programOrigin: Date;
  /** Program days per wall-clock second. */
  daysPerSecond: number;
  inboxPort?: number;
  responsePort?: number;
  onEvent?: (event: LocalStepFunctionsEvent) => void;
}

export interface LocalRuntime {
  clock: Clock;
  stepFunctions: LocalStepFunctions;
  inbox: LocalInbox;
  responsePages: LocalResponsePages;
  dynamoDb: LocalDynamoDb;
  stop(): Promise<void>;
}

/** Environment the handlers and the CLI read, set before any AWS client is made. */
const ENV_KEYS = ['DYNAMODB_ENDPOINT', 'SES_ENDPOINT', 'STEPFUNCTIONS_ENDPOINT', 'STATE_MACHINE_ARNS', 'RESPONSE_BASE_URL', 'MAIL_FROM'] as const;

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
  try {
    const dynamoDb = await startDynamoDb();
    started.push(dynamoDb);
    const inbox = await startInbox(options.inboxPort);
    started.push(inbox);
    const responsePages = await startResponsePages(options.responsePort);
    started.push(responsePages);
    const definitions = renderLocalDefinitions();
    const stepFunctions = await LocalStepFunctions.start({
      stateMachines: STATE_MACHINES.map((kind) => ({ arn: localStateMachineArn(kind), name: `mentoring-${kind}`, definition: definitions[kind] })),
      handlers: localHandlers(),
      onEvent: options.onEvent,
    });
    started.push(stepFunctions);

    Object.assign(process.env, {
      DYNAMODB_ENDPOINT: dynamoDb.endpoint,
      SES_ENDPOINT: inbox.endpoint,
      STEPFUNCTIONS_ENDPOINT: stepFunctions.endpoint,
      STATE_MACHINE_ARNS: JSON.stringify(Object.fromEntries(STATE_MACHINES.map((kind) => [kind, localStateMachineArn(kind)]))),
      RESPONSE_BASE_URL: responsePages.baseUrl,
      MAIL_FROM: process.env.MAIL_FROM ?? 'mentoring@example.org',
    });
    forgetClients();
    forgetPrograms();
    const clock = compressedClock({ programOrigin: options.programOrigin, wallOrigin: new Date(), speed: options.daysPerSecond * 86_400 });
    useClock(clock);

    let stopping: Promise<void> | undefined;
    return {
      clock,
      stepFunctions,
      inbox,
      responsePages,
      dynamoDb,
      stop: () =>
        (stopping ??= (async () => {
          await stopAll();
          useClock(undefined);
          for (const key of ENV_KEYS) if (previousEnv[key] === undefined) delete process.env[key];
          else process.env[key] = previousEnv[key];
          forgetClients();
        })()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
};
