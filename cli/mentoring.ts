import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { DateTime } from 'luxon';
import cliProgress from 'cli-progress';
import { ConfigurationError } from '#domain/program/config';
import { counted } from '#domain/plain-text';
import { phasesOf } from '#domain/lifecycle/phases';
import { firstMeeting, plannedMeetings, relationshipEnd } from '#domain/program/schedule';
import {
  EnrolmentError,
  enrolCohort,
  forgetPerson,
  groupIntoRelationships,
  loadProgram,
  markDeliverable,
  NotForgotten,
  pauseRelationship,
  readEnrolment,
  readmitPerson,
  RelationshipActionRefused,
  requestEnd,
  resumeEarly,
  runSmokeTest,
  SmokeTestFailed,
  programStatus,
  NotFound,
  relationshipOf,
  statusTable,
  relationshipStory,
  timelineText,
  resendOpenQuestions,
  redriveFailedRuns,
  exportProgram,
  csvOf,
  reportOnProgram,
  reportPage,
  reportCsvFiles,
  ANSWER_COLUMNS,
  MEETING_COLUMNS,
  RELATIONSHIP_COLUMNS,
  UnknownPerson,
  rematchMentee,
  RematchRefused,
  matchPool,
  parseCoordinator,
  PeopleFileError,
  matchReportHtml,
  matchReportText,
  type Coordinator,
  type PairRow,
  type SmokeTestRemoval,
} from './commands.ts';
import { DeploymentError, useDeployment, type DeploymentOptions } from './deployment.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** A mistake in the files is the user's to fix: say what and where, without a stack trace. */
const explain = (error: unknown): number => {
  if (
    error instanceof ConfigurationError ||
    error instanceof EnrolmentError ||
    error instanceof PeopleFileError ||
    error instanceof RelationshipActionRefused ||
    error instanceof UnknownPerson ||
    error instanceof NotForgotten ||
    error instanceof DeploymentError ||
    error instanceof SmokeTestFailed ||
    error instanceof NotFound ||
    error instanceof RematchRefused
  ) {
    console.error(error.message);
    return 2;
  }
  console.error(`Failed: ${(error as Error).message}`);
  return 1;
};

/**
 * What an enrolment file holds, counted the way a coordinator counts: "6 relationships (5 pairs
 * and 1 circle of 3 mentees), 8 mentees, are" (or "6 pairs are" when there is no circle).
 */
const cohortInWords = (relationships: PairRow[][]): string => {
  const pairs = relationships.filter((r) => r.length === 1 && !r[0]!.circle).length;
  const circleSizes = relationships.filter((r) => r.length > 1 || r[0]!.circle).map((r) => r.length);
  const verb = relationships.length === 1 ? 'is' : 'are';
  if (circleSizes.length === 0) return `${counted(pairs, 'pair')} ${verb}`;
  const circles = [...new Set(circleSizes)]
    .sort((a, b) => a - b)
    .map((size) => `${counted(circleSizes.filter((s) => s === size).length, 'circle')} of ${counted(size, 'mentee')}`);
  const parts = new Intl.ListFormat('en-GB').format([...(pairs ? [counted(pairs, 'pair')] : []), ...circles]);
  const mentees = circleSizes.reduce((n, size) => n + size, pairs);
  return `${counted(relationships.length, 'relationship')} (${parts}), ${counted(mentees, 'mentee')}, ${verb}`;
};

const cli = new Command('mentoring').description('Administers mentoring programs: enrol cohorts, check files before they go live.');

/** The options of every command that reaches AWS: which program's stack, with which AWS profile and region. */
const reachingAws = (command: Command): Command =>
  command
    .option('--stack <name>', "the deployed stack whose resources to use (default: MENTORING_STACK, else the prefix's: Mentoring, or Mentoring-<prefix>)")
    .option('--prefix <prefix>', 'the program prefix it was deployed with (default: MENTORING_PREFIX, else mentoring)')
    .option('--profile <name>', 'the AWS profile to use (default: AWS_PROFILE, else the default profile)')
    .option('--region <region>', "the AWS region (default: AWS_REGION or AWS_DEFAULT_REGION, else the profile's)");

