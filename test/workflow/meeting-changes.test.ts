import { DateTime } from 'luxon';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseEnrolment } from '#use-cases/enrolment/read-enrolment';
import { pauseRelationship } from '#use-cases/pauses/pauses';
import { requestEnd } from '#use-cases/endings/endings';
import { findPersonIdByEmail, findRelationshipIdOfMentee, getRelationship } from '#adapters/store';
import { responseUrl } from '#presentation/pages/links';
import { clock } from '#platform/clock';
import { addDays } from '#domain/program/schedule';
import { runCohort, type CohortRecord, type SentEmail } from '#local/run-cohort';
import { fillForm, type Policy, type Reaction } from '#local/participants';
import type { LocalRuntime } from '#local/runtime';
import { agreeing, halfYearProgram, twinStore } from '../support/cohort.ts';
import { readInvite } from '../support/ical.ts';

/**
 * Meetings every two weeks at 10:00, from Monday 18 January 2027: the 3rd on Monday 15
 * February, the 4th on 1 March. On Tuesday 16 February, the day after the 3rd, with its
 * check-in still open: the coordinator ends Sari's pair, pauses Tomasz's, and Dewi leaves her
 * circle. Kari's pair meets on Oslo time; its mentor, in New York, moves the 2nd meeting by
 * picking a date only. Budi's pair never answers: two reasons to worry come on the same day.
 */
const program = halfYearProgram({
  id: 'meeting-changes',
  relationship: { lengthMonths: 3, firstMeetingAfterDays: 7 },
  reviewMonths: [],
  midpointReviewMonth: null,
  safetyNet: { missedInARow: 2, lowRating: 2, silentDays: 28 },
});

const CSV = `mentee_name,mentee_email,mentor_name,mentor_email,mentor_time_zone,manager_name,manager_email,coordinator_name,coordinator_email,competencies,time_zone,start_date,circle
Sari Wibowo,sari.wibowo@example.org,Marco Bianchi,marco.bianchi@example.org,,Eva de Vries,eva.devries@example.org,Ingrid Solberg,ingrid.solberg@example.org,giving-feedback,Europe/Amsterdam,,
Tomasz Nowak,tomasz.nowak@example.org,Anneke Jansen,anneke.jansen@example.org,,Eva de Vries,eva.devries@example.org,Ingrid Solberg,ingrid.solberg@example.org,strategic-thinking,Europe/Warsaw,,
Giulia Romano,giulia.romano@example.org,Lars Hansen,lars.hansen@example.org,,Piotr Kowalski,piotr.kowalski@example.org,Ingrid Solberg,ingrid.solberg@example.org,delegation,Europe/Rome,,Delegation circle
Dewi Lestari,dewi.lestari@example.org,Lars Hansen,lars.hansen@example.org,,Eva de Vries,eva.devries@example.org,Ingrid Solberg,ingrid.solberg@example.org,delegation,Europe/Rome,,Delegation circle
Kari Nilsen,kari.nilsen@example.org,Femke Bakker,femke.bakker@example.org,America/New_York,Piotr Kowalski,piotr.kowalski@example.org,Ingrid Solberg,ingrid.solberg@example.org,delegation,Europe/Oslo,,
Budi Santoso,budi.santoso@example.org,Noor Hendriks,noor.hendriks@example.org,,Piotr Kowalski,piotr.kowalski@example.org,Ingrid Solberg,ingrid.solberg@example.org,stakeholder-management,Asia/Jakarta,,
`;
const rows = parseEnrolment(CSV, program, 'meeting-changes.csv');
const email = (name: string) => `${name.toLowerCase().replace(' ', '.')}@example.org`;
const COORDINATOR = 'ingrid.solberg@example.org';
/** Tuesday 16 February, 12:00 UTC: the day after the 3rd meeting. */
const DAY_AFTER = 36;

