import { Command, InvalidArgumentError } from 'commander';
import { join } from 'node:path';
import { ConfigurationError } from '#domain/program/config';
import { counted } from '#domain/plain-text';
import { addMonths, relationshipEnd, relationshipStart } from '#domain/program/schedule';
import { EnrolmentError, groupIntoRelationships, loadProgram, readEnrolment } from '#cli/commands';
import { runCohort, type PairSummary } from './run-cohort.ts';
import { DEFAULT_RATES, randomPolicy } from './participants.ts';
import { DEFAULT_COORDINATOR_RATES } from './coordinator.ts';
import { startLiveStatus } from './live-status.ts';
import { writeRunRecord } from './run-record.ts';
import { syntheticPairs } from './synthetic-pairs.ts';

// The SDK warns that Node 20 support ends in 2027; the local run is not the place to say it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const number = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`give a number from ${min} to ${max}`);
  return n;
};

const cli = new Command('npm start --')
  .description('Runs a mentoring cohort through its whole year on this machine, with no AWS account.')
  .option('--program <file>', 'program configuration', 'examples/program.yaml')
  .option('--enrolment <file>', 'enrolment file (one pair per row)', 'examples/enrolment.csv')
  .option('--extra-pairs <count>', 'add this many made-up pairs to the cohort', number(0, 5000), 0)
  .option(
    '--days-per-second <days>',
    'let program time pass at this pace, to follow along (default: as fast as it can; 0.02 with --interactive)',
    number(0.001, 100),
  )
  .option('--interactive', 'no simulated answers: the run waits for you to click the links in the inbox')
  .option('--answer-rate <p>', 'chance that a participant answers a question e-mail', number(0, 1), DEFAULT_RATES.answer)
  .option('--moved-rate <p>', 'chance that an answer says the meeting moved', number(0, 1), DEFAULT_RATES.moved)
  .option('--not-held-rate <p>', 'chance that an answer says the meeting did not take place', number(0, 1), DEFAULT_RATES.notHeld)
  .option('--decline-rate <p>', 'chance that someone declines the proposed match', number(0, 1), DEFAULT_RATES.decline)
  .option('--stop-rate <p>', 'chance that someone would rather stop at the mid-point review', number(0, 1), DEFAULT_RATES.stop)
  .option('--extend-rate <p>', 'chance that someone asks at closure to extend (both must)', number(0, 1), DEFAULT_RATES.extend)
  .option('--pause-rate <p>', 'chance that the coordinator pauses a relationship for a few weeks', number(0, 1), DEFAULT_COORDINATOR_RATES.pause)
  .option('--conclude-rate <p>', 'chance that the coordinator ends a relationship early', number(0, 1), DEFAULT_COORDINATOR_RATES.conclude)
  .option('--max-delay-days <days>', 'answers come after a random delay of up to this many days', number(0, 30), DEFAULT_RATES.maxDelayDays)
  .option('--bounce-rate <p>', "chance that a mentor's or mentee's address bounces for good some time in the year (default: none)", number(0, 1))
  // Seed 96 shows the example cohort most outcomes: completed, extended, paused, ended early, a circle's mentee who declined.
  .option('--seed <n>', 'seed for the simulated answers, to repeat a run exactly', number(0, 2 ** 31), 96)
  .option('--inbox-port <port>', 'port of the local inbox; the answer pages take the next one', number(1, 65534), 8005)
  .option('--out <folder>', 'where the run record is written', 'runs')
  .parse();

const options = cli.opts<{
  program: string;
  enrolment: string;
  extraPairs: number;
  daysPerSecond?: number;
  interactive?: boolean;
  answerRate: number;
  movedRate: number;
  notHeldRate: number;
  declineRate: number;
  stopRate: number;
  extendRate: number;
  pauseRate: number;
  concludeRate: number;
  maxDelayDays: number;
  bounceRate?: number;
  seed: number;
  inboxPort: number;
  out: string;
}>();

const pad = (text: string | number, width: number) => String(text).padEnd(width);

