import { beforeAll, describe, expect, test } from 'vitest';
import { parseEnrolment } from '#use-cases/enrolment/read-enrolment';
import { pauseRelationship } from '#use-cases/pauses/pauses';
import { requestEnd } from '#use-cases/endings/endings';
import { findPersonIdByEmail, findRelationshipIdOfMentee } from '#adapters/store';
import { clock } from '#platform/clock';
import { addDays, plannedMeetings, relationshipEnd } from '#domain/program/schedule';
import { runCohort, type CohortRecord, type SentEmail } from '#local/run-cohort';
import type { LocalRuntime } from '#local/runtime';
import type { Policy, Reaction } from '#local/participants';
import { agreeing, halfYearProgram, twinStore } from '../support/cohort.ts';
import { readInvite } from '../support/ical.ts';

/**
 * Six relationships of a six-month program, each taking another path through the lifecycle:
 * a declined match, a no-fault exit at the mid-point review, an extension, a circle of one
 * mentor and three mentees, a pause for leave, and a coordinator's no-fault conclusion.
 */
const program = halfYearProgram({ id: 'lifecycle-paths', extension: { months: 2, every: { months: 1 }, maxTimes: 1 } });

const CSV = `mentee_name,mentee_email,mentor_name,mentor_email,manager_name,manager_email,coordinator_name,coordinator_email,competencies,time_zone,start_date,circle
Sari Wibowo,sari.wibowo@example.org,Marco Bianchi,marco.bianchi@example.org,Eva de Vries,eva.devries@example.org,Ingrid Solberg,ingrid.solberg@example.org,giving-feedback,Europe/Amsterdam,,
Tomasz Nowak,tomasz.nowak@example.org,Anneke Jansen,anneke.jansen@example.org,Eva de Vries,eva.devries@example.org,Ingrid Solberg,ingrid.solberg@example.org,strategic-thinking,Europe/Warsaw,,
Kari Nilsen,kari.nilsen@example.org,Femke Bakker,femke.bakker@example.org,Piotr Kowalski,piotr.kowalski@example.org,Ingrid Solberg,ingrid.solberg@example.org,delegation,Europe/Oslo,,
Giulia Romano,giulia.romano@example.org,Lars Hansen,lars.hansen@example.org,Piotr Kowalski,piotr.kowalski@example.org,Ingrid Solberg,ingrid.solberg@example.org,delegation,Europe/Rome,,Delegation circle
Dewi Lestari,dewi.lestari@example.org,Lars Hansen,lars.hansen@example.org,Eva de Vries,eva.devries@example.org,Ingrid Solberg,ingrid.solberg@example.org,delegation,Europe/Rome,,Delegation circle
Matteo Ricci,matteo.ricci@example.org,Lars Hansen,lars.hansen@example.org,Piotr Kowalski,piotr.kowalski@example.org,Ingrid Solberg,ingrid.solberg@example.org,giving-feedback,Europe/Rome,,Delegation circle
Budi Santoso,budi.santoso@example.org,Marco Bianchi,marco.bianchi@example.org,Piotr Kowalski,piotr.kowalski@example.org,Ingrid Solberg,ingrid.solberg@example.org,stakeholder-management,Asia/Jakarta,,
Noor Hendriks,noor.hendriks@example.org,Femke Bakker,femke.bakker@example.org,Eva de Vries,eva.devries@example.org,Ingrid Solberg,ingrid.solberg@example.org,delegation,Europe/Amsterdam,,
`;
const rows = parseEnrolment(CSV, program, 'lifecycle.csv');
const email = (name: string) => `${name.toLowerCase().replace(' ', '.')}@example.org`;
const COORDINATOR = 'ingrid.solberg@example.org';
const DECLINE_REASON = 'I would rather have a mentor from outside my own department.';
const PAUSE_DAYS = 21;

const paths: Policy = (mail): Reaction | undefined => {
  if (mail.to === email('Sari Wibowo') && mail.kind === 'match') return { afterDays: 0.1, answer: 'decline', note: DECLINE_REASON };
  // Anneke would rather stop; she says so privately at the mid-point review, Tomasz would go on.
  if (mail.to === email('Anneke Jansen') && mail.kind === 'review') return { afterDays: 0.1, fields: { continue: 'no' } };
  if ([email('Kari Nilsen'), email('Femke Bakker')].includes(mail.to) && mail.kind === 'look-back') return { afterDays: 0.1, fields: { extend: 'yes' } };
  // The coordinator lets Budi's pause run its planned course rather than resuming it early.
  if (mail.kind === 'pause') return undefined;
  return { afterDays: 0.1 };
};

