import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { MENTORING_TABLE } from '#adapters/store/tables';
import { WORKFLOW_HANDLERS, type WorkflowHandler } from '#workflows/handlers';
import { STATE_MACHINES } from '#domain/lifecycle/phases';
import { HANDLER_BUNDLING } from './bundling.ts';
import type { ProgramData } from './program-data.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Handlers that send e-mail (recording an answer may alert the coordinator or tell the pair). */
const MAILERS: readonly WorkflowHandler[] = ['askParticipants', 'recordAnswer', 'sendMeetingReminder', 'sendLetters', 'closeRelationship', 'endWithoutBlame'];
/** Handlers that keep questions and links in the responses table. */
const QUESTIONERS: readonly WorkflowHandler[] = ['askParticipants', 'recordAnswer', 'sendLetters', 'endWithoutBlame'];
/** Handlers that start phases, and those that stop a relationship's running executions. */
const STARTERS: readonly WorkflowHandler[] = ['startNextPhase', 'resumeRelationship'];
export const STOPPERS: readonly WorkflowHandler[] = ['closeRelationship', 'endWithoutBlame'];

export const LOG_RETENTION = RetentionDays.SIX_MONTHS;

export interface ProgramFunctions {
  functions: Record<WorkflowHandler, NodejsFunction>;
  /** The answer pages' function. */
  respond: NodejsFunction;
}

/** What every function may read from its environment (see functions/platform/environment.ts). */
export interface FunctionSettings {
  MENTORING_TABLE: string;
  RESPONSES_TABLE: string;
  MAIL_FROM: string;
  SES_CONFIGURATION_SET: string;
  STATE_MACHINE_ARNS: string;
}

/** One function with its own role and log group, bundled as ESM for Node 22. */
const handler = (scope: Construct, id: string, prefix: string, file: string, environment: Record<string, string>): NodejsFunction => {
  const functionName = `${prefix}-${file}`;
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
    description: `Mentoring program ${prefix}: ${file}`,
    entry: join(ROOT, 'functions', `${file}.ts`),
    handler: 'handler',
    projectRoot: ROOT,
    depsLockFilePath: join(ROOT, 'package-lock.json'),
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    memorySize: 512,
    timeout: Duration.seconds(30),
    tracing: Tracing.ACTIVE,
    role,
    logGroup,
    // Readable stack traces from the minified bundle.
    environment: { ...environment, NODE_OPTIONS: '--enable-source-maps' },
    bundling: HANDLER_BUNDLING,
  });
};

/**
 * One function per workflow step, and the answer pages' function, each with its own role,
 * log group and only the settings it reads.
 */
export const createFunctions = (scope: Construct, prefix: string, environment: FunctionSettings, responseBaseUrl: string): ProgramFunctions => {
  const functions = Object.fromEntries(
    (Object.entries(WORKFLOW_HANDLERS) as [WorkflowHandler, string][]).map(([key, file]) => [
      key,
      handler(scope, key, prefix, file, {
        ...environment,
        // Letters carry answer links; Respond must not know the API (it is the API's target).
        ...(MAILERS.includes(key) ? { RESPONSE_BASE_URL: responseBaseUrl } : {}),
      }),
    ]),
  ) as Record<WorkflowHandler, NodejsFunction>;
  // STATE_MACHINE_ARNS: an answer to end a relationship starts its conclusion.
  const respond = handler(scope, 'Respond', prefix, 'respond', {
    RESPONSES_TABLE: environment.RESPONSES_TABLE,
    STATE_MACHINE_ARNS: environment.STATE_MACHINE_ARNS,
  });
  return { functions, respond };
};

export const grantPermissions = (data: ProgramData, { functions, respond }: ProgramFunctions, machineArns: string[], executionArns: string[]): void => {
  const fn = functions;
  const mainTableStatement = new PolicyStatement({
    // Every item access the store makes, transactions included; no Scan.
    actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    resources: [data.table.tableArn, `${data.table.tableArn}/index/${MENTORING_TABLE.byOwnerIndex.name}`],
  });
  const questionsStatement = new PolicyStatement({
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    resources: [data.responsesTable.tableArn],
  });
  // Powertools' idempotency records of e-mail sends live in the responses table; a failed send deletes its own.
  const sendingStatement = new PolicyStatement({
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    resources: [data.responsesTable.tableArn],
  });
  for (const key of Object.keys(WORKFLOW_HANDLERS) as WorkflowHandler[]) {
    fn[key].addToRolePolicy(mainTableStatement);
    if (QUESTIONERS.includes(key)) fn[key].addToRolePolicy(questionsStatement);
    if (MAILERS.includes(key)) {
      data.mail.grantSend(fn[key].role!);
      fn[key].addToRolePolicy(sendingStatement);
    }
  }
  for (const key of STARTERS) fn[key].addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: machineArns }));
  for (const key of STOPPERS) fn[key].addToRolePolicy(new PolicyStatement({ actions: ['states:StopExecution'], resources: executionArns }));
  // An answer that arrived before the reminder resumes the execution at once.
  fn.askParticipants.addToRolePolicy(new PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: machineArns }));

  // The public function: read a link and its question, record the answer, resume the execution.
  respond.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resources: [data.responsesTable.tableArn] }));
  respond.addToRolePolicy(new PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: machineArns }));
  // A participant's private request to end the relationship starts its conclusion, and nothing else.
  respond.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: [machineArns[STATE_MACHINES.indexOf('Conclusion')]!] }));
};
