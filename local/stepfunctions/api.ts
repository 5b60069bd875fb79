import type { SfnBackend } from './backend.ts';
import { roleArnFor } from './engine/index.ts';
import { SfnServiceError } from './errors.ts';
import type { Execution } from './execution.ts';
import { withoutExecutionData } from './history.ts';
import type { Dispatch } from './server.ts';

type Body = Record<string, unknown>;

const STATUSES = new Set(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);

function page<T>(items: T[], body: Body): { items: T[]; nextToken?: string } {
  const max = typeof body.maxResults === 'number' && body.maxResults > 0 ? Math.min(body.maxResults, 1000) : 100;
  let offset = 0;
  if (body.nextToken !== undefined && body.nextToken !== null) {
    if (typeof body.nextToken !== 'string') throw new SfnServiceError('InvalidToken', 'Invalid nextToken');
    offset = Number(Buffer.from(body.nextToken, 'base64url').toString('utf8'));
    if (!Number.isInteger(offset) || offset < 0) throw new SfnServiceError('InvalidToken', 'Invalid nextToken');
  }
  const end = offset + max;
  return { items: items.slice(offset, end), ...(end < items.length ? { nextToken: Buffer.from(String(end)).toString('base64url') } : {}) };
}

function listItem(e: Execution): Body {
  const { arn: _arn, ...item } = e.summary();
  return item;
}

const definitionString = (definition: object): string => JSON.stringify(definition, null, 2);

/** The Step Functions operations the facade serves, mapped onto the backend. */
export function createDispatch(backend: SfnBackend): Dispatch {
  const ops: Record<string, (body: Body) => unknown> = {
    StartExecution: (body) => {
      const e = backend.startExecution(body.stateMachineArn, body.name, body.input);
      return { executionArn: e.executionArn, startDate: e.startDate };
    },
    DescribeExecution: (body) => {
      const e = backend.execution(body.executionArn);
      return {
        ...listItem(e),
        input: e.input,
        inputDetails: { included: true },
        ...(e.output !== undefined ? { output: e.output, outputDetails: { included: true } } : {}),
        ...(e.error !== undefined ? { error: e.error } : {}),
        ...(e.cause !== undefined ? { cause: e.cause } : {}),
      };
    },
    ListExecutions: (body) => {
      const machine = backend.machine(body.stateMachineArn);
      if (body.statusFilter !== undefined && (typeof body.statusFilter !== 'string' || !STATUSES.has(body.statusFilter))) {
        throw new SfnServiceError('ValidationException', `Invalid statusFilter: ${JSON.stringify(body.statusFilter)}`);
      }
      // Newest first, as AWS lists them.
      const all = [...backend.executions.values()]
        .filter((e) => e.machine === machine && (body.statusFilter === undefined || e.status === body.statusFilter))
        .reverse();
      const { items, nextToken } = page(all, body);
      return { executions: items.map(listItem), ...(nextToken ? { nextToken } : {}) };
    },
    GetExecutionHistory: (body) => {
      const e = backend.execution(body.executionArn);
      let events = body.reverseOrder === true ? [...e.history.events].reverse() : e.history.events;
      if (body.includeExecutionData === false) events = events.map(withoutExecutionData);
      const { items, nextToken } = page(events, body);
      return { events: items, ...(nextToken ? { nextToken } : {}) };
    },
    RedriveExecution: (body) => ({ redriveDate: backend.redriveExecution(body.executionArn) }),
    SendTaskSuccess: (body) => {
      backend.tokens.succeed(body.taskToken, body.output);
      return {};
    },
    SendTaskFailure: (body) => {
      backend.tokens.fail(body.taskToken, body.error, body.cause);
      return {};
    },
    SendTaskHeartbeat: (body) => {
      backend.tokens.heartbeat(body.taskToken);
      return {};
    },
    StopExecution: (body) => {
      const e = backend.execution(body.executionArn);
      const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
      e.close('ABORTED', str(body.error), str(body.cause));
      return { stopDate: e.stopDate };
    },
    ListStateMachines: (body) => {
      const { items, nextToken } = page([...backend.machines.values()], body);
      return {
        stateMachines: items.map((m) => ({ stateMachineArn: m.arn, name: m.name, type: 'STANDARD', creationDate: m.creationDate })),
        ...(nextToken ? { nextToken } : {}),
      };
    },
    DescribeStateMachine: (body) => {
      const m = backend.machine(body.stateMachineArn);
      return {
        stateMachineArn: m.arn,
        name: m.name,
        status: 'ACTIVE',
        definition: definitionString(m.definition),
        roleArn: roleArnFor(m),
        type: 'STANDARD',
        creationDate: m.creationDate,
      };
    },
  };
  return async (operation, body) => {
    const op = Object.hasOwn(ops, operation) ? ops[operation] : undefined;
    if (!op) throw new SfnServiceError('UnknownOperationException', `Operation not supported locally: ${operation}`);
    return op(body);
  };
}