cli
  .command('validate')
  .description("Checks a program configuration and an enrolment file and shows each pair's year; changes nothing.")
  .requiredOption('--program <file>', 'program configuration (YAML or JSON)')
  .option('--enrolment <file>', 'enrolment file (CSV)')
  .action(async ({ program: programFile, enrolment }: { program: string; enrolment?: string }) => {
    const program = await loadProgram(programFile);
    console.log(
      `${programFile}: ${program.name} — ${program.competencies.length} competencies, phases ${phasesOf(program.relationship.lengthMonths).join(' → ')}.`,
    );
    if (!enrolment) return;
    const rows = await readEnrolment(enrolment, program);
    // A pair's year depends only on its start date and time zone, and a cohort has few of those.
    const years = new Map<string, string>();
    const yearOf = ({ startDate, timeZone }: { startDate: string; timeZone: string }): string => {
      const key = `${startDate} ${timeZone}`;
      if (!years.has(key)) {
        const calendar = { program, startDate, timeZone };
        const day = (instant: Date) => DateTime.fromJSDate(instant, { zone: timeZone }).toISODate();
        years.set(
          key,
          `${plannedMeetings(calendar).length} meetings from ${day(firstMeeting(calendar))}, closure ${day(relationshipEnd(calendar))} (${timeZone})`,
        );
      }
      return years.get(key)!;
    };
    console.log(rows.map((row) => `  row ${row.row}: ${row.mentee.name} with mentor ${row.mentor.name} — ${yearOf(row)}`).join('\n'));
    console.log(`${enrolment}: ${cohortInWords(groupIntoRelationships(rows))} valid.`);
  });

/** `--coordinator "Ingrid Solberg <ingrid.solberg@example.org>"`: the coordinator of every proposed relationship. */
const coordinatorOption = (value: string): Coordinator => {
  const coordinator = parseCoordinator(value);
  if (typeof coordinator === 'string') throw new InvalidArgumentError(`${coordinator}.`);
  return coordinator;
};

cli
  .command('match <people>')
  .description(
    "Proposes mentors for mentees from a people file (CSV or JSON): the assignment with the best total score for the whole cohort that breaks no hard rule. Writes the proposals as an enrolment file to review, change and enrol, and a report with each pair's score and reasons and why anyone is left out. Changes nothing stored.",
  )
  .requiredOption('--program <file>', 'program configuration (YAML or JSON)')
  .requiredOption('--out <file>', 'where the proposals are written, as an enrolment file (CSV)')
  .requiredOption('--coordinator <"Name <address>">', 'who coordinates the proposed relationships', coordinatorOption)
  .option('--report <file>', "where the report is written, in the program's language: a page for .html, plain text otherwise")
  .option('--json', 'print the proposals and the reasons as JSON')
  .action(
    async (
      people: string,
      { program: programFile, out, coordinator, report, json }: { program: string; out: string; coordinator: Coordinator; report?: string; json?: boolean },
    ) => {
      // Every file is checked, and every folder looked for, before anything is written.
      const program = await loadProgram(programFile);
      for (const [file, option] of [[out, '--out'], ...(report ? [[report, '--report']] : [])] as [string, string][]) {
        if ((await stat(file).catch(() => undefined))?.isDirectory()) throw new NotFound(`${file} is a folder: give ${option} a file name`);
        await folderThere(dirname(resolve(file)), option);
      }
      const { proposal, enrolmentCsv, circles } = await matchPool(people, program, coordinator);
      await writeFile(out, enrolmentCsv);
      if (report)
        await writeFile(report, /\.html?$/i.test(report) ? matchReportHtml(proposal, program, out, circles) : matchReportText(proposal, program, out, circles));
      if (json)
        console.log(
          JSON.stringify(
            {
              pairs: proposal.pairs.map((p) => ({
                mentee: p.mentee.email,
                mentor: p.mentor.email,
                score: p.score,
                reasons: p.reasons,
                competencies: p.competencies,
                timeZone: p.meetingZone,
                ...(circles.has(p.mentor.email) ? { circle: circles.get(p.mentor.email) } : {}),
              })),
              unmatched: proposal.unmatched.map((u) => ({ email: u.person.email, role: u.person.role, reason: u.reason })),
              freePlaces: proposal.freePlaces.map((f) => ({ mentor: f.mentor.email, free: f.free })),
              totalScore: proposal.totalScore,
            },
            null,
            2,
          ),
        );
      const mentees = proposal.pairs.length + proposal.unmatched.filter((u) => u.person.role === 'mentee').length;
      (json ? console.error : console.log)(
        `${out}: ${counted(proposal.pairs.length, 'mentee')} of ${mentees} matched (total score ${proposal.totalScore}), ${counted(proposal.unmatched.length, 'person', 'people')} not matched${report ? `; reasons in ${report}` : ''}. Review it, then enrol it.`,
      );
    },
  );