const printSummary = (pairs: PairSummary[]) => {
  const rows = pairs.map((p) => [
    `${p.circle ? `${p.circle}: ` : ''}${p.mentee} ← ${p.mentor}`,
    p.outcome,
    p.meetings.held,
    p.meetings.moved,
    p.meetings.notHeld,
    p.meetings.unanswered,
    p.goals,
    p.reviews,
    p.emailsSent,
  ]);
  const header = ['Relationship (mentee ← mentor)', 'Outcome', 'Held', 'Moved', 'Not held', 'Unanswered', 'Goals', 'Reviews', 'E-mails'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)) + 2);
  console.log(`\n${header.map((h, i) => pad(h, widths[i]!)).join('')}`);
  for (const row of rows) console.log(row.map((c, i) => pad(c, widths[i]!)).join(''));
};

const totalsOf = (pairs: PairSummary[]) => ({
  pairs: pairs.length,
  closed: pairs.filter((p) => p.status === 'closed').length,
  meetingsHeld: pairs.reduce((n, p) => n + p.meetings.held, 0),
  meetingsMoved: pairs.reduce((n, p) => n + p.meetings.moved, 0),
  meetingsNotHeld: pairs.reduce((n, p) => n + p.meetings.notHeld, 0),
  meetingsUnanswered: pairs.reduce((n, p) => n + p.meetings.unanswered, 0),
  emailsSent: pairs.reduce((n, p) => n + p.emailsSent, 0),
});

