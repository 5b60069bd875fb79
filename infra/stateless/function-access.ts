import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import type { MENTORING_TABLE } from '#adapters/store/tables';
import type { WorkflowHandler } from '#workflows/handlers';
import { STATE_MACHINES, type StateMachineKind } from '#domain/lifecycle/phases';
import type { Mail } from '../stateful/mail.ts';

type ReadAction = 'GetItem' | 'BatchGetItem' | 'Query';
type WriteAction = 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'BatchWriteItem' | 'TransactWriteItems' | 'ConditionCheckItem';

/**
 * What a function does to one table: the item actions its use cases send, exactly. A
 * transaction needs the action of each item type in it besides TransactWriteItems (a Put in a
 * transaction needs PutItem too); a condition on a write needs nothing more.
 */
export interface TableAccess {
  read: readonly ReadAction[];
  write?: readonly WriteAction[];
  /** Indexes it queries (Query on the index ARN); none unless named. */
  indexes?: readonly (typeof MENTORING_TABLE.byOwnerIndex.name)[];
}

/** The tables a function may be given; a new table (an idempotency store, say) is one more key here and in `grantAccess`. */
export type TableKey = 'mentoring' | 'responses';

/** Step Functions actions a function calls, each on the state machines it concerns. */
export type WorkflowAction =
  'StartExecution' | 'StopExecution' | 'DescribeExecution' | 'ListExecutions' | 'SendTaskSuccess' | 'SendTaskFailure' | 'SendTaskHeartbeat';

export type FunctionAccess = { [table in TableKey]?: TableAccess } & {
  workflow?: { [action in WorkflowAction]?: readonly StateMachineKind[] };
  /**
   * Sends e-mail as the program's sender (and so writes letters with answer links); give it `SENDING` on the responses table too.
   * Every send checks the mark of a forgotten address, so it also reads the erasure key.
   */
  mail?: true;
  /** Publishes relationship events on the program's own bus (functions/adapters/events/). */
  events?: true;
};

/** The answer pages' function and the one that records bounces and complaints, beside the workflow handlers. */
export type FunctionKey = WorkflowHandler | 'respond' | 'recordMailEvent';

/** What loading a relationship reads (relationship, program: GetItem; its people: BatchGetItem) and listing its items (Query). */
const CONTEXT: ReadAction[] = ['GetItem', 'BatchGetItem', 'Query'];
/** After a send: record it in the e-mail log once (a conditional PutItem), or mark the person whose address SES refuses (UpdateItem). */
const MAIL_LOG: WriteAction[] = ['PutItem', 'UpdateItem'];
/**
 * Opening a question or its links, keeping an answer or a mentee's goals: a transaction whose
 * ConditionChecks (on the main table) make sure nobody it concerns was erased since the step read them.
 */
const ERASURE_CHECK: WriteAction = 'ConditionCheckItem';
const OPENS_QUESTIONS: WriteAction[] = [...MAIL_LOG, ERASURE_CHECK];
/** Powertools' idempotency records of e-mail sends, in the responses table: read, put in progress, complete, delete after a failed send. */
const SENDING: TableAccess = { read: ['GetItem'], write: ['PutItem', 'UpdateItem', 'DeleteItem'] };
/** Every machine with a task waiting for an answer (all but the conclusion, which asks nothing). */
const ASKING: StateMachineKind[] = ['Matching', 'Agreement', 'Meetings', 'Closure', 'FollowUp', 'Pause'];
/** The machines of the lanes a conclusion stops (main, agreement, pause), never the conclusion itself. */
const STOPPABLE: StateMachineKind[] = ['Matching', 'Agreement', 'Meetings', 'Closure', 'FollowUp', 'Pause'];

/**
 * Each function's grants, derived from what its use cases call (functions/adapters/store for
 * DynamoDB, adapters/workflow for Step Functions, adapters/mail for SES). A change to a use case
 * that reaches a new action or table changes its line here; test/infra/grants.test.ts prints
 * the resulting table.
 */
