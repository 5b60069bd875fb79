import { Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { WORKFLOW_HANDLERS, type WorkflowFunctions, type WorkflowHandler } from '#workflows/handlers';
import { STATE_MACHINES, type StateMachineKind } from '#domain/lifecycle/phases';
import { createAnswerApi, serveAnswerPages, type AnswerEntry } from './stateless/answer-pages.ts';
import { createDailyChecks } from './stateless/daily-checks.ts';
import { Digests } from './stateless/digests.ts';
import { acknowledgeFindings } from './findings.ts';
import { grantFunctionAccess, machineArn } from './stateless/function-access.ts';
import { Mail } from './stateful/mail.ts';
import { ProgramEvents } from './stateful/events.ts';
import { MailEvents } from './stateless/mail-events.ts';
import { Operations } from './stateless/operations.ts';
import { OperatorPolicy } from './stateless/operator-policy.ts';
import { createPhaseMachines } from './stateless/phase-machines.ts';
import { createProgramData } from './stateful/program-data.ts';
import { createFunctions } from './stateless/program-functions.ts';
import { readAnswerEdge, type AnswerEdgeSettings } from './settings.ts';

export interface MentoringProgramProps {
  /** Names every resource: tables `${prefix}` and `${prefix}-responses`, functions and machines `${prefix}-…`. */
  prefix: string;
  senderAddress: string;
  alarmEmail?: string;
  /** Create the SES domain identity of the sender's domain. */
  createIdentity?: boolean;
  /** Where the answer pages are served and how they are guarded (default: the context's, see settings.ts). */
  answerEdge?: AnswerEdgeSettings;
  /** The sender's custom MAIL FROM domain (default `mail.<sender's domain>`). */
  mailFromDomain?: string;
  /** Where the suggested DMARC record asks for reports. */
  dmarcReportAddress?: string;
}

/**
 * One mentoring program in an AWS account: what holds data (stateful/: the tables, the erasure
 * key, the sender's identity and configuration set), and what any deploy may replace
 * (stateless/): the handlers (program-functions.ts), the lifecycle state machines
 * (phase-machines.ts), the public answer pages (answer-pages.ts), bounces and complaints
 * (mail-events.ts) and monitoring (operations.ts). All are built in this one scope, so every resource keeps the logical id it
 * was deployed with: a named function or machine whose id changed would be created anew beside
 * the old one and fail on its name.
 */
export class MentoringProgram extends Construct {
  readonly table: Table;
  readonly responsesTable: Table;
  readonly functions: WorkflowFunctions;
  readonly respond: NodejsFunction;
  readonly recordMailEvent: NodejsFunction;
  readonly stateMachines: Record<StateMachineKind, StateMachine>;
  /** The answer pages' REST API, and the HTTP API of links sent before it while it is kept. */
  readonly answerPages: AnswerEntry;
  /** Where answer links point, without a trailing slash. */
  readonly responseBaseUrl: string;
  readonly mail: Mail;
  readonly operations: Operations;
  /** Keys the marks of forgotten addresses; the CLI reads it too (forget, readmit, enrol). */
  readonly erasureKey: Secret;
  readonly mailEvents: MailEvents;
  /** The bus every relationship event goes out on, and the registry of their schemas. */
  readonly events: ProgramEvents;
  readonly operatorPolicy: OperatorPolicy;
  readonly digests: Digests;

  constructor(scope: Construct, id: string, props: MentoringProgramProps) {
    super(scope, id);
    const { prefix } = props;
    const stack = Stack.of(this);

    const data = createProgramData(this, {
      prefix,
      senderAddress: props.senderAddress,
      createIdentity: props.createIdentity ?? false,
      ...(props.mailFromDomain ? { mailFromDomain: props.mailFromDomain } : {}),
      ...(props.dmarcReportAddress ? { dmarcReportAddress: props.dmarcReportAddress } : {}),
    });
    this.table = data.table;
    this.responsesTable = data.responsesTable;
    this.mail = data.mail;
    this.erasureKey = data.erasureKey;
    this.events = new ProgramEvents(this, 'Events', { prefix });

    const answerEdge = props.answerEdge ?? readAnswerEdge(this.node);
    this.answerPages = createAnswerApi(this, prefix, answerEdge);
    this.responseBaseUrl = this.answerPages.baseUrl;

    const handlers = createFunctions(
      this,
      prefix,
      {
        MENTORING_TABLE: this.table.tableName,
        RESPONSES_TABLE: this.responsesTable.tableName,
        MAIL_FROM: props.senderAddress,
        SES_CONFIGURATION_SET: this.mail.configurationSetName,
        STATE_MACHINE_ARNS: stack.toJsonString(Object.fromEntries(STATE_MACHINES.map((kind) => [kind, machineArn(this, prefix, kind)]))),
        ERASURE_KEY_SECRET_ARN: data.erasureKey.secretArn,
        EVENT_BUS_NAME: this.events.bus.eventBusName,
      },
      this.responseBaseUrl,
    );
    this.functions = handlers.functions;
    this.respond = handlers.respond;
    this.recordMailEvent = handlers.recordMailEvent;
    // Each function only what its use cases call: the table in function-access.ts.
    grantFunctionAccess(
      { ...handlers.functions, respond: handlers.respond, recordMailEvent: handlers.recordMailEvent },
      { tables: { mentoring: data.table, responses: data.responsesTable }, mail: data.mail, erasureKey: data.erasureKey, eventBus: this.events.bus, prefix },
    );
    const answerPageErrors = serveAnswerPages(this, prefix, this.answerPages, this.respond, answerEdge.rateLimit);

    this.stateMachines = createPhaseMachines(this, prefix, this.functions);

    this.operations = new Operations(this, 'Operations', {
      prefix,
      ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
      stateMachines: this.stateMachines,
      functions: {
        ...Object.fromEntries(Object.entries(WORKFLOW_HANDLERS).map(([key, file]) => [file, this.functions[key as WorkflowHandler]])),
        respond: this.respond,
        'record-mail-event': this.recordMailEvent,
      },
      answerPageErrors,
      mail: this.mail,
    });

    createDailyChecks(this, { prefix, data, machineArn: (kind) => machineArn(this, prefix, kind), alarmTopic: this.operations.topic });
    this.digests = new Digests(this, 'Digests', {
      prefix,
      data,
      mail: this.mail,
      erasureKey: this.erasureKey,
      eventBus: this.events.bus,
      responseBaseUrl: this.responseBaseUrl,
      alarmTopic: this.operations.topic,
    });
    this.mailEvents = new MailEvents(this, 'MailEvents', { prefix, mail: this.mail, recordMailEvent: this.recordMailEvent, alarmTopic: this.operations.topic });

    this.operatorPolicy = new OperatorPolicy(this, 'OperatorPolicy', {
      prefix,
      tables: { mentoring: data.table, responses: data.responsesTable },
      machineArn: (kind) => machineArn(this, prefix, kind),
    });
    // enrol, forget and readmit mark and recognise forgotten addresses; forget takes their kept bounces out of the queue.
    this.operatorPolicy.allow('ReadErasureKey', ['secretsmanager:GetSecretValue'], [this.erasureKey.secretArn]);
    // resend sends a question's e-mail again, as the sender, through the program's configuration set.
    this.operatorPolicy.allowStatement(this.mail.sendStatement('SendAgain'), Mail.IDENTITY_WILDCARD);
    // forget publishes the early end of a relationship it stops; resume, when the pause's question is gone, its resumption.
    this.operatorPolicy.allow('PublishEvents', ['events:PutEvents'], [this.events.bus.eventBusArn]);
    this.operatorPolicy.allow(
      'ClearKeptMailEvents',
      ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'],
      [this.mailEvents.deadLetters.queueArn],
    );

    acknowledgeFindings(this, {
      functions: handlers.functions,
      respond: this.respond,
      recordMailEvent: this.recordMailEvent,
      stateMachines: this.stateMachines,
      answerPages: this.answerPages,
    });
  }
}
