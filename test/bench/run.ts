import { fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import type { FloorFigures } from './floor.ts';
import type { RealYearFigures } from './real-year.ts';
import { round, type BenchOptions } from './measure.ts';

/**
 * `npm run bench`: a cohort's whole year on the local runtime, measured (wall and CPU time,
 * peak memory, history events per execution against Step Functions' 25,000, requests,
 * e-mails, what the year would cost on AWS), next to the engine floor: the same year with
 * no-op handlers and an in-memory store. Each runs in a process of its own.
 */
const wholeNumber = (min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`give a whole number of at least ${min}`);
  return n;
};
const options = new Command('npm run bench --')
  .option('--relationships <n>', 'relationships in the cohort (a circle counts once)', wholeNumber(1), 100)
  .option('--seed <n>', 'seed for ids and the simulated participants and coordinator', wholeNumber(0), 7)
  .option('--out <file>', 'where the figures are written as JSON', 'runs/bench.json')
  .option('--floor-only', 'measure the engine floor alone')
  .option('--skip-floor', 'measure the real year alone')
  .option('--max-minutes <n>', 'stop the real year after this many minutes and report the days it got through', wholeNumber(1))
  .parse()
  .opts<{ relationships: number; seed: number; out: string; floorOnly?: boolean; skipFloor?: boolean; maxMinutes?: number }>();

/** Undefined, with the reason printed, when the year failed: the other one's figures are still worth writing. */
const measureIsolated = <T>(part: 'real' | 'floor', bench: BenchOptions & { maxMinutes?: number }): Promise<T | undefined> =>
  new Promise((resolve) => {
    let figures: T | undefined;
    // The child inherits tsx's loader through execArgv, and the terminal for its progress line.
    const child = fork(new URL('./isolated.ts', import.meta.url), [part, JSON.stringify(bench)], { stdio: 'inherit' });
    child.on('message', (message) => (figures = message as T));
    child.on('exit', (code, signal) => {
      if (!figures) console.error(`The ${part} year ended without figures (${signal ?? `exit ${code}`}).`);
      resolve(figures);
    });
  });

// Ctrl-C reaches the child too: the real year stops and still sends what it measured, which is written here.
let stopping = false;
process.on('SIGINT', () => {
  if (!stopping) console.log('\nStopping: the real year reports the days it got through; the floor has nothing to report…');
  stopping = true;
});

const bench: BenchOptions = { relationships: options.relationships, seed: options.seed };
console.log(`Bench: ${bench.relationships} relationships through the whole year, seed ${bench.seed}.`);
const floor = options.skipFloor ? undefined : await measureIsolated<FloorFigures>('floor', bench);
const real = options.floorOnly || stopping ? undefined : await measureIsolated<RealYearFigures>('real', { ...bench, maxMinutes: options.maxMinutes });
if (!floor && !real) process.exit(1);

const ratio = (a: number | undefined | null, b: number | undefined | null) => (a && b ? round(a / b, 1) : null);
// A stopped real year is compared with nothing: the floor covers the whole year.
const ratios =
  real?.finished && floor
    ? {
        wall: ratio(real.wallSeconds, floor.wallSeconds),
        cpu: ratio(real.cpuSeconds.total, floor.cpuSeconds.node),
        cpuNode: ratio(real.cpuSeconds.node, floor.cpuSeconds.node),
        stateTransitions: ratio(real.stateTransitions, floor.stateTransitions),
        historyEvents: ratio(real.historyEvents, floor.historyEvents),
      }
    : undefined;
const figures = {
  relationships: bench.relationships,
  seed: bench.seed,
  real: real ?? null,
  floor: floor ?? null,
  ratio: ratios ?? null,
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '',
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: process.platform,
  },
};
await mkdir(dirname(options.out), { recursive: true });
await writeFile(options.out, `${JSON.stringify(figures, null, 2)}\n`);

