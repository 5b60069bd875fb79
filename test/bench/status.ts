import { Command, InvalidArgumentError } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { useWorkflow } from '#adapters/workflow/port';
import { memoryWorkflow } from '#adapters/workflow/memory';
import { useClock } from '#platform/clock';
import { useEndpointSettings } from '#platform/aws';
import { loopbackSettings } from '#local/services/loopback';
import { useSeededIds } from '#platform/ids';
import {
  concludeMeeting,
  getRelationshipWithPeople,
  listRelationships,
  openQuestion,
  planMeeting,
  recordMailSent,
  saveAnswer,
  updateRelationship,
} from '#adapters/store';
import { enrolCohort } from '#use-cases/enrolment/enrol';
import { programStatus } from '#use-cases/desk/status';
import { statusTable } from '#presentation/reports/status-table';
import { addDays, plannedMeetings, relationshipStart } from '#domain/program/schedule';
import type { MeetingStatus } from '#domain/check-in-details';
import { startDynamoDb } from '#local/services/dynamodb';
import cliProgress from 'cli-progress';
import { countAwsRequests, loadCohort, round } from './measure.ts';

/**
 * `npm run bench:status`: how long `mentoring status` takes over a program of many
 * relationships on DynamoDB Local, each three months into its year (a dozen meetings planned,
 * most held, its check-ins answered, its e-mails logged, one check-in still open).
 */
const options = new Command('npm run bench:status --')
  .option(
    '--relationships <n>',
    'relationships in the program',
    (value: string) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('give a whole number of at least 1');
      return n;
    },
    1000,
  )
  .option('--out <file>', 'where the figures are written as JSON', 'runs/bench-status.json')
  .parse()
  .opts<{ relationships: number; out: string }>();

const MEETINGS = 12;
const AT_ONCE = 16;
const inTurns = async <T>(items: T[], work: (item: T) => Promise<void>, done: () => void) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: AT_ONCE }, async () => {
      while (next < items.length) {
        await work(items[next++]!);
        done();
      }
    }),
  );
};

const dynamoDb = await startDynamoDb();
try {
  const cohort = await loadCohort(options.relationships);
  const now = addDays(cohort.from, 95);
  useClock({ now: () => now });
  useSeededIds(7);
  useWorkflow(memoryWorkflow());
  process.env.DYNAMODB_ENDPOINT = dynamoDb.endpoint;
  useEndpointSettings(loopbackSettings);
  process.env.RESPONSE_BASE_URL ??= 'https://answers.example.org';
  process.env.ERASURE_KEY ??= 'a-bench-key-for-marks-of-forgotten-addresses';

  const setUp = performance.now();
  const bar = (label: string, total: number) => {
    const line = new cliProgress.SingleBar(
      { format: ` ${label} |{bar}| {value}/{total}`, noTTYOutput: true, notTTYSchedule: 10_000 },
      cliProgress.Presets.shades_classic,
    );
    line.start(total, 0);
    return line;
  };
  let progress = bar('enrolling', cohort.groups.length);
  await enrolCohort(cohort.program, cohort.rows, (done) => progress.update(done));
  progress.stop();
  const relationships = await listRelationships(cohort.program.id);
  progress = bar('their first three months', relationships.length);
  await inTurns(
    relationships.map((relationship, n) => ({ ...relationship, n })),
    async ({ relationshipId, n }) => {
      const context = await getRelationshipWithPeople(relationshipId);
      const calendar = { program: cohort.program, startDate: context.relationship.startDate, timeZone: context.relationship.timeZone };
      const people = [context.mentor, ...context.mentees];
      const holders = { programId: cohort.program.id, relationshipId, personIds: people.map((p) => p.personId) };
      await updateRelationship(relationshipId, { status: 'active', phase: 'meetings-1' });
      const slots = plannedMeetings(calendar).slice(0, MEETINGS);
      for (const [i, at] of slots.entries()) {
        await planMeeting(relationshipId, i + 1, at);
        if (at >= now) continue;
        // One in five has missed its meetings since the sixth: at risk.
        const status: Exclude<MeetingStatus, 'planned'> = n % 5 === 0 && i >= 5 ? 'not-held' : i === 9 ? 'unanswered' : 'held';
        await concludeMeeting(relationshipId, i + 1, 1, status, addDays(at, 0.2).toISOString(), status === 'held' ? { mode: 'video', rating: 4 } : {});
        const answeredAt = addDays(at, 0.2).toISOString();
        const question = {
          questionId: `${relationshipId}.check-in.${i + 1}.1`,
          relationshipId,
          kind: 'check-in' as const,
          subject: { meetingNo: i + 1, occurrence: 1 },
          taskToken: `token-${i}`,
          state: 'open' as const,
          links: Object.fromEntries(people.map((p) => [p.personId, `link-${relationshipId}-${i}-${p.personId}`])),
          answers: {},
          closesAt: addDays(at, 7).toISOString(),
          timeZone: calendar.timeZone,
          page: {},
        };
        if (addDays(at, 7) > now) await openQuestion(question, holders);
        else if (status !== 'unanswered')
          await saveAnswer(
            {
              ...question,
              answers: { [context.mentees[0]!.personId]: { role: 'mentee', answeredAt, outcome: status, details: {} } },
              outcome: status,
              settledAt: answeredAt,
            },
            holders,
          );
        for (const person of people)
          await recordMailSent(relationshipId, {
            messageKey: `check-in/${i + 1}/1/${person.personId}`,
            kind: 'check-in',
            recipientRole: 'mentee',
            sentAt: at.toISOString(),
            messageId: `${relationshipId}-${i}-${person.personId}`,
          });
      }
    },
    () => progress.increment(),
  );
  progress.stop();
  const setUpSeconds = round((performance.now() - setUp) / 1000, 1);

  // Judged twice: the first also loads the program and warms the client.
  const times: number[] = [];
  let requests = 0;
  let table = '';
  let json = '';
  let health: Record<string, number> = {};
  for (let run = 0; run < 3; run++) {
    const counting = countAwsRequests();
    const started = performance.now();
    const status = await programStatus(cohort.program.id);
    table = statusTable(status);
    health = Object.fromEntries(
      ['on-track', 'at-risk', 'paused', 'matching', 'ended'].map((h) => [h, status.relationships.filter((r) => r.health === h).length]),
    );
    json = JSON.stringify(status, null, 2);
    times.push((performance.now() - started) / 1000);
    counting.stop();
    requests = counting.counts.dynamoDb;
  }
  const figures = {
    relationships: relationships.length,
    startedAt: relationshipStart({ program: cohort.program, startDate: cohort.rows[0]!.startDate, timeZone: cohort.rows[0]!.timeZone }).toISOString(),
    judgedAt: now.toISOString(),
    setUpSeconds,
    statusSeconds: times.map((t) => round(t, 2)),
    dynamoDbRequests: requests,
    health,
    tableLines: table.split('\n').length,
    jsonKiB: round(Buffer.byteLength(json) / 1024, 0),
  };
  console.log(
    `mentoring status over ${figures.relationships} relationships: ${figures.statusSeconds.join(' s, ')} s (three runs), ${requests} DynamoDB requests; health ${JSON.stringify(health)}; ${figures.tableLines} lines, ${figures.jsonKiB} KiB as JSON. Set-up ${setUpSeconds} s.`,
  );
  await mkdir(dirname(options.out), { recursive: true });
  await writeFile(options.out, `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`Figures: ${options.out}`);
} finally {
  await dynamoDb.stop();
}