let run: CohortRecord;
const pairOf = (mentee: string) => run.pairs.find((p) => p.mentee.startsWith(mentee))!;
const mailTo = (address: string, subject: RegExp = /./) =>
  run.emails.filter((m) => m.destination.to.some((to) => to.toLowerCase().includes(address)) && subject.test(m.subject));
/** The coordinator's weekly digests whose text says this. */
const digestsWith = (text: RegExp) => mailTo(COORDINATOR).filter((m) => m.kind === 'digest' && text.test(m.body.text ?? ''));
const executionsOf = (mentee: string) =>
  run.executions.filter((e) => e.name.startsWith(`${pairOf(mentee).relationshipId}-`)).map((e) => e.name.slice(pairOf(mentee).relationshipId.length + 1));
/** The calendar events an e-mail carries (each once, though a part may come twice), read as a calendar would. */
const invitesIn = (mail: SentEmail) =>
  [...new Set(mail.attachments.filter((a) => /calendar|ics/.test(a.contentType)).map((a) => a.content))].map((content) =>
    readInvite(Buffer.from(content, 'base64').toString('utf8')),
  );
const meetingUid = (mentee: string, meetingNo: number) => `${pairOf(mentee).relationshipId}-meeting-${meetingNo}@mentoring`;
/** The end e-mails to these people take the meeting out of their calendars: its invitation's UID, one SEQUENCE later. */
const expectCancelled = (people: string[], mentee: string, meetingNo: number, local: string) => {
  for (const person of people) {
    const [end] = mailTo(email(person), /^Your mentoring relationship ends here/);
    const [cancellation, ...more] = invitesIn(end!);
    expect(more).toEqual([]);
    expect([cancellation!.method, cancellation!.uid, cancellation!.startLocal(calendarOf(mentee).timeZone)]).toEqual([
      'CANCEL',
      meetingUid(mentee, meetingNo),
      local,
    ]);
    const invited = mailTo(email(person))
      .flatMap(invitesIn)
      .filter((i) => i.method === 'REQUEST' && i.uid === cancellation!.uid);
    expect(invited).toHaveLength(1);
    expect(cancellation!.sequence).toBe(invited[0]!.sequence + 1);
  }
};
const calendarOf = (mentee: string) => {
  const row = rows.find((r) => r.mentee.name === mentee)!;
  return { program, startDate: row.startDate, timeZone: row.timeZone };
};

/** What the coordinator does while the cohort runs: events on the program clock, as the simulated people's are. */
const coordinatorActs = (runtime: LocalRuntime) => {
  const relationshipOf = async (mentee: string) => (await findRelationshipIdOfMentee(program.id, (await findPersonIdByEmail(program.id, email(mentee)))!))!;
  const on = (day: number, act: () => Promise<unknown>) =>
    runtime.clock.at(addDays(new Date(`${rows[0]!.startDate}T12:00:00Z`), day).getTime(), () => void runtime.clock.track(act), `coordinator day ${day}`, true);
  // Budi goes on leave after his 3rd meeting; Noor's pair is ended by the coordinator after its 4th.
  on(40, async () => pauseRelationship(await relationshipOf('Budi Santoso'), addDays(clock().now(), PAUSE_DAYS)));
  on(55, async () => requestEnd(await relationshipOf('Noor Hendriks')));
};

beforeAll(async () => {
  run = await runCohort({ program, rows, policy: agreeing(() => ({ afterDays: 0.1 }), paths), onRunning: coordinatorActs, runtime: twinStore() });
}, 240_000);

