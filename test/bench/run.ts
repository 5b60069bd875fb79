import { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadProgram } from '#workflows/program/config';
import { readEnrolment } from '#core/enrolment/read-enrolment';
import { runCohort } from '#local/run-cohort';
import { DEFAULT_RATES, randomPolicy } from '#local/participants';
import { syntheticPairs } from '#local/synthetic-pairs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * A cohort's year on the local runtime, measured: wall time, peak memory, history events per
 * phase execution (Step Functions allows 25,000), and what the same year would cost on AWS.
 */
const options = new Command('npm run bench --')
  .option('--pairs <n>', 'cohort size', (v) => Number(v), 20)
  .option('--days-per-second <n>', 'clock speed', (v) => Number(v), 3)
  .option('--out <file>', 'where the figures are written as JSON', 'runs/bench.json')
  .parse()
  .opts<{ pairs: number; daysPerSecond: number; out: string }>();

// Published prices (us-east-1): Standard transitions, Lambda requests and 512 MB GB-seconds, SES.
const PRICE = { transition: 0.025 / 1000, lambdaRequest: 0.2 / 1_000_000, gbSecond: 0.0000166667, email: 0.1 / 1000 };
const ASSUMED_LAMBDA_SECONDS = 0.2;

const program = await loadProgram('examples/program.yaml');
const examples = await readEnrolment('examples/enrolment.csv', program);
const rows = [...examples, ...syntheticPairs(program, Math.max(0, options.pairs - examples.length), examples.length + 2)].slice(0, options.pairs);

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
const record = await runCohort({
  program,
  rows,
  daysPerSecond: options.daysPerSecond,
  policy: randomPolicy(DEFAULT_RATES, 7),
});
clearInterval(sampler);

const events = record.executions.map((e) => e.history.length);
const transitions = record.executions.reduce((n, e) => n + e.history.filter((h) => h.type?.endsWith('StateEntered')).length, 0);
const invocations = record.executions.reduce((n, e) => n + e.history.filter((h) => h.type === 'LambdaFunctionScheduled' || h.type === 'TaskScheduled').length, 0);
const emails = record.pairs.reduce((n, p) => n + p.emailsSent, 0);
const cost =
  transitions * PRICE.transition + invocations * (PRICE.lambdaRequest + 0.5 * ASSUMED_LAMBDA_SECONDS * PRICE.gbSecond) + emails * PRICE.email;
const figures = {
  pairs: rows.length,
  daysPerSecond: options.daysPerSecond,
  wallSeconds: Number(record.wallSeconds.toFixed(1)),
  peakRssMiB: Math.round(peakRss / 2 ** 20),
  executions: record.executions.length,
  failedExecutions: record.executions.filter((e) => e.status !== 'SUCCEEDED').length,
  historyEventsPerExecution: { max: Math.max(...events), mean: Math.round(events.reduce((a, b) => a + b, 0) / events.length) },
  stateTransitions: transitions,
  lambdaInvocations: invocations,
  emails,
  meetingsUnanswered: record.pairs.reduce((n, p) => n + p.meetings.unanswered, 0),
  estimatedAwsCostPerRelationshipYearUsd: Number((cost / rows.length).toFixed(4)),
};
await mkdir('runs', { recursive: true });
await writeFile(options.out, `${JSON.stringify(figures, null, 2)}\n`);
console.table(figures);
