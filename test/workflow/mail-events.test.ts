import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { relationshipStart } from '#domain/program/schedule';
import { enrolCohort } from '#use-cases/enrolment/enrol';
import { findPersonIdByEmail, getPeople, getRelationship } from '#adapters/store';
import { logger } from '#platform/logger';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime';
import { startParticipants } from '#local/participants';
import { sentEmails } from '#local/run-cohort';
import { sesEvent } from '#local/mail-events';
import type { StoredEmail } from '#local/services/inbox';
import type { PairRow } from '#use-cases/enrolment/read-enrolment';
import { agreeing, examplePairs, halfYearProgram, twinStore } from '../support/cohort.ts';

/**
 * Three half-year pairs of the example cohort, all with Ingrid as coordinator: Marco mentors
 * both Sari and Budi (Budi's row is given Marco as mentor here; the example gives him Rina),
 * Anneke mentors Tomasz. Two months in, Marco's address bounces for good and Tomasz marks an
 * e-mail as spam; SES reports both through EventBridge, here as the same events handed to the
 * same function. The tests run in order, as the program's months do.
 */
const program = halfYearProgram({ id: 'mail-events' });
const [sari, tomasz, , budiWithRina] = examplePairs(program, 4) as [PairRow, PairRow, PairRow, PairRow];
// A mentor of two: Marco, with his own language and zone as Sari's row gives them.
const budi: PairRow = { ...budiWithRina, mentor: sari.mentor };
const marco = sari.mentor.email;
const anneke = tomasz.mentor.email;
const ingrid = sari.coordinator.email;
const DAY = 86_400_000;

let runtime: LocalRuntime;
let start: number;
const rel = new Map<string, string>();
/** What each address had received just before its address stopped working. */
const before = new Map<string, number>();

const addressOf = (to: string) => (/<([^>]+)>/.exec(to)?.[1] ?? to).toLowerCase();
const mailTo = (address: string): StoredEmail[] => runtime.inbox.mail().filter((m) => m.destination.to.some((to) => addressOf(to) === address));
const alerts = async () => (await sentEmails(program.id, runtime.inbox.mail())).filter((m) => m.kind === 'undeliverable');
const personOf = async (address: string) => {
  const personId = (await findPersonIdByEmail(program.id, address))!;
  return (await getPeople(program.id, [personId])).get(personId)!;
};

beforeAll(async () => {
  runtime = await startLocalRuntime({
    programOrigin: relationshipStart({ program, startDate: sari.startDate, timeZone: sari.timeZone }),
    ...twinStore(),
  });
  start = runtime.clock.nowEpochMs();
  startParticipants({ runtime, policy: agreeing(() => ({ answer: 'held', afterDays: 0.1, mode: 'video', rating: 4 })) });
  const { enrolled } = await runtime.clock.track(() => enrolCohort(program, [sari, tomasz, budi]));
  for (const [i, pair] of [sari, tomasz, budi].entries()) rel.set(pair.mentee.email, enrolled[i]!);
  await runtime.run({ until: new Date(start + 60 * DAY), done: () => false });
}, 120_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await runtime?.stop();
});

