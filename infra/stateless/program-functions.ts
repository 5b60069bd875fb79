import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, ParamsAndSecretsLayerVersion, ParamsAndSecretsVersions, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { WORKFLOW_HANDLERS, type WorkflowHandler } from '#workflows/handlers';
import { HANDLER_BUNDLING } from './bundling.ts';
import { FUNCTION_ACCESS } from './function-access.ts';
import { FUNCTION_MEMORY_MB } from '#domain/operator/deployment';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const LOG_RETENTION = RetentionDays.SIX_MONTHS;

export interface ProgramFunctions {
  functions: Record<WorkflowHandler, NodejsFunction>;
  /** The answer pages' function. */
  respond: NodejsFunction;
  /** Records the bounces and complaints SES reports through EventBridge (mail-events.ts). */
  recordMailEvent: NodejsFunction;
}

/** What every function may read from its environment (see functions/platform/environment.ts). */
export interface FunctionSettings {
  MENTORING_TABLE: string;
  RESPONSES_TABLE: string;
  MAIL_FROM: string;
  SES_CONFIGURATION_SET: string;
  STATE_MACHINE_ARNS: string;
  /** For the functions that send e-mail: every send checks the mark of a forgotten address. */
  ERASURE_KEY_SECRET_ARN: string;
  /** For the functions that publish relationship events. */
  EVENT_BUS_NAME: string;
}

/**
 * AWS's Parameters and Secrets extension: a function reads the erasure key on loopback, once per
 * container (the extension caches it too), without an SDK client in its bundle.
 */
const SECRETS_EXTENSION = ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103);

/** One function with its own role and log group, bundled as ESM for Node 22; a workflow step's 30 s unless said otherwise. */
export const handler = (
  scope: Construct,
  id: string,
  prefix: string,
  file: string,
  environment: Record<string, string>,
  { timeout = Duration.seconds(30), description = file } = {},
): NodejsFunction => {
  // A scheduled function's file sits in functions/scheduled/; its name is the file's alone.
  const functionName = `${prefix}-${basename(file)}`;
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    logGroupName: `/aws/lambda/${functionName}`,
    retention: LOG_RETENTION,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  // An own role instead of AWSLambdaBasicExecutionRole: it may write to this log group only.
  const role = new Role(scope, `${id}Role`, {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: `Runs ${functionName}`,
  });
  logGroup.grantWrite(role);
  return new NodejsFunction(scope, id, {
    functionName,
    description: `Mentoring program ${prefix}: ${description}`,
    entry: join(ROOT, 'functions', `${file}.ts`),
    handler: 'handler',
    projectRoot: ROOT,
    depsLockFilePath: join(ROOT, 'package-lock.json'),
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    memorySize: FUNCTION_MEMORY_MB,
    timeout,
    tracing: Tracing.ACTIVE,
    role,
    logGroup,
    // Readable stack traces from the minified bundle.
    environment: { ...environment, NODE_OPTIONS: '--enable-source-maps' },
    ...(environment.ERASURE_KEY_SECRET_ARN ? { paramsAndSecrets: SECRETS_EXTENSION } : {}),
    bundling: HANDLER_BUNDLING,
  });
};

/**
 * One function per workflow step, the answer pages' function and the one that records bounces
 * and complaints, each with its own role, log group and only the settings it reads.
 */
export const createFunctions = (scope: Construct, prefix: string, environment: FunctionSettings, responseBaseUrl: string): ProgramFunctions => {
  const { ERASURE_KEY_SECRET_ARN, EVENT_BUS_NAME, ...withoutKey } = environment;
  const functions = Object.fromEntries(
    (Object.entries(WORKFLOW_HANDLERS) as [WorkflowHandler, string][]).map(([key, file]) => [
      key,
      handler(scope, key, prefix, file, {
        ...withoutKey,
        // Letters carry answer links; Respond must not know the API (it is the API's target). Senders check marks.
        ...(FUNCTION_ACCESS[key].mail ? { RESPONSE_BASE_URL: responseBaseUrl, ERASURE_KEY_SECRET_ARN } : {}),
        ...(FUNCTION_ACCESS[key].events ? { EVENT_BUS_NAME } : {}),
      }),
    ]),
  ) as Record<WorkflowHandler, NodejsFunction>;
  // STATE_MACHINE_ARNS: an answer to end a relationship starts its conclusion.
  const respond = handler(scope, 'Respond', prefix, 'respond', {
    RESPONSES_TABLE: environment.RESPONSES_TABLE,
    STATE_MACHINE_ARNS: environment.STATE_MACHINE_ARNS,
  });
  // Writes to coordinators, whose letters carry no answer links.
  const recordMailEvent = handler(
    scope,
    'RecordMailEvent',
    prefix,
    'record-mail-event',
    {
      MENTORING_TABLE: environment.MENTORING_TABLE,
      RESPONSES_TABLE: environment.RESPONSES_TABLE,
      MAIL_FROM: environment.MAIL_FROM,
      SES_CONFIGURATION_SET: environment.SES_CONFIGURATION_SET,
      ERASURE_KEY_SECRET_ARN,
      EVENT_BUS_NAME,
    },
    { description: 'records a bounce or complaint and tells the coordinators' },
  );
  return { functions, respond, recordMailEvent };
};
