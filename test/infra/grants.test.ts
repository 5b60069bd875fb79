import { beforeAll, describe, expect, it } from 'vitest';
import { WORKFLOW_HANDLERS } from '#workflows/handlers';
import { STATE_MACHINES } from '#domain/lifecycle/phases';
import { FUNCTION_ACCESS, type FunctionKey } from '#infra/stateless/function-access';
import { synthesize } from './synth.ts';

type Resource = { Type: string; Properties: Record<string, any> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
/** One function's grants as a person reads them: resource → its actions, sorted. */
type Grants = Record<string, string[]>;

const FILES: Record<FunctionKey, string> = { ...WORKFLOW_HANDLERS, respond: 'respond', recordMailEvent: 'record-mail-event' };
const KEYS = Object.keys(FILES) as FunctionKey[];

let resources: Record<string, Resource>;
/** Per function file name: its log group, its statements, and its grants read as a table. */
const logGroups: Record<string, string> = {};
const statements: Record<string, Statement[]> = {};
const grants: Record<string, Grants> = {};

/** The named function's log group, and every statement of every policy on its role, after checking nothing else gives the role rights. */
const roleOf = (file: string): { logGroup: string; statements: Statement[] } => {
  const [fn] = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === `mentoring-${file}`);
  const roleId = (fn!.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  expect(resources[roleId]!.Properties.ManagedPolicyArns, file).toBeUndefined();
  expect(resources[roleId]!.Properties.Policies, file).toBeUndefined();
  const policies = Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(`"${roleId}"`));
  // A policy on this role is on this role only.
  for (const policy of policies) expect(policy.Properties.Roles, file).toEqual([{ Ref: roleId }]);
  return {
    logGroup: (fn!.Properties.LoggingConfig.LogGroup as { Ref: string }).Ref,
    statements: policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]),
  };
};