export const FUNCTION_ACCESS: Record<FunctionKey, FunctionAccess> = {
  // Opens the question and its links (or hands them the new token), writes the letters; resumes at once when the answer came first.
  askParticipants: {
    mentoring: { read: CONTEXT, write: OPENS_QUESTIONS },
    responses: SENDING,
    workflow: { SendTaskSuccess: ASKING },
    mail: true,
  },
  // Closes or reads the question, keeps the answers, applies them (goals put and deleted, meetings and relationship updated, a rematch put), writes to people;
  // publishes what the answer made of the match, the agreement, a meeting, a review, the extension or the follow-up, and the safety net's alert.
  recordAnswer: {
    mentoring: { read: CONTEXT, write: ['PutItem', 'UpdateItem', 'DeleteItem', ERASURE_CHECK] },
    responses: SENDING,
    mail: true,
    events: true,
  },
  // Reads the program, the relationship and its first meeting to plan the phase's waits.
  planPhase: { mentoring: { read: CONTEXT } },
  // Plans the next meeting once (a conditional PutItem), and publishes it.
  planNextStep: { mentoring: { read: CONTEXT, write: ['PutItem'] }, events: true },
  // Writes the meeting reminder with its invitation.
  sendMeetingInvitation: { mentoring: { read: CONTEXT, write: MAIL_LOG }, responses: SENDING, mail: true },
  // The introduction opens the private end-relationship links (question, links, relationship); pause letters read the last meeting.
  sendLetters: {
    mentoring: { read: CONTEXT, write: OPENS_QUESTIONS },
    responses: SENDING,
    mail: true,
  },
  // Starts the next main-line phase (and the agreement beside the first meetings) and notes it on the relationship.
  startNextPhase: {
    mentoring: { read: ['GetItem'], write: ['UpdateItem'] },
    workflow: { StartExecution: ['Agreement', 'Meetings', 'Closure', 'FollowUp', 'Conclusion'] },
  },
  // Celebrates or ends kindly, opens rematches, closes the relationship and publishes it; stops nothing (the conclusion does).
  closeRelationship: { mentoring: { read: CONTEXT, write: MAIL_LOG }, responses: SENDING, mail: true, events: true },
  // Reads who asked to end, keeps that answer, stops the running lanes, then ends like closeRelationship.
  endWithoutBlame: {
    mentoring: { read: CONTEXT, write: [...MAIL_LOG, ERASURE_CHECK] },
    responses: SENDING,
    workflow: { StopExecution: STOPPABLE },
    mail: true,
    events: true,
  },
  // Reads the relationship's pause to say how long to wait, and publishes the pause.
  planPause: { mentoring: { read: ['GetItem'] }, events: true },
  // Moves or plans the next meeting, marks the relationship resumed and starts the stopped meetings and agreement again.
  // Moves the schedule on, writes the welcome back, then starts the stopped phases.
  resumeRelationship: {
    mentoring: { read: CONTEXT, write: ['PutItem', 'UpdateItem'] },
    responses: SENDING,
    mail: true,
    workflow: { StartExecution: ['Agreement', 'Meetings'] },
    events: true,
  },
  // The coordinator's choice in a weekly digest: sends questions again and a word to the pair, or pauses (stopping the meetings and
  // agreement, starting the pause), or records the end request and starts the conclusion, or enrols a rematch (the new relationship,
  // its people's index items, the ended one and the request updated in one transaction) and starts its match.
  actForCoordinator: {
    mentoring: { read: CONTEXT, write: OPENS_QUESTIONS },
    responses: SENDING,
    workflow: { StartExecution: ['Matching', 'Pause', 'Conclusion'], StopExecution: ['Agreement', 'Meetings'] },
    mail: true,
  },
  // The public answer pages: read a link and its question, record the answer, resume the waiting task; an answer to end starts a
  // conclusion, and a coordinator's action link the run that carries it out.
  respond: {
    responses: { read: ['GetItem'], write: ['UpdateItem'] },
    workflow: { SendTaskSuccess: ASKING, StartExecution: ['Conclusion', 'CoordinatorAction'] },
  },
  // A bounce or complaint: finds the person by address and their relationships (the by-owner index), marks them, publishes it, writes to their coordinators.
  recordMailEvent: {
    mentoring: { read: CONTEXT, write: MAIL_LOG, indexes: ['byOwner'] },
    responses: SENDING,
    mail: true,
    events: true,
  },
};

