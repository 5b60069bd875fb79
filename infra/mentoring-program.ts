import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArnFormat, Duration, RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, BillingMode, Table, type CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, type CfnStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { MENTORING_TABLE, RESPONSES_TABLE } from '#adapters/store/tables';
import { buildPhaseChains, PHASE_MACHINES } from '#workflows/definitions';
import { WORKFLOW_HANDLERS, type WorkflowFunctions, type WorkflowHandler } from '#workflows/handlers';
import { STATE_MACHINES, type StateMachineKind } from '#domain/lifecycle/phases';
import { HANDLER_BUNDLING } from './bundling.ts';
import { Mail } from './mail.ts';
import { Operations } from './operations.ts';

export interface MentoringProgramProps {
  /** Names every resource: tables `${prefix}` and `${prefix}-responses`, functions and machines `${prefix}-…`. */
  prefix: string;
  senderAddress: string;
  alarmEmail?: string;
  /** Create the SES domain identity of the sender's domain. */
  createIdentity?: boolean;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Handlers that send e-mail (recording an answer may alert the coordinator or tell the pair). */
const MAILERS: readonly WorkflowHandler[] = ['askParticipants', 'recordAnswer', 'sendMeetingReminder', 'sendLetters', 'closeRelationship', 'endWithoutBlame'];
/** Handlers that keep questions and links in the responses table. */
const QUESTIONERS: readonly WorkflowHandler[] = ['askParticipants', 'recordAnswer', 'sendLetters', 'endWithoutBlame'];
/** Handlers that start phases, and those that stop a relationship's running executions. */
const STARTERS: readonly WorkflowHandler[] = ['startNextPhase', 'resumeRelationship'];
const STOPPERS: readonly WorkflowHandler[] = ['closeRelationship', 'endWithoutBlame'];

const LOG_RETENTION = RetentionDays.SIX_MONTHS;

/**
 * One mentoring program in an AWS account: the tables, the handlers, the lifecycle state
 * machines, the public answer pages, e-mail sending and its monitoring.
 */
export class MentoringProgram extends Construct {
  readonly table: Table;
  readonly responsesTable: Table;
  readonly functions: WorkflowFunctions;
  readonly respond: NodejsFunction;
  readonly stateMachines: Record<StateMachineKind, StateMachine>;
  readonly api: HttpApi;
  /** Where answer links point, without a trailing slash. */
  readonly responseBaseUrl: string;
  readonly mail: Mail;
  readonly operations: Operations;
  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: MentoringProgramProps) {
    super(scope, id);
    const { prefix } = props;
    this.prefix = prefix;
    const stack = Stack.of(this);

    // Data: the relationships live here for a year or more. Deploys and stack deletion must never take them.
    const tableBasics = {
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    };
    this.table = new Table(this, 'Table', {
      ...tableBasics,
      tableName: prefix,
      partitionKey: { name: MENTORING_TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: MENTORING_TABLE.sortKey, type: AttributeType.STRING },
    });
    this.table.addGlobalSecondaryIndex({
      indexName: MENTORING_TABLE.byOwnerIndex.name,
      partitionKey: { name: MENTORING_TABLE.byOwnerIndex.partitionKey, type: AttributeType.STRING },
      sortKey: { name: MENTORING_TABLE.byOwnerIndex.sortKey, type: AttributeType.STRING },
    });
    this.responsesTable = new Table(this, 'ResponsesTable', {
      ...tableBasics,
      tableName: `${prefix}-responses`,
      partitionKey: { name: RESPONSES_TABLE.partitionKey, type: AttributeType.STRING },
      timeToLiveAttribute: RESPONSES_TABLE.timeToLiveAttribute,
    });
    // Fixed logical ids: moving the construct must not make CloudFormation replace a table.
    (this.table.node.defaultChild as CfnTable).overrideLogicalId('MentoringTable');
    (this.responsesTable.node.defaultChild as CfnTable).overrideLogicalId('ResponsesTable');

    this.mail = new Mail(this, 'Mail', { prefix, senderAddress: props.senderAddress, createIdentity: props.createIdentity ?? false });

    // Built from the fixed names, not the StateMachine objects: the machines depend on the functions.
    const machineArn = (kind: StateMachineKind) =>
      stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: `${prefix}-${kind}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const machineArns = STATE_MACHINES.map(machineArn);
    const executionArns = STATE_MACHINES.map((kind) =>
      stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${prefix}-${kind}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    );

    this.api = new HttpApi(this, 'ResponseApi', {
      apiName: `${prefix}-responses`,
      description: 'Public answer pages behind the links in check-in e-mails',
      createDefaultStage: false,
    });
    this.responseBaseUrl = this.api.apiEndpoint;

    const environment = {
      MENTORING_TABLE: this.table.tableName,
      RESPONSES_TABLE: this.responsesTable.tableName,
      MAIL_FROM: props.senderAddress,
      SES_CONFIGURATION_SET: this.mail.configurationSetName,
      STATE_MACHINE_ARNS: stack.toJsonString(Object.fromEntries(STATE_MACHINES.map((kind) => [kind, machineArn(kind)]))),
    };

    this.functions = Object.fromEntries(
      (Object.entries(WORKFLOW_HANDLERS) as [WorkflowHandler, string][]).map(([key, file]) => [
        key,
        this.handler(key, prefix, file, {
          ...environment,
          // Letters carry answer links; Respond must not know the API (it is the API's target).
          ...(MAILERS.includes(key) ? { RESPONSE_BASE_URL: this.responseBaseUrl } : {}),
        }),
      ]),
    ) as Record<WorkflowHandler, NodejsFunction>;
    // STATE_MACHINE_ARNS: an answer to end a relationship starts its conclusion.
    this.respond = this.handler('Respond', prefix, 'respond', {
      RESPONSES_TABLE: this.responsesTable.tableName,
      STATE_MACHINE_ARNS: environment.STATE_MACHINE_ARNS,
    });

    this.grantPermissions(machineArns, executionArns);

    new HttpStage(this, 'ResponseApiStage', {
      httpApi: this.api,
      autoDeploy: true,
      // Generous for people clicking links, tight enough to cap the cost of abuse.
      throttle: { burstLimit: 50, rateLimit: 20 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(
          new LogGroup(this, 'ResponseApiAccessLogs', { retention: LOG_RETENTION, removalPolicy: RemovalPolicy.DESTROY }),
        ),
        // The route key, never the path: the path holds the link id, which is a bearer secret.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latency: '$context.responseLatency',
            integrationStatus: '$context.integrationStatus',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    this.api.addRoutes({
      path: '/r/{linkId}',
      // Every method reaches the page, which answers anything but GET, HEAD and POST with 405.
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration('Respond', this.respond),
    });

    const chains = buildPhaseChains(this, this.functions);
    this.stateMachines = Object.fromEntries(
      STATE_MACHINES.map((kind) => {
        const machine = new StateMachine(this, kind, {
          stateMachineName: `${prefix}-${kind}`,
          definitionBody: DefinitionBody.fromChainable(chains[kind]),
          timeout: PHASE_MACHINES[kind].timeout,
          comment: PHASE_MACHINES[kind].description,
          logs: {
            // The vended-logs prefix keeps the account's log resource policy small.
            destination: new LogGroup(this, `${kind}Logs`, {
              logGroupName: `/aws/vendedlogs/states/${prefix}-${kind}`,
              retention: LOG_RETENTION,
              removalPolicy: RemovalPolicy.DESTROY,
            }),
            level: LogLevel.ALL,
            // Task tokens and answers pass through the state; they stay out of the logs.
            includeExecutionData: false,
          },
          tracingEnabled: true,
        });
        // Replacing a machine would stop every running relationship in it.
        (machine.node.defaultChild as CfnStateMachine).overrideLogicalId(`${kind}StateMachine`);
        return [kind, machine];
      }),
    ) as Record<StateMachineKind, StateMachine>;

    this.operations = new Operations(this, 'Operations', {
      prefix,
      ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
      stateMachines: this.stateMachines,
      functions: {
        ...Object.fromEntries(Object.entries(WORKFLOW_HANDLERS).map(([key, file]) => [file, this.functions[key as WorkflowHandler]])),
        respond: this.respond,
      },
      answerPages: this.api,
      mail: this.mail,
    });

    this.acknowledgeFindings();
  }

  /** One function with its own role and log group, bundled as ESM for Node 22. */
  private handler(id: string, prefix: string, file: string, environment: Record<string, string>): NodejsFunction {
    const functionName = `${prefix}-${file}`;
    const logGroup = new LogGroup(this, `${id}Logs`, {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An own role instead of AWSLambdaBasicExecutionRole: it may write to this log group only.
    const role = new Role(this, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${functionName}`,
    });
    logGroup.grantWrite(role);
    return new NodejsFunction(this, id, {
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
  }

  private grantPermissions(machineArns: string[], executionArns: string[]): void {
    const fn = this.functions as Record<WorkflowHandler, NodejsFunction>;
    const mainTableStatement = new PolicyStatement({
      // Every item access the store makes, transactions included; no Scan.
      actions: [
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:ConditionCheckItem',
      ],
      resources: [this.table.tableArn, `${this.table.tableArn}/index/${MENTORING_TABLE.byOwnerIndex.name}`],
    });
    const questionsStatement = new PolicyStatement({
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      resources: [this.responsesTable.tableArn],
    });
    for (const key of Object.keys(WORKFLOW_HANDLERS) as WorkflowHandler[]) {
      fn[key].addToRolePolicy(mainTableStatement);
      if (QUESTIONERS.includes(key)) fn[key].addToRolePolicy(questionsStatement);
      if (MAILERS.includes(key)) this.mail.grantSend(fn[key].role!);
    }
    for (const key of STARTERS) fn[key].addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: machineArns }));
    for (const key of STOPPERS) fn[key].addToRolePolicy(new PolicyStatement({ actions: ['states:StopExecution'], resources: executionArns }));
    // An answer that arrived before the reminder resumes the execution at once.
    fn.askParticipants.addToRolePolicy(new PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: machineArns }));

    // The public function: read a link and its question, record the answer, resume the execution.
    this.respond.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resources: [this.responsesTable.tableArn] }));
    this.respond.addToRolePolicy(new PolicyStatement({ actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'], resources: machineArns }));
    // A participant's private request to end the relationship starts its conclusion, and nothing else.
    this.respond.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: [machineArns[STATE_MACHINES.indexOf('Conclusion')]!] }));
  }

  /** The cdk-nag findings that remain by design, each with its reason. */
  private acknowledgeFindings(): void {
    const stack = Stack.of(this);
    const logicalId = (construct: Construct) => stack.resolve((construct.node.defaultChild as CfnElement).logicalId) as string;

    for (const fn of [...Object.values(this.functions), this.respond]) {
      Validations.of(fn).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          'Node.js 22 is pinned on purpose: esbuild targets node22, so a newer runtime is a deliberate upgrade with its own bundle and test run, not a side effect of a deploy.',
      });
      Validations.of(fn.role!).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Active tracing: CDK grants xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions.',
      });
    }
    for (const machine of Object.values(this.stateMachines)) {
      Validations.of(machine).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'CDK grants the X-Ray actions for tracing and the logs:*LogDelivery / resource-policy actions for execution logging; none of them supports resource-level permissions.',
      });
      for (const fn of Object.values(this.functions)) {
        Validations.of(machine).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${logicalId(fn)}.Arn>:*]`,
          reason: "LambdaInvoke grants the function and its versions (ARN:*); it is one of this program's own functions.",
        });
      }
    }
    for (const key of STOPPERS)
      for (const kind of STATE_MACHINES)
        Validations.of(this.functions[key].role!).acknowledge({
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${this.prefix}-${kind}:*]`,
          reason:
            "StopExecution on this program's own executions: which relationship's run to stop is known only at run time, and execution ARNs are per name.",
        });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'The answer pages are public by design: participants open them from an e-mail without an account. Each link carries an unguessable id (144 random bits) that the function checks.',
    });
  }
}