/** A resource as a person names it: MentoringTable, own log group, stateMachine:Pause, execution:Pause:*, ses identity/*, sqs <queue name>. */
const label = (logGroup: string, resource: unknown): string => {
  if (resource === '*') return '*';
  const ref = (resource as { Ref?: string }).Ref;
  if (ref) return ref;
  const getAtt = (resource as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (getAtt?.[0] === logGroup) return 'own log group';
  if (getAtt && resources[getAtt[0]]!.Type === 'AWS::SQS::Queue') return `sqs ${resources[getAtt[0]]!.Properties.QueueName}`;
  if (getAtt) return getAtt[0];
  const flat = JSON.stringify(resource)
    .replace(/\{"Fn::GetAtt":\["(\w+)","Arn"\]\}/g, '$1')
    .replace(/\{"Ref":"AWS::\w+"\}/g, '_')
    .replace(/[{}"[\]]|Fn::Join"?:?|,/g, '');
  const states = /:states:_:_:(stateMachine|execution):mentoring-(\w+)(:\*)?$/.exec(flat);
  if (states) return `${states[1]}:${states[2]}${states[3] ?? ''}`;
  const ses = /:ses:_:_:(.+)$/.exec(flat);
  if (ses) return `ses ${ses[1]}`;
  return flat;
};

/** Resource → actions; machines or executions with the same actions are one row, in the order of STATE_MACHINES. */
const grantTable = (logGroup: string, list: Statement[]): Grants => {
  const byResource = new Map<string, Set<string>>();
  for (const s of list)
    for (const r of [s.Resource].flat())
      for (const a of [s.Action].flat()) byResource.set(label(logGroup, r), (byResource.get(label(logGroup, r)) ?? new Set()).add(a));
  const rows = new Map<string, string[]>();
  const machines = new Map<string, string[]>();
  for (const [resource, actions] of byResource) {
    const sorted = [...actions].sort();
    const machine = /^(stateMachine|execution):(\w+)(:\*)?$/.exec(resource);
    if (!machine) rows.set(resource, sorted);
    else
      machines.set(`${machine[1]}${machine[3] ?? ''}|${sorted.join(' ')}`, [
        ...(machines.get(`${machine[1]}${machine[3] ?? ''}|${sorted.join(' ')}`) ?? []),
        machine[2]!,
      ]);
  }
  for (const [key, kinds] of machines) {
    const [arnKind, actions] = key.split('|') as [string, string];
    const ordered = STATE_MACHINES.filter((kind) => kinds.includes(kind));
    rows.set(`${arnKind.replace(':*', '')}: ${ordered.join(' ')}`, actions.split(' '));
  }
  return Object.fromEntries([...rows].sort(([a], [b]) => a.localeCompare(b)));
};

/** The grant table, printed: function, resource, actions (the service named once per row); its own log group and tracing last. */
const print = () => {
  const basics = (resource: string) => (resource === 'own log group' || resource === '*' ? 1 : 0);
  const service = (actions: string[]) => {
    const [prefix] = actions[0]!.split(':');
    return actions.every((a) => a.startsWith(`${prefix}:`)) ? `${prefix}: ${actions.map((a) => a.slice(prefix!.length + 1)).join(' ')}` : actions.join(' ');
  };
  const lines = [`${'function'.padEnd(22)} ${'resource'.padEnd(66)} actions`];
  for (const file of Object.values(FILES)) {
    const rows = Object.entries(grants[file]!).sort(([a], [b]) => basics(a) - basics(b));
    rows.forEach(([resource, actions], i) => lines.push(`${(i === 0 ? file : '').padEnd(22)} ${resource.padEnd(66)} ${service(actions)}`));
  }
  console.log(lines.join('\n'));
};

beforeAll(() => {
  // The grants need no CloudFormation rule engine.
  resources = synthesize({}, { cloudFormationValidation: false }).template.toJSON().Resources as Record<string, Resource>;
  for (const file of Object.values(FILES)) {
    const role = roleOf(file);
    logGroups[file] = role.logGroup;
    statements[file] = role.statements;
    grants[file] = grantTable(role.logGroup, role.statements);
  }
  print();
});

const READ = ['GetItem', 'BatchGetItem', 'Query'].map((a) => `dynamodb:${a}`);
const MAIL_LOG = ['PutItem', 'UpdateItem'].map((a) => `dynamodb:${a}`);
const dynamo = (...actions: string[]) => actions.map((a) => (a.includes(':') ? a : `dynamodb:${a}`)).sort();
/** Powertools' idempotency records of e-mail sends. */
const SENDING = dynamo('GetItem', 'PutItem', 'UpdateItem', 'DeleteItem');
/** A sender sends as the program's sender only, and reads the erasure key: every send checks the mark of a forgotten address. */
const SEND = {
  'ses configuration-set/mentoring': ['ses:SendEmail', 'ses:SendRawEmail'],
  'ses identity/*': ['ses:SendEmail', 'ses:SendRawEmail'],
  ErasureKeySecret: ['secretsmanager:GetSecretValue'],
};
const ASKING = 'Matching Agreement Meetings Closure FollowUp Pause';
/** A publisher puts relationship events on the program's own bus, nothing more of EventBridge. */
const PUBLISH = { EventBus: ['events:PutEvents'] };

/**
 * Each function's grants beyond its own log group and tracing, as the synthesized template has
 * them. A change here is a change of what a function may do: review it as one.
 */
const EXPECTED: Record<string, Grants> = {
  // Opening a question or its links checks, in the same transaction, that nobody it concerns was erased meanwhile.
  'ask-participants': {
    MentoringTable: dynamo(...READ, ...MAIL_LOG, 'ConditionCheckItem'),
    ResponsesTable: SENDING,
    ...SEND,
    [`stateMachine: ${ASKING}`]: ['states:SendTaskSuccess'],
  },
  // Keeping an answer or a mentee's goals checks the same in its transaction.
  'record-answer': {
    MentoringTable: dynamo(...READ, 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'),
    ResponsesTable: SENDING,
    ...SEND,
    ...PUBLISH,
  },
  'plan-phase': { MentoringTable: dynamo(...READ) },
  'plan-next-step': { MentoringTable: dynamo(...READ, 'PutItem'), ...PUBLISH },
  'send-meeting-invitation': { MentoringTable: dynamo(...READ, ...MAIL_LOG), ResponsesTable: SENDING, ...SEND },
  'send-letters': { MentoringTable: dynamo(...READ, ...MAIL_LOG, 'ConditionCheckItem'), ResponsesTable: SENDING, ...SEND },
  'start-next-phase': {
    MentoringTable: dynamo('GetItem', 'UpdateItem'),
    'stateMachine: Agreement Meetings Closure FollowUp Conclusion': ['states:StartExecution'],
  },
  'close-relationship': { MentoringTable: dynamo(...READ, ...MAIL_LOG), ResponsesTable: SENDING, ...SEND, ...PUBLISH },
  'end-without-blame': {
    MentoringTable: dynamo(...READ, ...MAIL_LOG, 'ConditionCheckItem'),
    ResponsesTable: SENDING,
    ...SEND,
    [`execution: ${ASKING}`]: ['states:StopExecution'],
    ...PUBLISH,
  },
  'plan-pause': { MentoringTable: dynamo('GetItem'), ...PUBLISH },
  'resume-relationship': {
    MentoringTable: dynamo(...READ, 'PutItem', 'UpdateItem'),
    ResponsesTable: SENDING,
    ...SEND,
    'stateMachine: Agreement Meetings': ['states:StartExecution'],
    ...PUBLISH,
  },
  'act-for-coordinator': {
    MentoringTable: dynamo(...READ, ...MAIL_LOG, 'ConditionCheckItem'),
    ResponsesTable: SENDING,
    ...SEND,
    'execution: Agreement Meetings': ['states:StopExecution'],
    'stateMachine: Matching Pause Conclusion': ['states:StartExecution'],
  },
  respond: {
    ResponsesTable: dynamo('GetItem', 'UpdateItem'),
    'stateMachine: Conclusion CoordinatorAction': ['states:StartExecution'],
    [`stateMachine: ${ASKING}`]: ['states:SendTaskSuccess'],
  },
  // Finds a person's relationships by the by-owner index; an invocation that still fails is kept in the mail events' dead-letter queue.
  'record-mail-event': {
    MentoringTable: dynamo(...READ, ...MAIL_LOG),
    'MentoringTable/index/byOwner': ['dynamodb:Query'],
    ResponsesTable: SENDING,
    ...SEND,
    'sqs mentoring-mail-events-failed': ['sqs:SendMessage'],
    ...PUBLISH,
  },
};

const beyondBasics = (table: Grants): Grants =>
  Object.fromEntries(Object.entries(table).filter(([resource]) => resource !== 'own log group' && resource !== '*'));
const actionsOf = (file: string) => new Set(statements[file]!.flatMap((s) => [s.Action].flat()));
const mailers = KEYS.filter((key) => FUNCTION_ACCESS[key].mail).map((key) => FILES[key]);
const publishers = KEYS.filter((key) => FUNCTION_ACCESS[key].events).map((key) => FILES[key]);

describe('what each function may do', () => {
  it('is exactly the grant table: the actions its use cases call, on the resources they call them on', () => {
    expect(Object.fromEntries(Object.values(FILES).map((file) => [file, beyondBasics(grants[file]!)]))).toEqual(EXPECTED);
  });

  it.each(Object.values(FILES))('%s writes its own log group and traces, nothing more of logs or X-Ray', (file) => {
    expect(grants[file]!['own log group']).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(grants[file]!['*']).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    expect(statements[file]!.every((s) => s.Effect === 'Allow')).toBe(true);
  });
});

describe('what no function may do', () => {
  it('the answer pages may resume a waiting task, but not fail it or keep it alive, and never reach the main table', () => {
    const actions = actionsOf('respond');
    expect(actions.has('states:SendTaskSuccess')).toBe(true);
    for (const action of ['states:SendTaskFailure', 'states:SendTaskHeartbeat', 'states:StopExecution']) expect(actions.has(action), action).toBe(false);
    expect(Object.keys(grants.respond!).some((resource) => resource.startsWith('MentoringTable'))).toBe(false);
  });

  it('functions that only read a table hold no write action on it', () => {
    const writes = /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems)$/;
    const readOnly = KEYS.flatMap((key) =>
      (['mentoring', 'responses'] as const)
        .filter((table) => FUNCTION_ACCESS[key][table] && !FUNCTION_ACCESS[key][table].write?.length)
        .map((table) => [key, table] as const),
    );
    expect(readOnly.map(([key, table]) => `${FILES[key]} ${table}`)).toEqual(expect.arrayContaining(['plan-phase mentoring', 'plan-pause mentoring']));
    for (const [key, table] of readOnly) {
      const actions = grants[FILES[key]]![table === 'mentoring' ? 'MentoringTable' : 'ResponsesTable']!;
      expect(
        actions.filter((action) => writes.test(action)),
        `${key} ${table}`,
      ).toEqual([]);
    }
  });

  it('no function holds a wildcard action, Scan, PartiQL or a table-level action; only the ones that keep personal data check conditions', () => {
    const opensQuestions = ['ask-participants', 'send-letters', 'record-answer', 'end-without-blame', 'act-for-coordinator'];
    for (const file of Object.values(FILES))
      for (const action of actionsOf(file)) {
        expect(action, file).toMatch(
          file === 'record-mail-event'
            ? /^(dynamodb|ses|logs|xray):[A-Z][A-Za-z]+$|^sqs:SendMessage$|^secretsmanager:GetSecretValue$|^events:PutEvents$/
            : /^(dynamodb|states|ses|logs|xray):[A-Z][A-Za-z]+$|^secretsmanager:GetSecretValue$|^events:PutEvents$/,
        );
        if (action.startsWith('events:')) expect(publishers, file).toContain(file);
        expect(action, file).not.toMatch(/^dynamodb:(Scan|PartiQL\w*|DescribeTable|CreateTable|DeleteTable|UpdateTable|\w*Backup\w*)$/);
        if (action === 'dynamodb:ConditionCheckItem') expect(opensQuestions, file).toContain(file);
        if (action.startsWith('secretsmanager:')) expect(mailers, file).toContain(file);
      }
  });

  it('only X-Ray is granted on every resource; nothing else names a wildcard beyond its own executions or SES identities', () => {
    for (const file of Object.values(FILES))
      for (const s of statements[file]!)
        for (const resource of [s.Resource].flat()) {
          const named = label(logGroups[file]!, resource);
          if (named === '*')
            expect(
              [s.Action].flat().every((a) => a.startsWith('xray:')),
              file,
            ).toBe(true);
          else if (named.includes('*')) expect(named, file).toMatch(/^(execution:\w+:\*|ses identity\/\*)$/);
        }
  });

  it('only the functions that write letters may send e-mail, as the sender only', () => {
    expect(mailers.sort()).toEqual([
      'act-for-coordinator',
      'ask-participants',
      'close-relationship',
      'end-without-blame',
      'record-answer',
      'record-mail-event',
      'resume-relationship',
      'send-letters',
      'send-meeting-invitation',
    ]);
    for (const file of Object.values(FILES)) {
      expect(actionsOf(file).has('ses:SendEmail'), file).toBe(mailers.includes(file));
      for (const s of statements[file]!.filter((s) => [s.Action].flat().some((a) => a.startsWith('ses:'))))
        expect(s.Condition, file).toEqual({ StringEquals: { 'ses:FromAddress': 'mentoring@example.org' } });
    }
  });

  it('only the steps that record what happened to a relationship publish it, on the program’s own bus; neither the answer pages nor a step that only asks or writes', () => {
    expect(publishers.sort()).toEqual([
      'close-relationship',
      'end-without-blame',
      'plan-next-step',
      'plan-pause',
      'record-answer',
      'record-mail-event',
      'resume-relationship',
    ]);
    for (const file of Object.values(FILES)) expect(grants[file]!.EventBus, file).toEqual(publishers.includes(file) ? ['events:PutEvents'] : undefined);
  });

  it('a waiting task can be resumed in exactly the machines that wait for one', () => {
    const waiting = STATE_MACHINES.filter((kind) =>
      JSON.stringify(resources[`${kind}StateMachine`]!.Properties.DefinitionString).includes('.waitForTaskToken'),
    );
    for (const file of ['ask-participants', 'respond']) expect(grants[file]![`stateMachine: ${waiting.join(' ')}`], file).toEqual(['states:SendTaskSuccess']);
  });
});