const checkIns: Policy = (mail): Reaction | undefined => {
  if ([email('Budi Santoso'), email('Noor Hendriks')].includes(mail.to)) return undefined;
  // Femke, in New York, moves the 2nd meeting to two days later, picking the date only; Kari leaves it to her.
  if (mail.to === email('Femke Bakker') && mail.questionNo === 2) return { afterDays: 0.1, answer: 'moved', moveByDays: 2 };
  if (mail.to === email('Kari Nilsen') && mail.questionNo === 2) return undefined;
  // The 3rd meeting's check-in is still open the day after it.
  return { afterDays: mail.questionNo === 3 ? 3 : 0.1 };
};

let run: CohortRecord;
const pairOf = (mentee: string) => run.pairs.find((p) => p.mentee.startsWith(mentee))!;
const mailTo = (address: string, subject: RegExp = /./) =>
  run.emails.filter((m) => m.destination.to.some((to) => to.toLowerCase().includes(address)) && subject.test(m.subject));
/** The calendar events an e-mail carries (each once), read as a calendar would. */
const invitesIn = (mail: SentEmail) =>
  [...new Set(mail.attachments.filter((a) => /calendar|ics/.test(a.contentType)).map((a) => a.content))].map((content) =>
    readInvite(Buffer.from(content, 'base64').toString('utf8')),
  );
const meetingUid = (mentee: string, meetingNo: number) => `${pairOf(mentee).relationshipId}-meeting-${meetingNo}@mentoring`;
/** Every cancellation in someone's inbox: which meeting, on the pair's clock. */
const cancellationsTo = (person: string) =>
  mailTo(email(person))
    .flatMap((mail) => invitesIn(mail).map((invite) => ({ mail, invite })))
    .filter(({ invite }) => invite.method === 'CANCEL');

const relationshipOf = async (mentee: string) => (await findRelationshipIdOfMentee(program.id, (await findPersonIdByEmail(program.id, email(mentee)))!))!;