describe('the lifecycle’s paths, run end to end on the rendered definitions', () => {
  test('every execution ends, and each relationship’s outcome is the one its path leads to', () => {
    expect(run.executions.filter((e) => e.status !== 'SUCCEEDED' && e.status !== 'ABORTED').map((e) => `${e.name} ${e.status}`)).toEqual([]);
    expect(Object.fromEntries(run.pairs.map((p) => [p.mentee, p.outcome]))).toEqual({
      'Sari Wibowo': 'declined',
      'Tomasz Nowak': 'ended early',
      'Kari Nilsen': 'completed, extended 1×, followed up',
      'Giulia Romano, Dewi Lestari, Matteo Ricci': 'completed, followed up',
      'Budi Santoso': 'completed, paused 1×, followed up',
      'Noor Hendriks': 'ended early',
    });
  });

  test('a declined match ends kindly for both, without saying who declined, and opens a rematch for the coordinator', () => {
    expect(executionsOf('Sari Wibowo')).toEqual(['matching']);
    expect(pairOf('Sari Wibowo').meetingDates).toEqual([]);
    const [notice] = mailTo(email('Marco Bianchi'), /^About your proposed mentoring match/);
    expect(notice!.body.text).not.toMatch(/Sari[^\n]*declin|declined|department/);
    expect(mailTo(email('Sari Wibowo'), /^About your proposed mentoring match/)).toHaveLength(1);
    // The coordinator reads of the rematch, with the private reason, in their next weekly digest: once.
    const [rematch, ...again] = digestsWith(/The proposed match of Sari Wibowo with Marco Bianchi as mentor was declined/);
    expect(again).toEqual([]);
    expect(rematch!.body.text).toContain(DECLINE_REASON);
    // The line manager hears of a relationship only once both accepted.
    expect(mailTo('eva.devries@example.org', /Sari Wibowo/)).toEqual([]);
    expect(mailTo('eva.devries@example.org', /^Tomasz Nowak has started a mentoring relationship/)).toHaveLength(1);
  });

  test('a private "rather not go on" at the mid-point review ends the relationship without blame, and the mentee gets a rematch', () => {
    const ends = [email('Tomasz Nowak'), email('Anneke Jansen')].map((to) => mailTo(to, /^Your mentoring relationship ends here/));
    expect(ends.map((m) => m.length)).toEqual([1, 1]);
    // Both read the same words: nobody learns who asked.
    const neutral = (text = '') =>
      text
        .split('\n\n--\n')[0]!
        .replace(/Tomasz Nowak|Anneke Jansen|Tomasz|Anneke/g, 'X')
        .replace(/(mentor|mentee)\b/g, 'role');
    expect(ends[1]![0]!.body.text).not.toMatch(/you asked|asked to end/);
    expect(ends[0]![0]!.body.text).not.toMatch(/Anneke (asked|wished|wanted)|mentor asked/);
    expect(neutral(ends[0]![0]!.body.text).split('\n')[0]).toBe(neutral(ends[1]![0]!.body.text).split('\n')[0]);
    expect(mailTo('eva.devries@example.org', /^The mentoring of Tomasz Nowak has ended early/)).toHaveLength(1);
    expect(digestsWith(/The mentoring of Tomasz Nowak with Anneke Jansen has ended early, without blame/)).toHaveLength(1);
    // Nothing after the month-3 review (11 April), no celebration. The next meeting, 12 April, was invited with the
    // check-in of 29 March; the end cancels it (status cancelled: neither held nor still planned) in both calendars.
    const { meetingDates, meetings } = pairOf('Tomasz Nowak');
    expect(meetingDates.map((d) => d.slice(0, 10)).slice(-2)).toEqual(['2027-03-29', '2027-04-12']);
    expect(meetings).toMatchObject({ planned: 0, held: meetingDates.length - 1, notHeld: 0, unanswered: 0 });
    expectCancelled(['Tomasz Nowak', 'Anneke Jansen'], 'Tomasz Nowak', meetingDates.length, '2027-04-12T10:00');
    expect(mailTo(email('Tomasz Nowak'), /^Well done/)).toEqual([]);
  });

  test('an extension both asked for and the coordinator approved adds monthly meetings, then closes and follows up', () => {
    expect(executionsOf('Kari Nilsen')).toEqual(['matching', 'agreement', 'meetings-1', 'closure', 'extension-1', 'closure-1', 'follow-up']);
    expect(mailTo(COORDINATOR, /^Kari Nilsen and Femke Bakker would like to extend/)).toHaveLength(1);
    expect(mailTo(email('Kari Nilsen'), /^Your mentoring with Femke Bakker goes on for a few more months/)).toHaveLength(1);
    const end = relationshipEnd(calendarOf('Kari Nilsen'));
    const extra = pairOf('Kari Nilsen').meetingDates.filter((d) => new Date(d) >= end);
    expect(extra.length).toBe(2);
    // Only the pair that asked is extended.
    expect(run.executions.filter((e) => /-extension-/.test(e.name))).toHaveLength(1);
  });

  test('a circle of one mentor and three mentees: every member has every meeting’s invitation and check-in, each mentee reviews and is celebrated', () => {
    const circle = pairOf('Giulia Romano');
    expect(circle).toMatchObject({ circle: 'Delegation circle', members: 4, goals: 3 });
    const meetings = circle.meetingDates.length;
    expect(meetings).toBe(plannedMeetings(calendarOf('Giulia Romano')).length);
    const uids = circle.meetingDates.map((_, i) => meetingUid('Giulia Romano', i + 1));
    for (const person of ['Giulia Romano', 'Dewi Lestari', 'Matteo Ricci', 'Lars Hansen']) {
      // One invitation per meeting (and one more per move), in their own calendar; its alarm is the day-before reminder.
      const invitations = mailTo(email(person))
        .flatMap(invitesIn)
        .filter((i) => i.method === 'REQUEST');
      expect(invitations).toHaveLength(meetings + circle.meetings.moved);
      expect([...new Set(invitations.map((i) => i.uid))].sort()).toEqual([...uids].sort());
      const latest = uids.map((uid) => invitations.filter((i) => i.uid === uid).reduce((a, b) => (b.sequence > a.sequence ? b : a)));
      expect(latest.map((i) => i.start.toISOString())).toEqual(circle.meetingDates);
      expect(invitations.filter((i) => !i.attendees.some((a) => a.email === email(person)))).toEqual([]);
      expect([...new Set(invitations.flatMap((i) => i.alarms.map((a) => a.minutesBefore)))]).toEqual([program.meetings.reminderHoursBefore * 60]);
      // Everyone answered at once: no e-mail reminded them of anything.
      expect(mailTo(email(person)).filter((m) => m.kind.includes('reminder'))).toEqual([]);
      expect(mailTo(email(person), /^How did your meeting/)).toHaveLength(meetings + circle.meetings.moved);
      expect(mailTo(email(person), /^Well done/)).toHaveLength(1);
    }
    // The month 3 review came with the check-in before it, to every member: no e-mail of its own.
    for (const person of ['Giulia Romano', 'Dewi Lestari', 'Matteo Ricci', 'Lars Hansen']) {
      expect(mailTo(email(person), /^Month 3: a short review/)).toEqual([]);
      expect(mailTo(email(person), /^How did your meeting/).filter((m) => m.body.text?.includes('Your month 3 review with'))).toHaveLength(1);
    }
    // Each mentee's own line manager hears of their mentee only.
    expect(mailTo('eva.devries@example.org', /^Dewi Lestari has completed their mentoring year/)).toHaveLength(1);
    expect(mailTo('eva.devries@example.org', /Giulia Romano|Matteo Ricci/)).toEqual([]);
  });

  test('a pause for leave moves the rest of the schedule on, and both are told when it starts and ends', () => {
    for (const person of ['Budi Santoso', 'Marco Bianchi']) {
      expect(mailTo(email(person), /^Your mentoring with .* is paused/)).toHaveLength(1);
      expect(mailTo(email(person), /^Welcome back: your mentoring with .* resumes/)).toHaveLength(1);
    }
    expect(executionsOf('Budi Santoso')).toContain('pause-1');
    expect(executionsOf('Budi Santoso')).toContain('meetings-1-after-pause-1');
    const planned = plannedMeetings(calendarOf('Budi Santoso')).map((d) => d.getTime());
    const held = pairOf('Budi Santoso').meetingDates.map((d) => new Date(d).getTime());
    // Before the pause, as planned; after it, every meeting a whole number of days later, the same for all, at least the pause's length.
    const shifts = held.map((at, i) => Math.round((at - planned[i]!) / 86_400_000));
    expect(shifts.slice(0, 3)).toEqual([0, 0, 0]);
    // Paused on day 40 for three weeks, back on day 61: the meeting of day 42 (Monday 22 February) and every later one move on by 21 days.
    expect(shifts.slice(3)).toEqual(Array(planned.length - 3).fill(PAUSE_DAYS));
  });

  test('the coordinator can end a relationship at any point, without blame: the conclusion stops the meetings', () => {
    expect(executionsOf('Noor Hendriks')).toContain('conclusion');
    expect(run.executions.find((e) => e.name === `${pairOf('Noor Hendriks').relationshipId}-meetings-1`)!.status).toBe('ABORTED');
    for (const person of ['Noor Hendriks', 'Femke Bakker']) expect(mailTo(email(person), /^Your mentoring relationship ends here/)).toHaveLength(1);
    expect(digestsWith(/The mentoring of Noor Hendriks with Femke Bakker has ended early, without blame/)).toHaveLength(1);
    // Day 55 is 7 March: the meetings of 1 March and before took place; the one of 15 March, already invited, is cancelled.
    expect(pairOf('Noor Hendriks').meetingDates.map((d) => d.slice(0, 10))).toEqual(['2027-01-18', '2027-02-01', '2027-02-15', '2027-03-01', '2027-03-15']);
    expect(pairOf('Noor Hendriks').meetings).toMatchObject({ planned: 0, held: 4 });
    expectCancelled(['Noor Hendriks', 'Femke Bakker'], 'Noor Hendriks', 5, '2027-03-15T10:00');
  });
});