/** Actions on an execution (its ARN is the machine's, per execution name); the rest act on a state machine. */
const ON_EXECUTIONS: readonly WorkflowAction[] = ['StopExecution', 'DescribeExecution'];

export interface Grantable {
  tables: Record<TableKey, ITable>;
  mail: Mail;
  erasureKey: ISecret;
  eventBus: IEventBus;
  prefix: string;
}

/** ARNs built from the fixed machine names, not the StateMachine objects: the machines depend on the functions. */
export const machineArn = (scope: Construct, prefix: string, kind: StateMachineKind): string =>
  Stack.of(scope).formatArn({ service: 'states', resource: 'stateMachine', resourceName: `${prefix}-${kind}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });

const executionArns = (scope: Construct, prefix: string, kind: StateMachineKind): string =>
  Stack.of(scope).formatArn({ service: 'states', resource: 'execution', resourceName: `${prefix}-${kind}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });

/** Gives a function's role what its line in FUNCTION_ACCESS says, and nothing else. */
export const grantAccess = (fn: IFunction, access: FunctionAccess, { tables, mail, erasureKey, eventBus, prefix }: Grantable): void => {
  for (const key of Object.keys(tables) as TableKey[]) {
    const table = access[key];
    if (!table) continue;
    const actions = [...table.read, ...(table.write ?? [])].map((action) => `dynamodb:${action}`);
    fn.addToRolePolicy(new PolicyStatement({ actions, resources: [tables[key].tableArn] }));
    if (table.indexes?.length)
      fn.addToRolePolicy(
        new PolicyStatement({ actions: ['dynamodb:Query'], resources: table.indexes.map((index) => `${tables[key].tableArn}/index/${index}`) }),
      );
  }
  for (const [action, kinds] of Object.entries(access.workflow ?? {}) as [WorkflowAction, StateMachineKind[]][]) {
    // In the order of STATE_MACHINES, so the policy reads the same whatever the order in the table.
    const concerned = STATE_MACHINES.filter((kind) => kinds.includes(kind));
    if (!ON_EXECUTIONS.includes(action)) {
      fn.addToRolePolicy(new PolicyStatement({ actions: [`states:${action}`], resources: concerned.map((kind) => machineArn(fn, prefix, kind)) }));
      continue;
    }
    fn.addToRolePolicy(new PolicyStatement({ actions: [`states:${action}`], resources: concerned.map((kind) => executionArns(fn, prefix, kind)) }));
    for (const kind of concerned)
      Validations.of(fn.role!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${prefix}-${kind}:*]`,
        reason: `${action} on this program's own ${kind} executions: which relationship's run it concerns is known only at run time, and execution ARNs are per name.`,
      });
  }
  if (access.mail) {
    mail.grantSend(fn.role!);
    fn.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [erasureKey.secretArn] }));
  }
  if (access.events) fn.addToRolePolicy(new PolicyStatement({ actions: ['events:PutEvents'], resources: [eventBus.eventBusArn] }));
};

/** Every function's grants, from FUNCTION_ACCESS. */
export const grantFunctionAccess = (functions: Record<FunctionKey, IFunction>, grantable: Grantable): void => {
  for (const key of Object.keys(FUNCTION_ACCESS) as FunctionKey[]) grantAccess(functions[key], FUNCTION_ACCESS[key], grantable);
};
