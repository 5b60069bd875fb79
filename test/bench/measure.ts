import { runningFunction } from '#local/metering/lambda';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { loadProgram } from '#adapters/program-file';
import { type Program } from '#domain/program/config';
import { addMonths, relationshipEnd, relationshipStart } from '#domain/program/schedule';
import { groupIntoRelationships, readEnrolment, type PairRow } from '#use-cases/enrolment/read-enrolment';
import { syntheticPairs } from '#local/synthetic-pairs';

export const DAY_MS = 86_400_000;

export interface BenchOptions {
  relationships: number;
  seed: number;
}

/** The days the bar runs over: from the first start to the last follow-up, without extensions or pauses. */
export const plannedDays = (cohort: Pick<Cohort, 'from' | 'until'>): number => Math.ceil((cohort.until.getTime() - cohort.from.getTime()) / DAY_MS);

export interface Cohort {
  program: Program;
  rows: PairRow[];
  /** Rows grouped as enrolment groups them: a circle is one relationship. */
  groups: PairRow[][];
  /** Program time the first relationship starts, and the end of the last one's follow-up (without extensions). */
  from: Date;
  until: Date;
}

/**
 * The example program and enrolment (one of its relationships is a circle of three), topped up
 * with made-up pairs until there are `relationships` relationships.
 */
export const loadCohort = async (relationships: number): Promise<Cohort> => {
  const program = await loadProgram('examples/program.yaml');
  const examples = groupIntoRelationships(await readEnrolment('examples/enrolment.csv', program)).slice(0, relationships);
  const exampleRows = examples.flat();
  const made = syntheticPairs(program, Math.max(0, relationships - examples.length), exampleRows.length + 2);
  const rows = [...exampleRows, ...made];
  const groups = groupIntoRelationships(rows);
  const calendars = rows.map((row) => ({ program, startDate: row.startDate, timeZone: row.timeZone }));
  const from = new Date(Math.min(...calendars.map((c) => relationshipStart(c).getTime())));
  const until = addMonths(new Date(Math.max(...calendars.map((c) => relationshipEnd(c).getTime()))), program.followUp.afterMonths, program.timeZone);
  return { program, rows, groups, from, until };
};

export interface ExecutionFigures {
  executions: number;
  executionsByStatus: Record<string, number>;
  historyEvents: number;
  historyEventsPerExecution: { max: number; mean: number };
  /** States entered: what Step Functions Standard bills. */
  stateTransitions: number;
  /** Lambda calls the definitions made (each retry counts). */
  handlerInvocations: number;
  /** Failed task attempts by error name: a year measured with failures is not the year it should be. */
  taskFailures: Record<string, number>;
}

export const executionFigures = (executions: { status: string; history: HistoryEvent[] }[]): ExecutionFigures => {
  const byStatus: Record<string, number> = {};
  let events = 0;
  let max = 0;
  let transitions = 0;
  let invocations = 0;
  const failures: Record<string, number> = {};
  for (const execution of executions) {
    byStatus[execution.status] = (byStatus[execution.status] ?? 0) + 1;
    events += execution.history.length;
    max = Math.max(max, execution.history.length);
    for (const event of execution.history) {
      if (event.type?.endsWith('StateEntered')) transitions++;
      else if (event.type === 'TaskScheduled' || event.type === 'LambdaFunctionScheduled') invocations++;
      else if (event.type === 'TaskFailed' || event.type === 'LambdaFunctionFailed') {
        const error = (event.taskFailedEventDetails ?? event.lambdaFunctionFailedEventDetails)?.error ?? 'unknown';
        failures[error] = (failures[error] ?? 0) + 1;
      }
    }
  }
  return {
    executions: executions.length,
    executionsByStatus: byStatus,
    historyEvents: events,
    historyEventsPerExecution: { max, mean: round(events / Math.max(1, executions.length), 1) },
    stateTransitions: transitions,
    handlerInvocations: invocations,
    taskFailures: failures,
  };
};

export interface HttpRequestCounts {
  dynamoDb: number;
  dynamoDbByOperation: Record<string, number>;
  /** By the function whose invocation sent them (`function operation`); outside any, by the runtime itself (`local …`). */
  dynamoDbByFunction: Record<string, number>;
  stepFunctions: number;
  ses: number;
}

/**
 * Counts the AWS requests this process makes, by the JSON protocol's target header (DynamoDB,
 * Step Functions) or SES's path. Node's http client reports every request on this channel;
 * the answer pages' fetch (undici) does not use it, so clicks are not counted.
 */
export const countAwsRequests = () => {
  const counts: HttpRequestCounts = { dynamoDb: 0, dynamoDbByOperation: {}, dynamoDbByFunction: {}, stepFunctions: 0, ses: 0 };
  const onRequest = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    const target = String(request.getHeader('x-amz-target') ?? '');
    if (target.startsWith('DynamoDB_')) {
      counts.dynamoDb++;
      const operation = target.slice(target.indexOf('.') + 1);
      counts.dynamoDbByOperation[operation] = (counts.dynamoDbByOperation[operation] ?? 0) + 1;
      const by = `${runningFunction()?.replace(/^mentoring-/, '') ?? 'local'} ${operation}`;
      counts.dynamoDbByFunction[by] = (counts.dynamoDbByFunction[by] ?? 0) + 1;
    } else if (target.startsWith('AWSStepFunctions.')) counts.stepFunctions++;
    else if (request.path.startsWith('/v2/email/outbound-emails')) counts.ses++;
  };
  diagnostics.subscribe('http.client.request.start', onRequest);
  return { counts, stop: () => diagnostics.unsubscribe('http.client.request.start', onRequest) };
};

/** Kernel clock ticks per second, in which /proc reports CPU time. */
const clockTicks = (() => {
  let ticks: number | undefined;
  return () => {
    if (ticks === undefined) {
      try {
        ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
      } catch {
        ticks = 100;
      }
    }
    return ticks;
  };
})();

/** CPU seconds (user + system) another process has used so far; undefined where /proc is not there. */
export const processCpuSeconds = (pid: number): number | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces: state is the first, utime the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return undefined;
  }
};

/** The highest resident memory another process reached (the kernel's VmHWM), in bytes. */
export const processPeakRssBytes = (pid: number): number | undefined => {
  try {
    const kib = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Number(kib) * 1024 : undefined;
  } catch {
    return undefined;
  }
};

/** This process's peak resident memory so far, in bytes (getrusage's maxrss, exact rather than sampled). */
export const ownPeakRssBytes = (): number => process.resourceUsage().maxRSS * 1024;

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
export const mib = (bytes: number | undefined): number | null => (bytes === undefined ? null : Math.round(bytes / 2 ** 20));