/** Dewi presses her own "end" link as a person does: opens the page, ticks, sends. */
const leaveCircle = async (mentee: string) => {
  const menteeId = (await findPersonIdByEmail(program.id, email(mentee)))!;
  const relationship = await getRelationship(await relationshipOf(mentee));
  const url = responseUrl((relationship as { endLinks?: Record<string, string> }).endLinks![menteeId]!);
  const page = await (await fetch(url)).text();
  const sent = await fetch(url, {
    method: 'POST',
    body: fillForm('end-relationship', page, { afterDays: 0 }, clock().now()),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  await sent.text();
};

const coordinatorActs = (runtime: LocalRuntime) => {
  const on = (day: number, act: () => Promise<unknown>) =>
    runtime.clock.at(addDays(new Date(`${rows[0]!.startDate}T12:00:00Z`), day).getTime(), () => void runtime.clock.track(act), `day ${day}`, true);
  on(DAY_AFTER, async () => requestEnd(await relationshipOf('Sari Wibowo')));
  on(DAY_AFTER, async () => pauseRelationship(await relationshipOf('Tomasz Nowak'), addDays(clock().now(), 14)));
  on(DAY_AFTER, () => leaveCircle('Dewi Lestari'));
};

beforeAll(async () => {
  run = await runCohort({ program, rows, policy: agreeing(checkIns), onRunning: coordinatorActs, runtime: twinStore() });
}, 240_000);

describe('a cancellation takes out only the meetings still ahead', () => {
  test('every execution ends as its path leads', () => {
    expect(run.executions.filter((e) => e.status === 'FAILED')).toEqual([]);
    expect(pairOf('Sari Wibowo')).toMatchObject({ status: 'closed', outcome: expect.stringContaining('ended early') });
  });

  test('an early end the day after a meeting cancels the next one, never the one that took place', () => {
    for (const person of ['Sari Wibowo', 'Marco Bianchi']) {
      const cancelled = cancellationsTo(person);
      expect(cancelled.map(({ mail }) => mail.subject)).toEqual(['Your mentoring relationship ends here']);
      expect(cancelled.map(({ invite }) => [invite.uid, invite.startLocal('Europe/Amsterdam')])).toEqual([[meetingUid('Sari Wibowo', 4), '2027-03-01T10:00']]);
    }
    // The 3rd meeting keeps its place in their calendars and in the record.
    expect(pairOf('Sari Wibowo').meetingDates.map((d) => d.slice(0, 10))).toContain('2027-02-15');
  });

  test('a pause the day after a meeting takes out the meetings it covers, not the one before it', () => {
    for (const person of ['Tomasz Nowak', 'Anneke Jansen']) {
      const cancelled = cancellationsTo(person);
      expect(cancelled.map(({ mail }) => mail.subject)).toEqual([expect.stringMatching(/^Your mentoring with .* is paused/)]);
      expect(cancelled.map(({ invite }) => [invite.uid, invite.startLocal('Europe/Warsaw')])).toEqual([[meetingUid('Tomasz Nowak', 4), '2027-03-01T10:00']]);
    }
  });

  test('a member leaving a circle the day after a meeting loses the meetings ahead from her calendar; the circle keeps them all', () => {
    const cancelled = cancellationsTo('Dewi Lestari');
    expect(cancelled.map(({ invite }) => invite.uid)).toEqual([meetingUid('Giulia Romano', 4)]);
    expect(cancelled[0]!.invite.sequence).toBe(1);
    for (const person of ['Giulia Romano', 'Lars Hansen']) expect(cancellationsTo(person)).toEqual([]);
    expect(pairOf('Giulia Romano')).toMatchObject({ status: 'closed', members: 2, outcome: expect.stringContaining('completed') });
  });
});

describe('a moved meeting keeps the pair’s hour', () => {
  test('the New York mentor of an Oslo pair picks a date only: the meeting is at 10:00 in Oslo, 04:00 for her, and both invitations say so', () => {
    const uid = meetingUid('Kari Nilsen', 2);
    const updated = (person: string) =>
      mailTo(email(person))
        .flatMap(invitesIn)
        .filter((i) => i.uid === uid && i.method === 'REQUEST' && i.sequence === 1);
    for (const person of ['Kari Nilsen', 'Femke Bakker']) {
      const [invite, ...more] = updated(person);
      expect(more).toEqual([]);
      expect([invite!.tzid, invite!.startAsWritten, invite!.startLocal('America/New_York')]).toEqual(['Europe/Oslo', '2027-02-03T10:00', '2027-02-03T04:00']);
    }
    expect(DateTime.fromISO(pairOf('Kari Nilsen').meetingDates[1]!, { zone: 'Europe/Oslo' }).toFormat("yyyy-MM-dd'T'HH:mm")).toBe('2027-02-03T10:00');
  });
});

describe('the coordinator hears of a pair at risk in their weekly digest', () => {
  test('a pair with two reasons is named for both, in the coordinator’s language and zone', () => {
    const digests = mailTo(COORDINATOR).filter((m) => m.kind === 'digest' && /Budi Santoso \(mentee\)/.test(m.body.text ?? ''));
    expect(digests.length).toBeGreaterThan(0);
    // Silence counts from the start of their relationship, in Jakarta: Sunday on the coordinator's Amsterdam clock.
    const text = digests.map((m) => m.body.text).join('\n');
    expect(text).toContain('The last 2 meetings of Budi Santoso (mentee) and Noor Hendriks (mentor) did not take place');
    expect(text).toMatch(/We have not heard from Budi Santoso \(mentee\) and Noor Hendriks \(mentor\) since Sunday, January 10: \d+ days/);
    expect(mailTo(COORDINATOR).filter((m) => m.kind === 'at-risk-alert')).toEqual([]);
    // One nudge, as before.
    for (const person of ['Budi Santoso', 'Noor Hendriks']) expect(mailTo(email(person), /^Finding time to meet/)).toHaveLength(1);
  });
});