type Cell = number | string | null | undefined;
const rows: [string, Cell, Cell, Cell][] = [
  ['relationships', real?.relationships, floor?.relationships, null],
  [
    'program days simulated',
    real && (real.finished ? real.programDays : `${real.programDays} of ${real.programDaysPlanned} (stopped)`),
    floor?.programDays,
    null,
  ],
  ['wall seconds', real?.wallSeconds, floor?.wallSeconds, ratios?.wall],
  ['  of which start-up', real?.startupSeconds, floor?.startupSeconds, null],
  ['CPU seconds, Node', real?.cpuSeconds.node, floor?.cpuSeconds.node, ratios?.cpuNode],
  ['CPU seconds, DynamoDB Local (Java)', real?.cpuSeconds.dynamoDb, null, null],
  ['CPU seconds, total', real?.cpuSeconds.total, floor?.cpuSeconds.node, ratios?.cpu],
  ['peak memory MiB, Node', real?.peakMemoryMiB.node, floor?.peakMemoryMiB.node, null],
  ['peak memory MiB, DynamoDB Local', real?.peakMemoryMiB.dynamoDb, null, null],
  ['peak memory MiB, total', real?.peakMemoryMiB.total, floor?.peakMemoryMiB.node, null],
  ['relationship-years per minute', real?.relationshipYearsPerMinute, floor?.relationshipYearsPerMinute, null],
  ['executions', real?.executions, floor?.executions, null],
  ['history events', real?.historyEvents, floor?.historyEvents, ratios?.historyEvents],
  ['history events per execution, max', real?.historyEventsPerExecution.max, floor?.historyEventsPerExecution.max, null],
  ['history events per execution, mean', real?.historyEventsPerExecution.mean, floor?.historyEventsPerExecution.mean, null],
  ['state transitions', real?.stateTransitions, floor?.stateTransitions, ratios?.stateTransitions],
  ['handler invocations', real?.handlerInvocations, floor?.handlerInvocations, null],
  ['DynamoDB requests', real?.dynamoDbRequests, null, null],
  ['Step Functions requests (HTTP)', real?.stepFunctionsRequests, null, null],
  ['e-mails sent', real?.emails, null, null],
  ['answers given', real?.answers, floor?.answers, null],
  ['est. AWS cost per relationship-year, USD', real?.estimatedAwsCostPerRelationshipYearUsd, null, null],
];
const text = (cell: Cell) => (cell === null || cell === undefined ? '' : typeof cell === 'number' ? cell.toLocaleString('en-US') : cell);
const table = [['', 'real year', 'engine floor', 'real/floor'], ...rows.filter(([, a, b]) => a != null || b != null).map((row) => row.map(text))];
const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
console.log('');
for (const [i, row] of table.entries()) {
  console.log(row.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]!) : cell.padStart(widths[j]!))).join('   '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('   '));
}
const failures = (f?: { taskFailures: Record<string, number> }) =>
  Object.entries(f?.taskFailures ?? {})
    .map(([e, n]) => `${e} ${n}`)
    .join(', ');
if (failures(real) || failures(floor))
  console.log(
    `\nFailed task attempts: ${[real && `real ${failures(real) || 'none'}`, floor && `floor ${failures(floor) || 'none'}`].filter(Boolean).join('; ')}.`,
  );
if (real)
  console.log(
    `\nExecutions by status: ${Object.entries(real.executionsByStatus)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ')}; relationships: ${Object.entries(real.outcomes)
      .map(([o, n]) => `${o} ${n}`)
      .join(', ')}.`,
  );
if (real?.finished) {
  // Where a relationship-year's DynamoDB requests go: the senders that send the most, each per relationship-year.
  const years = real.relationships;
  const senders = Object.entries(real.dynamoDbRequestsByFunction).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  console.log(`\nDynamoDB requests per relationship-year, by who sends them (${(real.dynamoDbRequests / years).toFixed(0)} in all):`);
  for (const [sender, n] of senders.slice(0, 15)) console.log(`  ${(n / years).toFixed(1).padStart(7)}  ${sender}`);
  if (senders.length > 15)
    console.log(`  ${(senders.slice(15).reduce((sum, [, n]) => sum + n, 0) / years).toFixed(1).padStart(7)}  the ${senders.length - 15} others`);
}
console.log(`Written to ${options.out}.`);
