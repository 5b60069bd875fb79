import { runCohort, type CohortRecord } from '#local/run-cohort';
import { DEFAULT_RATES, randomPolicy } from '#local/participants';
import { DEFAULT_COORDINATOR_RATES } from '#local/coordinator';
import { startDynamoDb } from '#local/services/dynamodb';
import { startProgressLine } from '#local/live-status';
import {
  countAwsRequests,
  DAY_MS,
  executionFigures,
  loadCohort,
  mib,
  ownPeakRssBytes,
  plannedDays,
  processCpuSeconds,
  processPeakRssBytes,
  round,
  type BenchOptions,
  type ExecutionFigures,
} from './measure.ts';

// Published prices (us-east-1): Standard transitions, Lambda requests and 512 MB GB-seconds, SES.
const PRICE = { transition: 0.025 / 1000, lambdaRequest: 0.2 / 1_000_000, gbSecond: 0.0000166667, email: 0.1 / 1000 };
const ASSUMED_LAMBDA_SECONDS = 0.2;
const LAMBDA_GB = 0.5;

export interface RealYearFigures extends ExecutionFigures {
  /** False when the run was stopped (Ctrl-C, --max-minutes) before every execution closed: the figures cover `programDays` only. */
  finished: boolean;
  relationships: number;
  mentees: number;
  wallSeconds: number;
  /** Wall time before the year began: the runtime's services, tables and the enrolment. */
  startupSeconds: number;
  cpuSeconds: { node: number; dynamoDb: number | null; total: number };
  /** DynamoDB Local's own start (JVM and tables), not part of the figures above. */
  dynamoDbStartSeconds: number;
  peakMemoryMiB: { node: number | null; dynamoDb: number | null; total: number | null };
  /** Null for a stopped run, as is the cost: a part of the year is not a year. */
  relationshipYearsPerMinute: number | null;
  programDays: number;
  /** From the first start to the last follow-up as planned, for how far a stopped run got. */
  programDaysPlanned: number;
  dynamoDbRequests: number;
  dynamoDbRequestsByOperation: Record<string, number>;
  /** Who sends them: each function's requests by operation, the runtime's own (`local`) apart. */
  dynamoDbRequestsByFunction: Record<string, number>;
  stepFunctionsRequests: number;
  emails: number;
  answers: number;
  outcomes: Record<string, number>;
  estimatedAwsCostPerRelationshipYearUsd: number | null;
}

/**
 * A cohort's whole year on the local runtime, as `npm start` runs it: DynamoDB Local, the SES
 * inbox, the facade running the rendered definitions with the real handlers, simulated
 * participants answering through the pages and a simulated coordinator pausing and ending some.
 */
export const measureRealYear = async ({ relationships, seed }: BenchOptions, interrupted?: Promise<void>): Promise<RealYearFigures> => {
  const cohort = await loadCohort(relationships);
  // DynamoDB Local of our own rather than the runtime's: its CPU time and peak memory can be read up to the moment it stops.
  const dynamoDbStarting = performance.now();
  const dynamoDb = await startDynamoDb();
  const dynamoDbStartSeconds = (performance.now() - dynamoDbStarting) / 1000;
  const javaCpuBefore = processCpuSeconds(dynamoDb.pid);
  const requests = countAwsRequests();
  let progress: ReturnType<typeof startProgressLine> | undefined;
  let runningAt = 0;
  let record: CohortRecord;
  let javaCpu: number | undefined;
  let javaPeak: number | undefined;
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  try {
    record = await runCohort({
      program: cohort.program,
      rows: cohort.rows,
      seed,
      policy: randomPolicy(DEFAULT_RATES, seed),
      coordinator: { rates: DEFAULT_COORDINATOR_RATES, seed },
      runtime: { dynamoDbEndpoint: dynamoDb.endpoint },
      interrupted,
      onRunning: (runtime) => {
        runningAt = performance.now();
        progress = startProgressLine({
          label: 'real ',
          clock: runtime.clock,
          from: cohort.from,
          until: cohort.until,
          details: () => `${runtime.stepFunctions.running} executions running · ${runtime.inbox.accepted} e-mails`,
        });
      },
    }).finally(() => progress?.stop());
  } finally {
    requests.stop();
    const after = processCpuSeconds(dynamoDb.pid);
    javaCpu = after !== undefined && javaCpuBefore !== undefined ? after - javaCpuBefore : undefined;
    javaPeak = processPeakRssBytes(dynamoDb.pid);
    await dynamoDb.stop();
  }
  const wallSeconds = (performance.now() - startedAt) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const nodeCpu = (cpu.user + cpu.system) / 1e6;
  const nodePeak = ownPeakRssBytes();

  const figures = executionFigures(record.executions);
  const emails = record.emails.length;
  const cost =
    figures.stateTransitions * PRICE.transition +
    figures.handlerInvocations * (PRICE.lambdaRequest + LAMBDA_GB * ASSUMED_LAMBDA_SECONDS * PRICE.gbSecond) +
    emails * PRICE.email;
  const outcomes: Record<string, number> = {};
  for (const pair of record.pairs) {
    const ending = pair.outcome.split(',')[0]!;
    outcomes[ending] = (outcomes[ending] ?? 0) + 1;
  }
  const finished = record.executions.every((e) => e.status !== 'RUNNING');
  return {
    finished,
    relationships: cohort.groups.length,
    mentees: cohort.rows.length,
    wallSeconds: round(wallSeconds, 1),
    startupSeconds: round((runningAt - startedAt) / 1000, 1),
    cpuSeconds: { node: round(nodeCpu, 1), dynamoDb: javaCpu === undefined ? null : round(javaCpu, 1), total: round(nodeCpu + (javaCpu ?? 0), 1) },
    dynamoDbStartSeconds: round(dynamoDbStartSeconds, 1),
    peakMemoryMiB: { node: mib(nodePeak), dynamoDb: mib(javaPeak), total: javaPeak === undefined ? null : mib(nodePeak + javaPeak) },
    relationshipYearsPerMinute: finished ? round(cohort.groups.length / (wallSeconds / 60), 1) : null,
    programDays: Math.round((Date.parse(record.programEnd) - Date.parse(record.programStart)) / DAY_MS),
    programDaysPlanned: plannedDays(cohort),
    ...figures,
    dynamoDbRequests: requests.counts.dynamoDb,
    dynamoDbRequestsByOperation: requests.counts.dynamoDbByOperation,
    dynamoDbRequestsByFunction: requests.counts.dynamoDbByFunction,
    stepFunctionsRequests: requests.counts.stepFunctions,
    emails,
    answers: record.answers.length,
    outcomes,
    estimatedAwsCostPerRelationshipYearUsd: finished ? round(cost / cohort.groups.length, 4) : null,
  };
};