reachingAws(
  cli
    .command('enrol')
    .description('Stores a cohort and starts each relationship. Enrolling the same file again starts nothing new.')
    .requiredOption('--program <file>', 'program configuration (YAML or JSON)')
    .requiredOption('--enrolment <file>', 'enrolment file (CSV)'),
).action(async ({ program: programFile, enrolment, ...aws }: { program: string; enrolment: string } & DeploymentOptions) => {
  // Both files are checked in full before anything is written.
  const program = await loadProgram(programFile);
  const rows = await readEnrolment(enrolment, program);
  const target = await useDeployment(aws);
  const bar = new cliProgress.SingleBar(
    { format: ' starting relationships |{bar}| {value}/{total}', noTTYOutput: true, notTTYSchedule: 5_000 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(rows.length, 0);
  const report = await enrolCohort(program, rows, (done) => bar.update(done), enrolment).finally(() => bar.stop());
  console.log(`Enrolled into ${target}: ${report.enrolled.length} new relationships started, ${report.alreadyEnrolled.length} already enrolled.`);
});

reachingAws(
  cli
    .command('status')
    .description(
      "Lists a program's relationships and where each stands: mentee and mentor, phase, health (at risk, and why), the next thing due, the last answer, e-mails sent, and whom an open question still waits on. The ones that need you come first. Changes nothing.",
    )
    .option('--program <id>', 'the program (default: the only one stored)')
    .option('--at-risk', 'only the relationships the safety net finds at risk')
    .option('--unanswered', 'only the relationships with a question still waiting on someone')
    .option('--coordinator <address>', "only this coordinator's relationships")
    .option('--json', 'print the same as JSON'),
).action(
  async ({
    program,
    atRisk,
    unanswered,
    coordinator,
    json,
    ...aws
  }: { program?: string; atRisk?: boolean; unanswered?: boolean; coordinator?: string; json?: boolean } & DeploymentOptions) => {
    await useDeployment(aws);
    const status = await programStatus(program, { atRisk, unanswered, coordinator });
    console.log(json ? JSON.stringify(status, null, 2) : statusTable(status));
  },
);

reachingAws(
  cli
    .command('timeline <relationship>')
    .description(
      "Tells one relationship's story in order: its runs (each with its Step Functions console link), e-mails, answers, meetings, safety-net alerts, pauses and its end. <relationship> is a relationship id (rel-…) or the address of its mentor or a mentee. Who asked to end a relationship is not told. Changes nothing.",
    )
    .option('--program <id>', 'look the address up in this program only')
    .option('--json', 'print the same as JSON'),
).action(async (who: string, { program, json, ...aws }: { program?: string; json?: boolean } & DeploymentOptions) => {
  await useDeployment(aws);
  const story = await relationshipStory(who, program);
  // The local runtime's executions have no console to open.
  console.log(json ? JSON.stringify(story, null, 2) : timelineText(story, { consoleLinks: !process.env.STEPFUNCTIONS_ENDPOINT }));
});

/** A day as the command line gives it (YYYY-MM-DD, UTC). */
const day = (value: string): string => {
  const parsed = DateTime.fromISO(value, { zone: 'utc' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !parsed.isValid) throw new InvalidArgumentError('Not a day (YYYY-MM-DD).');
  return value;
};

/** The period `--from` and `--until` give, as instants: from the first day's start to the last day's end (UTC). */
const periodOf = (from?: string, until?: string) => {
  if (from && until && until < from) throw new RelationshipActionRefused(`--until ${until} is before --from ${from}`);
  return {
    ...(from ? { from: `${from}T00:00:00.000Z` } : {}),
    ...(until ? { until: DateTime.fromISO(until, { zone: 'utc' }).plus({ days: 1 }).toJSDate().toISOString() } : {}),
  };
};

reachingAws(
  cli
    .command('export')
    .description(
      "Writes a program's relationships, meetings and answers as CSV files for the organisation's own warehouse: ids, kinds, dates, outcomes and counts, no name, address or free-text answer. A period keeps the relationships that overlap it, the meetings that fell in it and the answers given in it.",
    )
    .requiredOption('--csv <folder>', 'where relationships.csv, meetings.csv and answers.csv are written')
    .option('--program <id>', 'the program (default: the only one stored)')
    .option('--from <day>', 'the first day of the period (YYYY-MM-DD, UTC)', day)
    .option('--until <day>', 'the last day of the period (YYYY-MM-DD, UTC)', day),
).action(async ({ csv, program, from, until, ...aws }: { csv: string; program?: string; from?: string; until?: string } & DeploymentOptions) => {
  const period = periodOf(from, until);
  await useDeployment(aws);
  const exported = await exportProgram(program, period);
  await mkdir(csv, { recursive: true });
  const files = [
    ['relationships.csv', csvOf(RELATIONSHIP_COLUMNS, exported.relationships)],
    ['meetings.csv', csvOf(MEETING_COLUMNS, exported.meetings)],
    ['answers.csv', csvOf(ANSWER_COLUMNS, exported.answers)],
  ] as const;
  for (const [name, text] of files) await writeFile(join(csv, name), text);
  const span = from || until ? ` (${from ?? 'the start'} to ${until ?? 'now'})` : '';
  console.log(
    `Program ${exported.programId}${span}: ${exported.relationships.length} relationships, ${exported.meetings.length} meetings and ${exported.answers.length} answers written to ${csv} (${files.map(([name]) => name).join(', ')}).`,
  );
});

/** A folder that is there, for a file to be written into: said in one line before anything is read or written. */
const folderThere = async (folder: string, option: string): Promise<void> => {
  const found = await stat(folder).catch(() => undefined);
  if (!found?.isDirectory()) throw new NotFound(`no folder ${folder} for ${option}: make it first, or give another`);
};

reachingAws(
  cli
    .command('report')
    .description(
      "Writes the program report for a period: per cohort, meetings held against the plan (by phase, step of the cadence and month), check-ins answered and how fast, goal progress per competency and view, satisfaction, the safety net's alerts, pauses, outcomes, e-mails per participant, bounces, what the period cost and calibration hints. Figures only: no name, address or free text. A page that opens offline, CSV files, or JSON.",
    )
    .option('--out <file>', 'where the report is written as one HTML page (charts drawn in, no script)')
    .option('--csv <folder>', 'where each figure table is written as a CSV file')
    .option('--json', 'print the figures as JSON')
    .option('--program <id>', 'the program (default: the only one stored)')
    .option('--from <day>', 'the first day of the period (YYYY-MM-DD, UTC)', day)
    .option('--until <day>', 'the last day of the period (YYYY-MM-DD, UTC)', day),
).action(
  async ({
    out,
    csv,
    json,
    program,
    from,
    until,
    ...aws
  }: { out?: string; csv?: string; json?: boolean; program?: string; from?: string; until?: string } & DeploymentOptions) => {
    if (!out && !csv && !json) throw new RelationshipActionRefused('give --out <file>.html, --csv <folder> or --json');
    const period = periodOf(from, until);
    if (out) {
      if ((await stat(out).catch(() => undefined))?.isDirectory())
        throw new NotFound(`${out} is a folder: give --out a file name, such as ${join(out, 'report.html')}`);
      await folderThere(dirname(resolve(out)), '--out');
    }
    await useDeployment(aws);
    const report = await reportOnProgram(program, period);
    if (json) console.log(JSON.stringify(report, null, 2));
    // With --json, stdout holds the figures alone.
    const say = json ? console.error : console.log;
    const span = `${report.period.from.slice(0, 10)} to ${from || until ? (until ?? 'now') : 'now'}`;
    if (out) {
      const page = await reportPage(report);
      await writeFile(out, page);
      say(
        `Program ${report.programId} (${span}): the report is in ${out} (${Math.round(Buffer.byteLength(page) / 1024)} KB, ${counted(report.hints.length, 'calibration hint')}).`,
      );
    }
    if (csv) {
      await mkdir(csv, { recursive: true });
      const files = reportCsvFiles(report);
      for (const { name, text } of files) await writeFile(join(csv, name), text);
      say(`Program ${report.programId} (${span}): ${counted(files.length, 'CSV file')} written to ${csv}.`);
    }
  },
);

const coordinatorAction = (name: string, description: string) =>
  reachingAws(
    cli
      .command(`${name} <relationship>`)
      .description(`${description} <relationship> is a relationship id (rel-…) or the address of its mentor or a mentee.`)
      .option('--program <id>', 'look the address up in this program only'),
  );

coordinatorAction('pause', 'Pauses a relationship for leave or illness: meetings stop, and resume with the rest of the schedule moved on.')
  .option('--until <date>', "the planned return (YYYY-MM-DD, the pair's time zone); by default the program's longest pause")
  .action(async (who: string, { program, until, ...aws }: { program?: string; until?: string } & DeploymentOptions) => {
    await useDeployment(aws);
    const returnDate = until ? DateTime.fromISO(until) : undefined;
    if (returnDate && !returnDate.isValid) throw new RelationshipActionRefused(`--until ${until} is not a date (YYYY-MM-DD)`);
    const pause = await pauseRelationship(await relationshipOf(who, program), returnDate?.toJSDate());
    console.log(`Paused until ${pause.plannedUntil!.slice(0, 10)} (pause ${pause.pauseNo}). Both are told; resume earlier with "mentoring resume".`);
  });

coordinatorAction('resume', 'Ends a pause before its planned return; the rest of the schedule moves on by the days paused.').action(
  async (who: string, { program, ...aws }: { program?: string } & DeploymentOptions) => {
    await useDeployment(aws);
    await resumeEarly(await relationshipOf(who, program));
    console.log('Resuming: the meetings start again, and both get a welcome-back e-mail.');
  },
);

coordinatorAction(
  'conclude',
  'Ends a relationship early without blame: both are told kindly, nobody is told who asked, and each mentee gets a rematch request.',
).action(async (who: string, { program, ...aws }: { program?: string } & DeploymentOptions) => {
  await useDeployment(aws);
  const result = await requestEnd(await relationshipOf(who, program));
  console.log(
    result === 'already-closed'
      ? 'That relationship has already ended; nothing changed.'
      : 'Ending: the running phases stop, and the no-fault conclusion writes to everyone concerned.',
  );
});

reachingAws(
  cli
    .command('rematch <relationship>')
    .description(
      "Matches a mentee again after a no-fault ending, a declined match or leaving a circle: a new relationship with the mentor you name, proposed to both, with a year of its own from today. It names the relationship it follows, and that one names it. Never a mentor the mentee had before, nor their line manager. <relationship> is the ended relationship's id (rel-…) or the mentee's address.",
    )
    .option('--mentor <address>', 'the new mentor, someone taking part in the program; without it, the one the weekly digest proposes')
    .option('--mentee <address>', 'which mentee, when the ended relationship was a circle')
    .option('--program <id>', 'look the address up in this program only'),
).action(async (who: string, { mentor, mentee, program, ...aws }: { mentor?: string; mentee?: string; program?: string } & DeploymentOptions) => {
  await useDeployment(aws);
  const rematch = await rematchMentee({ who, ...(mentor ? { mentor } : {}), ...(mentee ? { mentee } : {}), ...(program ? { programId: program } : {}) });
  console.log(`Rematched with ${rematch.mentor} as ${rematch.relationshipId} (after ${rematch.rematchOf}): the proposed match is on its way to both.`);
});

coordinatorAction(
  'resend',
  "Sends a relationship's open questions again: each one's e-mail, with the same links, to whoever has not answered yet, at most once a day. Their deadlines stay as they are.",
).action(async (who: string, { program, ...aws }: { program?: string } & DeploymentOptions) => {
  await useDeployment(aws);
  const relationshipId = await relationshipOf(who, program);
  const resent = await resendOpenQuestions(relationshipId);
  if (!resent.length) console.log(`Nothing in ${relationshipId} waits on anyone: no e-mail to send again.`);
  for (const { kind, subject, to, sent } of resent) {
    const what = `${kind}${subject.meetingNo !== undefined ? ` of meeting ${subject.meetingNo}` : ''} to ${to.map((p) => p.name).join(', ')}`;
    console.log(sent ? `Sent again: ${what}.` : `Already sent again today: ${what}; nothing sent.`);
  }
});

reachingAws(
  cli
    .command('redrive [relationship]')
    .description(
      "Runs a relationship's failed phases again from the step that failed, once its cause is mended (an alarm says a run failed); with no relationship, every failed run of the program. A run older than 14 days cannot be redriven and is named. [relationship] is a relationship id (rel-…) or the address of its mentor or a mentee.",
    )
    .option('--program <id>', 'look the address up in this program only'),
).action(async (who: string | undefined, { program, ...aws }: { program?: string } & DeploymentOptions) => {
  await useDeployment(aws);
  const relationshipId = who === undefined ? undefined : await relationshipOf(who, program);
  const runs = await redriveFailedRuns(relationshipId);
  if (!runs.length) console.log(`No failed run${relationshipId ? ` of ${relationshipId}` : ''}: nothing to redrive.`);
  const redriven = runs.filter((r) => r.redriven).map((r) => r.name);
  const refused = runs.filter((r) => !r.redriven).map((r) => r.name);
  if (redriven.length) console.log(`Redriven: ${redriven.join(', ')}.`);
  if (refused.length) console.log(`Not redrivable (ended 14 days ago or more): ${refused.join(', ')}.`);
});

reachingAws(
  cli
    .command('forget <address>')
    .description(
      "Erases one person's personal data everywhere: name, address, the details of their answers and a mentee's goals' text, in every program (or --program) and relationship they are in. A relationship still under way that loses its mentor or a mentee ends at once, without letters; one that loses a line manager or coordinator goes on, and nobody writes to them. Running it again removes nothing and says so.",
    )
    .option('--program <id>', 'only in this program'),
).action(async (address: string, { program, ...aws }: { program?: string } & DeploymentOptions) => {
  await useDeployment(aws);
  const report = await forgetPerson(address, program);
  const who = report.programs.map((p) => `${p.personId} in ${p.programId}`).join(', ');
  const relationships = report.relationships.map((id) => (report.ended.includes(id) ? `${id} (ended now)` : id)).join(', ') || 'none';
  if (report.nothingLeft) {
    const since = [...new Set(report.programs.map((p) => p.forgottenAt.slice(0, 10)))].join(', ');
    console.log(`Nothing left to remove: ${address} (${who}) was forgotten on ${since}. Relationships: ${relationships}.`);
    return;
  }
  const { people, emailIndex, answers, goals, questions, links, rematchRequests, circleNames } = report.records;
  console.log(`Forgot ${address} (${who}). Removed personal data from:`);
  console.log(
    `  people ${people}, address index ${emailIndex}, answers ${answers}, goals ${goals}, questions ${questions}, links ${links}, rematch requests ${rematchRequests}, circle names ${circleNames}, kept mail events ${report.deadLetters}`,
  );
  console.log(`Relationships: ${relationships}.`);
  if (report.ended.length)
    console.log(
      'A relationship that ended now stopped without letters: tell its other members; its other mentees have a rematch request if the mentor was forgotten.',
    );
});

/** Main-table records by the words an operator knows them by. */
const RECORD_WORDS: Record<string, string> = {
  PROGRAM: 'program',
  PERSON: 'people',
  EMAIL: 'address index',
  MENTEE: 'mentee index',
  REL: 'relationship',
  MEMBER: 'members',
  MAIL: 'e-mail log',
};
const removalLine = ({ programId, records }: SmokeTestRemoval): string => {
  const { questionsAndLinks, sends, ...kinds } = records;
  const order = Object.keys(RECORD_WORDS);
  const rank = (kind: string) => (order.includes(kind) ? order.indexOf(kind) : order.length);
  const main = Object.entries(kinds)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([kind, n]) => `${RECORD_WORDS[kind] ?? kind.toLowerCase()} ${n}`);
  return `Removed program ${programId}: ${[...main, `questions and links ${questionsAndLinks}`, `records of sends ${sends}`].join(', ')}; its executions are stopped.`;
};

reachingAws(
  cli
    .command('smoke-test')
    .description(
      "Checks a fresh deployment end to end with your own two addresses: enrols them as a pair in a throwaway program (smoke-test-<date>), waits until SES took both match e-mails, checks the mentor's answer page, then stops the executions and removes everything it made.",
    )
    .requiredOption('--mentor <address>', 'your address that plays the mentor (also the coordinator)')
    .requiredOption('--mentee <address>', 'another of your addresses, that plays the mentee')
    .option(
      '--timeout <seconds>',
      'how long to wait for the e-mails',
      (value: string) => {
        const seconds = Number(value);
        if (!Number.isFinite(seconds) || seconds <= 0) throw new InvalidArgumentError('Not a number of seconds.');
        return seconds;
      },
      300,
    ),
).action(async ({ mentor, mentee, timeout, ...aws }: { mentor: string; mentee: string; timeout: number } & DeploymentOptions) => {
  const target = await useDeployment(aws);
  console.log(`Smoke test of ${target}.`);
  const live = process.stdout.isTTY;
  try {
    const report = await runSmokeTest(
      { mentor, mentee },
      {
        timeoutMs: timeout * 1000,
        wait: () => new Promise((resolve) => setTimeout(resolve, 2000)),
        status: (line) => (live ? process.stdout.write(`\r${line}\x1b[K`) : undefined),
        beforeRemoval: async (link) => {
          if (live) process.stdout.write('\n');
          console.log(`Both match e-mails went out. The mentor's "accept" page answered 200 with its security headers:\n  ${link}`);
          if (!live || !process.stdin.isTTY) return;
          // The link stops working once removed: open it first if you like.
          console.log('Open it in a browser if you like (it records nothing until its button is pressed); press Enter to clean up.');
          await new Promise((resolve) => process.stdin.once('data', resolve));
          process.stdin.pause();
        },
      },
    );
    console.log(
      `Relationship ${report.relationshipId}: SES message ids ${Object.entries(report.messageIds)
        .map(([role, id]) => `${role} ${id}`)
        .join(', ')}.`,
    );
    console.log(removalLine(report.removed));
    console.log('The deployment works: enrol your first cohort.');
  } catch (error) {
    if (live) process.stdout.write('\n');
    if (error instanceof SmokeTestFailed) console.log(removalLine(error.removed));
    throw error;
  }
});

reachingAws(
  cli
    .command('deliverable <address>')
    .description(
      "Clears a person's undeliverable mark (a bounce or complaint SES reported, or a refused send an earlier build marked) in every program (or --program): the program writes to the address again. An address without a mark changes nothing.",
    )
    .option('--program <id>', 'only in this program'),
).action(async (address: string, { program, ...aws }: { program?: string } & DeploymentOptions) => {
  await useDeployment(aws);
  const { cleared, unmarked } = await markDeliverable(address, program);
  const marks = { bounce: 'a bounce', complaint: 'a complaint', refused: 'a refused send' };
  for (const mark of cleared)
    console.log(`Cleared: person ${mark.personId} in ${mark.programId}, undeliverable since ${mark.since}, marked by ${marks[mark.because]}.`);
  for (const person of unmarked) console.log(`No mark: person ${person.personId} in ${person.programId} was not marked undeliverable; nothing changed.`);
  // The suppression list is the whole account's, beyond this program: removing an address from it is the operator's own call.
  if (cleared.some((mark) => mark.because !== 'refused'))
    console.log(
      `SES also keeps a bounced or complaining address on the account's suppression list and sends nothing to it; once you know it works, remove it there too:\n  aws sesv2 delete-suppressed-destination --email-address ${address}`,
    );
});

reachingAws(
  cli
    .command('readmit <address>')
    .description(
      'A forgotten person asks to take part again: removes the mark `forget` left of their address, in every program (or --program), so an enrolment file may name them. They come back as a new person; nothing erased returns.',
    )
    .option('--program <id>', 'only in this program'),
).action(async (address: string, { program, ...aws }: { program?: string } & DeploymentOptions) => {
  await useDeployment(aws);
  const { removed } = await readmitPerson(address, program);
  for (const mark of removed)
    console.log(`Removed the mark of ${address} in ${mark.programId}: forgotten on ${mark.forgottenAt.slice(0, 10)} (was ${mark.personId}).`);
  console.log('They may be enrolled again; until then, nothing of them is stored.');
});

cli.parseAsync().catch((error) => {
  process.exitCode = explain(error);
});