describe('bounces and complaints reach a person', () => {
  test("a mentor's address bounces: the coordinator gets one alert naming both of his relationships", async () => {
    for (const address of [marco, sari.mentee.email, budi.mentee.email]) before.set(address, mailTo(address).length);
    expect(before.get(marco)).toBeGreaterThan(0);

    const at = runtime.clock.now().toISOString();
    expect(await runtime.simulateMailEvent({ type: 'bounce', address: marco })).toEqual({ marked: 1, letters: 1, unknown: 0 });

    const told = await alerts();
    expect(told).toHaveLength(1);
    const [alert] = told;
    expect(alert!.destination.to.map(addressOf)).toEqual([ingrid]);
    expect(alert!.subject).toBe('E-mail to Marco Bianchi is refused: 2 mentoring relationships stall');
    const text = alert!.body.text!;
    expect(text).toContain(`The program's e-mail to Marco Bianchi at ${marco} came back: their mail server refuses the address for good.`);
    expect(text).toContain('It stalls these 2 relationships:');
    for (const pair of [sari, budi])
      expect(text).toContain(
        `• the mentoring of ${pair.mentee.name} with Marco Bianchi, where Marco Bianchi is the mentor (relationship id ${rel.get(pair.mentee.email)})`,
      );
    expect(text).toContain('check the address with Marco Bianchi in person');
    expect(await personOf(marco)).toMatchObject({ undeliverableBecause: 'bounce', undeliverableSince: at, undeliverableReportedAt: at });
  });

  test('the same event again, or another bounce for him, changes nothing and sends nothing', async () => {
    const accepted = runtime.inbox.accepted;
    const marked = await personOf(marco);
    expect(await runtime.simulateMailEvent({ type: 'bounce', address: marco })).toEqual({ marked: 0, letters: 0, unknown: 0 });
    expect(await runtime.simulateMailEvent({ type: 'complaint', address: marco })).toEqual({ marked: 0, letters: 0, unknown: 0 });
    await runtime.settle();
    expect(runtime.inbox.accepted).toBe(accepted);
    expect(await personOf(marco)).toEqual(marked);
  });

  test('a complaint is reported as one: the person asked not to get mail, and the coordinator should talk to them', async () => {
    expect(await runtime.simulateMailEvent({ type: 'complaint', address: tomasz.mentee.email })).toEqual({ marked: 1, letters: 1, unknown: 0 });
    const complaint = (await alerts()).find((m) => m.body.text!.includes('Tomasz Nowak'))!;
    expect(complaint.relationshipId).toBe(rel.get(tomasz.mentee.email));
    expect(complaint.subject).toBe("Tomasz Nowak asked not to get the program's e-mail: the mentoring of Tomasz Nowak stalls");
    expect(complaint.body.text).toContain(`Tomasz Nowak (${tomasz.mentee.email}) marked an e-mail from the program as unwanted, as one marks spam.`);
    expect(complaint.body.text).toContain('It stalls this relationship:');
    expect(complaint.body.text).toContain('What you might do: talk with Tomasz Nowak in person.');
    expect(await personOf(tomasz.mentee.email)).toMatchObject({ undeliverableBecause: 'complaint' });
    before.set(tomasz.mentee.email, mailTo(tomasz.mentee.email).length);
  });

  test("each person SES reports unreachable goes out once on the program's bus, by id and reason, never by name or address", async () => {
    const undeliverable = runtime.eventBus.events().filter((e) => e['detail-type'] === 'PersonUndeliverable');
    expect(undeliverable.map(({ detail }) => detail)).toEqual([
      expect.objectContaining({ relationshipId: rel.get(sari.mentee.email), personId: (await personOf(marco)).personId, because: 'bounce' }),
      expect.objectContaining({ relationshipId: rel.get(tomasz.mentee.email), personId: (await personOf(tomasz.mentee.email)).personId, because: 'complaint' }),
    ]);
    const text = JSON.stringify(runtime.eventBus.events());
    for (const word of [marco, tomasz.mentee.email, 'Marco Bianchi', 'Tomasz Nowak']) expect(text).not.toContain(word);
  });

  test('a malformed event, a passing bounce or one about a relationship nobody has changes nothing, and the log never holds an address', async () => {
    const logged = [vi.spyOn(logger, 'error'), vi.spyOn(logger, 'warn'), vi.spyOn(logger, 'info')];
    const accepted = runtime.inbox.accepted;
    const event = sesEvent(
      { type: 'bounce', address: anneke },
      { messageId: 'm-1', relationshipId: rel.get(tomasz.mentee.email)!, kind: 'check-in', sentAt: new Date(start).toISOString() },
      runtime.clock.now(),
    );
    const { tags, ...untagged } = event.detail.mail;
    expect(tags.relationship).toEqual([rel.get(tomasz.mentee.email)]);

    expect(await runtime.deliverMailEvent({ ...event, detail: { ...event.detail, mail: untagged } })).toEqual({ dropped: true });
    expect(await runtime.deliverMailEvent({ ...event, 'detail-type': 'Email Delivered' })).toEqual({ dropped: true });
    expect(await runtime.deliverMailEvent('not an event')).toEqual({ dropped: true });
    expect(await runtime.simulateMailEvent({ type: 'bounce', address: anneke, bounceType: 'Transient' })).toMatchObject({
      marked: 0,
      ignored: 'not-permanent',
    });
    expect(
      await runtime.deliverMailEvent({
        ...event,
        detail: { ...event.detail, mail: { ...event.detail.mail, tags: { ...tags, relationship: ['rel-000000000000'] } } },
      }),
    ).toMatchObject({ marked: 0, ignored: 'unknown-relationship' });
    expect(
      await runtime.deliverMailEvent({
        ...event,
        detail: { ...event.detail, bounce: { ...event.detail.bounce, bouncedRecipients: [{ emailAddress: 'nobody@example.org' }] } },
      }),
    ).toEqual({ marked: 0, letters: 0, unknown: 1 });
    await runtime.settle();

    expect(runtime.inbox.accepted).toBe(accepted);
    expect(await personOf(anneke)).not.toHaveProperty('undeliverableSince');
    const lines = logged.flatMap((spy) => spy.mock.calls.map((call) => JSON.stringify(call)));
    expect(lines.some((line) => line.includes('mail event dropped'))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/@|Anneke|Jansen/);
    for (const spy of logged) spy.mockRestore();
  });

  test('the relationships go on to their end: the mentor and the mentee who complained get nothing more, the others still get theirs', async () => {
    await runtime.run();
    expect(runtime.stepFunctions.listAll().filter((e) => e.status !== 'SUCCEEDED')).toEqual([]);
    for (const pair of [sari, tomasz, budi]) expect((await getRelationship(rel.get(pair.mentee.email)!)).status).toBe('closed');

    expect(mailTo(marco)).toHaveLength(before.get(marco)!);
    expect(mailTo(tomasz.mentee.email)).toHaveLength(before.get(tomasz.mentee.email)!);
    for (const mentee of [sari.mentee.email, budi.mentee.email]) expect(mailTo(mentee).length).toBeGreaterThan(before.get(mentee)! + 5);
    expect(mailTo(anneke).length).toBeGreaterThan(0);
    // Their silence was told once: no letter per relationship or per unanswered question followed.
    expect((await alerts()).map((m) => m.subject).sort()).toEqual([
      'E-mail to Marco Bianchi is refused: 2 mentoring relationships stall',
      "Tomasz Nowak asked not to get the program's e-mail: the mentoring of Tomasz Nowak stalls",
    ]);
  });
});