const main = async (): Promise<number> => {
  let program, rows;
  try {
    program = await loadProgram(options.program);
    rows = await readEnrolment(options.enrolment, program);
  } catch (error) {
    if (error instanceof ConfigurationError || error instanceof EnrolmentError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  rows = [...rows, ...syntheticPairs(program, options.extraPairs, rows.length + 2)];
  const daysPerSecond = options.daysPerSecond ?? (options.interactive ? 0.02 : undefined);
  const relationships = groupIntoRelationships(rows).length;
  const calendars = rows.map((row) => ({ program: program, startDate: row.startDate, timeZone: row.timeZone }));
  const from = new Date(Math.min(...calendars.map((c) => relationshipStart(c).getTime())));
  // The bar runs to the follow-up; an extension runs past it.
  const until = addMonths(new Date(Math.max(...calendars.map((c) => relationshipEnd(c).getTime()))), program.followUp.afterMonths, program.timeZone);

  let interrupt = () => {};
  const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
  let stoppedEarly = false;
  // The first signal ends the run and still writes its summary; only the person's second Ctrl-C (or
  // SIGTERM) ends it at once. Closing the terminal sends SIGHUP to everything in it, npm and its
  // shell included, maybe twice (from the terminal and from its shell), and leaves this process
  // without its parent: none of that is a person asking again, so it never cuts the record short.
  // Either way nothing is left running: DynamoDB Local's Java exits with this process.
  const stop = (signal: NodeJS.Signals, { fromPerson }: { fromPerson: boolean }) => {
    if (stoppedEarly) {
      if (fromPerson) process.exit(130);
      return;
    }
    stoppedEarly = true;
    console.log(`\nStopping (${signal}): closing the workflows, the inbox and DynamoDB Local… (again to stop at once)`);
    interrupt();
  };
  process.on('SIGINT', (signal) => stop(signal, { fromPerson: true }));
  process.on('SIGTERM', (signal) => stop(signal, { fromPerson: true }));
  process.on('SIGHUP', (signal) => stop(signal, { fromPerson: false }));
  // Once the terminal is gone, what is printed has nowhere to go (EIO, EPIPE): the record is still written.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  // npm does not pass a SIGTERM on to its script: once whoever started this run is gone, stop as if told to.
  const parent = process.ppid;
  const orphaned = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(orphaned);
    stop('SIGTERM', { fromPerson: false });
  }, 500).unref();

  console.log(
    `${program.name}: ${counted(relationships, 'relationship')} (${counted(rows.length, 'mentee')}), their whole lifecycle ${daysPerSecond ? `at ${counted(daysPerSecond, 'program day')} per second` : 'on program time that skips to the next event'}.`,
  );
  let status: ReturnType<typeof startLiveStatus> | undefined;
  const record = await runCohort({
    program,
    rows,
    daysPerSecond,
    seed: options.seed,
    policy: options.interactive
      ? undefined
      : randomPolicy(
          {
            answer: options.answerRate,
            moved: options.movedRate,
            notHeld: options.notHeldRate,
            decline: options.declineRate,
            stop: options.stopRate,
            extend: options.extendRate,
            maxDelayDays: options.maxDelayDays,
          },
          options.seed,
        ),
    coordinator: options.interactive ? undefined : { rates: { pause: options.pauseRate, conclude: options.concludeRate }, seed: options.seed },
    ...(options.bounceRate ? { bounces: { rate: options.bounceRate, seed: options.seed } } : {}),
    // Stable addresses: the inbox to bookmark, and answer links that read the same in every run's record.
    // Each takes its port when it is free, else any free one.
    runtime: { inboxPort: options.inboxPort, responsePort: options.inboxPort + 1 },
    interrupted,
    onRunning: (runtime) => {
      console.log(`Inbox: ${runtime.inbox.endpoint}/  (open it to read the e-mails and click their links)`);
      console.log(
        options.interactive
          ? 'Interactive: nobody answers but you. Ctrl-C ends the run.\n'
          : 'Simulated participants answer through the answer pages. Ctrl-C ends the run early.\n',
      );
      status = startLiveStatus(runtime, { clock: runtime.clock, from, until, relationships });
    },
    onStopped: () => status?.stop(),
    report: true,
  }).finally(() => status?.stop());

  printSummary(record.pairs);
  // Every meeting that took place was in each member's calendar (an invitation) and brought each a check-in.
  if (!stoppedEarly) {
    const missing = record.pairs.filter((p) => {
      const took = p.meetings.held + p.meetings.notHeld + p.meetings.unanswered;
      return p.meetingsNotInvited > 0 || p.checkInsSent < p.members * took;
    });
    console.log(
      missing.length === 0
        ? '\nEvery meeting of every relationship was in their calendars (an invitation each) and brought each of them a check-in after it.'
        : `\nMissing invitations or check-ins for: ${missing.map((p) => p.mentee).join(', ')}${record.bounces?.length ? ' (an address that bounced gets nothing more)' : ''}`,
    );
  }
  const totals = totalsOf(record.pairs);
  console.log(
    `\n${totals.closed}/${counted(totals.pairs, 'relationship')} closed · meetings held ${totals.meetingsHeld}, moved ${totals.meetingsMoved}, not held ${totals.meetingsNotHeld}, unanswered ${totals.meetingsUnanswered} · ${counted(record.emails.length, 'e-mail')} · ${record.wallSeconds.toFixed(0)} s`,
  );
  const { participants, coordinators, people } = record.mailPerPerson;
  console.log(
    `E-mails per participant: at most ${participants.max}, ${participants.mean} on average (${participants.count} mentors, mentees and line managers, in ${counted(new Set(people.map((p) => p.locale)).size, 'language')}); the coordinator got ${coordinators.max}.`,
  );
  const checks = record.dailyChecks;
  console.log(
    `Daily checks: ${counted(checks.runs, 'program day')} checked${checks.failed ? `, ${checks.failed} failed` : ''}; ${checks.stuck.length ? `stuck with nothing running: ${checks.stuck.join(', ')}` : 'no relationship was ever stuck'}.`,
  );
  if (record.bounces)
    console.log(
      `Bounced for good: ${
        record.bounces
          .map(({ address, at, result }) =>
            'error' in result
              ? `${address} (${result.error})`
              : `${address} on ${at.slice(0, 10)} (coordinator letters: ${'letters' in result ? result.letters : 0})`,
          )
          .join(', ') || 'none'
      }.`,
    );
  const folder = await writeRunRecord(join(options.out, record.startedAt.replace(/[:.]/g, '-')), record, totals);
  console.log(`Run record (summary.json, emails.json, events.jsonl, executions/, usage.json): ${folder}`);
  if (record.report)
    console.log(
      `Program report: ${join(folder, 'report.html')} (${Math.round(Buffer.byteLength(record.report.html) / 1024)} KB, made in ${record.report.seconds.toFixed(1)} s)`,
    );
  return stoppedEarly ? 130 : 0;
};

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`The run failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
