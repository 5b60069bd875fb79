import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { relationshipStart } from '#domain/program/schedule';
import { enrolCohort } from '#use-cases/enrolment/enrol';
import { getRelationship, listSavedAnswers } from '#adapters/store';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime';
import { startParticipants } from '#local/participants';
import { sentEmails } from '#local/run-cohort';
import type { PairRow } from '#use-cases/enrolment/read-enrolment';
import { agreeing, examplePairs, exampleProgram, sharedDynamoDb } from '../support/cohort.ts';

/**
 * The weekly digest's buttons, pressed as a coordinator would: three pairs who stopped answering
 * their check-ins are at risk in the first digest; the coordinator nudges the first, pauses the
 * second for two weeks and ends the third without blame, each with two clicks. Opening a link
 * changes nothing (mail scanners open every link); pressing twice does everything once.
 */
const program = exampleProgram({ id: 'actions' });
const [nudged, paused, ended] = examplePairs(program, 3) as [PairRow, PairRow, PairRow];

let runtime: LocalRuntime;
const relationshipOf = new Map<PairRow, string>();
let digest = '';

const sent = () => sentEmails(program.id, runtime.inbox.mail());
/** The e-mails sent since `before` was taken (sent mail is listed by time, and the clock stands still while a page is pressed). */
const sentSince = async (before: Awaited<ReturnType<typeof sent>>) => {
  const known = new Set(before.map((m) => m.messageKey));
  return (await sent()).filter((m) => !known.has(m.messageKey));
};
/** The URL of a button in the digest's text, under the relationship's heading. */
const buttonOf = (pair: PairRow, label: string): string => {
  const section = digest.slice(digest.indexOf(`(${relationshipOf.get(pair)})`));
  const url = new RegExp(`${label}:\\n(\\S+)`).exec(section)?.[1];
  if (!url) throw new Error(`no “${label}” button for ${pair.mentee.name}'s pair in the digest:\n${digest}`);
  return url;
};
const open = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, html: await response.text() };
};
const press = async (url: string, form: Record<string, string>) => {
  const response = await fetch(url, { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const page = { status: response.status, html: await response.text() };
  await runtime.settle();
  return page;
};
const runsOf = (pair: PairRow) =>
  runtime.stepFunctions
    .listAll()
    .filter((e) => e.name.startsWith(`${relationshipOf.get(pair)}-coordinator-`))
    .map((e) => [e.name.slice(relationshipOf.get(pair)!.length + 1), e.status]);

beforeAll(async () => {
  const start = relationshipStart({ program, startDate: nudged.startDate, timeZone: nudged.timeZone });
  runtime = await startLocalRuntime({ programOrigin: start, ...sharedDynamoDb() });
  // Everyone accepts and agrees; nobody answers a check-in.
  startParticipants({ runtime, policy: agreeing(() => undefined) });
  const { enrolled } = await runtime.clock.track(() => enrolCohort(program, [nudged, paused, ended]));
  [nudged, paused, ended].forEach((row, i) => relationshipOf.set(row, enrolled[i]!));
  // The first digest that finds them at risk: Monday 1 February, 08:00 in Oslo.
  await runtime.run({ until: new Date('2027-02-01T09:00:00.000Z'), done: () => false });
  await runtime.settle();
  const digests = (await sent()).filter((m) => m.kind === 'digest');
  expect(digests.map((m) => m.sentAt)).toEqual(['2027-02-01T07:00:00.000Z']);
  digest = digests[0]!.body.text!;
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('the weekly digest’s buttons: nudge, pause, end without blame', () => {
  test('each pair at risk comes with the three buttons, side by side under its heading', () => {
    for (const pair of [nudged, paused, ended])
      for (const label of ['Nudge them now', 'Pause', 'End without blame'])
        expect(buttonOf(pair, label)).toMatch(new RegExp(`^${runtime.responsePages.baseUrl}/r/[A-Za-z0-9_-]{20,}$`));
  });

  test('nudge: opening the link changes nothing; pressing sends each of the pair a word from the coordinator, once, however often it is pressed', async () => {
    const url = buttonOf(nudged, 'Nudge them now');
    const before = await sent();
    const page = await open(url);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`Nudge ${nudged.mentee.name} and ${nudged.mentor.name} now`);
    await runtime.settle();
    expect(await sentSince(before)).toEqual([]);
    expect(runsOf(nudged)).toEqual([]);

    const thanks = await press(url, { answer: 'nudge' });
    expect(thanks.status).toBe(200);
    expect(thanks.html).toContain('get your nudge within minutes');
    const nudges = await sentSince(before);
    expect(nudges.map((m) => [m.relationshipId, m.kind, m.destination.to.join()]).sort()).toEqual(
      [
        [relationshipOf.get(nudged), 'coordinator-nudge', `"${nudged.mentee.name}" <${nudged.mentee.email}>`],
        [relationshipOf.get(nudged), 'coordinator-nudge', `"${nudged.mentor.name}" <${nudged.mentor.email}>`],
      ].sort(),
    );
    // Nothing waited on them (their last check-in had closed): a word from the coordinator, in the coordinator's name, replying to them.
    expect(nudges[0]!.subject).toMatch(/^How is your mentoring with .+ going\?$/);
    expect(nudges[0]!.body.text).toContain(`${nudged.coordinator.name}, who coordinates the program, would like to hear how your mentoring with`);
    expect(runsOf(nudged)).toEqual([['coordinator-nudge-20270201', 'SUCCEEDED']]);

    // Pressed again: already answered, and nothing more goes out.
    const again = await press(url, { answer: 'nudge' });
    expect(again.html).toContain('already');
    expect(await sentSince(before)).toHaveLength(2);
    expect(runsOf(nudged)).toHaveLength(1);
  });

  test('pause: the page offers lengths up to the program’s longest; two weeks pauses the relationship and tells both', async () => {
    const url = buttonOf(paused, 'Pause');
    const page = await open(url);
    expect(page.html).toContain('<option value="14"');
    expect(page.html).toContain(`<option value="${program.pause.maxDays}" selected`);
    const refused = await press(url, { days: '1000' });
    expect(refused.status).toBe(400);
    expect((await getRelationship(relationshipOf.get(paused)!)).status).toBe('active');

    const before = await sent();
    const thanks = await press(url, { days: '14' });
    expect(thanks.html).toContain('the pause starts within minutes');
    const relationship = await getRelationship(relationshipOf.get(paused)!);
    expect(relationship.status).toBe('paused');
    const [pause] = relationship.pauses;
    expect((new Date(pause!.plannedUntil!).getTime() - new Date(pause!.from).getTime()) / 86_400_000).toBe(14);
    expect(
      (await sentSince(before))
        .filter((m) => m.kind === 'pause')
        .map((m) => m.destination.to.join())
        .sort(),
    ).toEqual([nudged.coordinator, paused.mentee, paused.mentor].map((p) => `"${p.name}" <${p.email}>`).sort());
    expect(runsOf(paused)).toEqual([['coordinator-pause-20270201', 'SUCCEEDED']]);
  });

  test('end without blame: the relationship ends early, recorded as the coordinator’s request; nobody is told who asked', async () => {
    const url = buttonOf(ended, 'End without blame');
    const page = await open(url);
    expect(page.html).toContain('Nobody is told who asked to end it.');
    const before = await sent();
    await press(url, { answer: 'end', note: 'They told me in person that it does not fit.' });
    const relationship = await getRelationship(relationshipOf.get(ended)!);
    expect(relationship).toMatchObject({ status: 'closed', ending: 'ended-early', endRequestedBy: 'coordinator' });
    const endings = (await sentSince(before)).filter((m) => m.kind === 'ending-ended-early');
    expect(endings.map((m) => m.destination.to.join()).sort()).toEqual([ended.mentee, ended.mentor].map((p) => `"${p.name}" <${p.email}>`).sort());
    for (const mail of endings) expect(mail.body.text).not.toMatch(/coordinator asked|note/i);
    // The coordinator's note stays with the answers, for coordinators only.
    const answers = await listSavedAnswers(relationshipOf.get(ended)!);
    expect(Object.values(answers.find((a) => a.kind === 'coordinator-action')!.answers)).toEqual([
      { role: 'coordinator', answeredAt: '2027-02-01T09:00:00.000Z', outcome: 'end', details: { note: 'They told me in person that it does not fit.' } },
    ]);
    expect(runsOf(ended).map(([name]) => name)).toEqual(['coordinator-end-20270201']);
  });

  test('a relationship that ended offers nothing in the next digest', async () => {
    await runtime.run({ until: new Date('2027-02-08T09:00:00.000Z'), done: () => false });
    await runtime.settle();
    const next = (await sent()).filter((m) => m.kind === 'digest').at(-1)!;
    expect(next.sentAt).toBe('2027-02-08T07:00:00.000Z');
    const section = next.body.text!.slice(next.body.text!.indexOf(`(${relationshipOf.get(ended)})`));
    expect(section.split('\n\n')[0]).not.toContain('End without blame');
  });
});
