import { beforeAll, describe, expect, test } from 'vitest';
import { DateTime } from 'luxon';
import { isWorkingDay, meetingSlot, plannedMeetings } from '#domain/program/schedule';
import { formatDeadline } from '#presentation/messages/index';
import { runCohort, type CohortRecord, type SentEmail } from '#local/run-cohort';
import type { Policy } from '#local/participants';
import { agreeing, examplePairs, exampleProgram, sharedDynamoDb } from '../support/cohort.ts';
import { parseExecutionName } from '#domain/lifecycle/execution-names';
import { getRelationship, listMeetings } from '#adapters/store';
import type { Meeting } from '#domain/model';
import type { RelationshipCalendar } from '#domain/program/schedule';
import { calendarOf } from '#use-cases/relationship/relationship-context';
import { readInvite, type ReadInvite } from '../support/ical.ts';

const program = exampleProgram();
const [sari, tomasz, giulia, , kari] = examplePairs(program, 5);

/**
 * Sari's pair answers every check-in; Tomasz's pair leaves its 3rd and 4th unanswered; Giulia
 * moves her 2nd meeting three days on. Mentors leave the answering to their mentees. Kari's
 * pair agrees its goals and then answers nothing: the longest path a year's phases can take.
 */
const checkIns: Policy = ({ to, questionNo }) => {
  if (to === sari!.mentee.email) return { answer: 'held', afterDays: 0.1 };
  if (to === tomasz!.mentee.email) return questionNo === 3 || questionNo === 4 ? undefined : { answer: 'held', afterDays: 0.1 };
  if (to === giulia!.mentee.email) return questionNo === 2 ? { answer: 'moved', afterDays: 0.1, moveByDays: 3 } : { answer: 'held', afterDays: 0.1 };
  return undefined;
};

let run: CohortRecord;
const meetingsOf = new Map<string, Meeting[]>();
/** Each relationship's calendar as the planner read it: every pair agreed to meet monthly after week 8 (the page's least frequent rhythm, which the simulated members pick). */
const calendarsOf = new Map<string, RelationshipCalendar>();
const pairOf = (mentee: string) => run.pairs.find((p) => p.mentee === mentee)!;
const mailTo = (address: string, subject: RegExp) =>
  run.emails.filter((m) => m.destination.to.some((to) => to.toLowerCase().includes(address)) && subject.test(m.subject));
const addressOf = (mail: SentEmail) => (/<([^>]+)>/.exec(mail.destination.to[0]!)?.[1] ?? mail.destination.to[0]!).toLowerCase();
const localTime = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");

/** The calendar invitations an e-mail carries, read back by a second parser (once per e-mail). */
const invites = new Map<SentEmail, ReadInvite[]>();
const invitesIn = (mail: SentEmail): ReadInvite[] => {
  if (!invites.has(mail))
    invites.set(
      mail,
      mail.attachments
        .filter((a) => a.filename?.endsWith('.ics'))
        .map(({ content }) => readInvite(content.startsWith('BEGIN:') ? content : Buffer.from(content, 'base64').toString('utf8'))),
    );
  return invites.get(mail)!;
};

/** The windows a meeting's check-in waited, as its execution asked it. */
const checkInWindows = (relationshipId: string, meetingNo: number): { answer: number; reminder: number } => {
  for (const { history } of run.executions)
    for (const event of history) {
      const { FunctionName, Payload } = JSON.parse(event.taskScheduledEventDetails?.parameters ?? '{}') as {
        FunctionName?: string;
        Payload?: { relationshipId: string; kind: string; meetingNo?: number; attempt: string; windowSeconds: { answer: number; reminder: number } };
      };
      if (
        FunctionName?.endsWith('ask-participants') &&
        Payload?.relationshipId === relationshipId &&
        Payload.kind === 'check-in' &&
        Payload.meetingNo === meetingNo
      )
        return Payload.windowSeconds;
    }
  throw new Error(`no check-in asked for meeting ${meetingNo} of ${relationshipId}`);
};

beforeAll(async () => {
  const silentAfterAgreeing: Policy = (mail) =>
    mail.kind === 'review' && [kari!.mentee.email, kari!.mentor.email].includes(mail.to) ? undefined : { afterDays: 0.1 };
  run = await runCohort({
    program,
    rows: [sari!, tomasz!, giulia!, kari!],
    policy: agreeing(checkIns, silentAfterAgreeing),
    runtime: sharedDynamoDb(),
    inspect: async ({ pairs }) => {
      for (const { relationshipId } of pairs) {
        meetingsOf.set(relationshipId, await listMeetings(relationshipId));
        calendarsOf.set(relationshipId, calendarOf(await getRelationship(relationshipId), program));
      }
    },
  });
}, 180_000);

describe('a mentoring year, run on the rendered definitions with the real handlers', () => {
  const yearOf = (row: typeof sari) => plannedMeetings(calendarsOf.get(pairOf(row!.mentee.name).relationshipId)!);

  test('every relationship goes through matching, the agreement beside two meeting phases, closure and the follow-up', () => {
    expect(run.executions.map((e) => e.status)).toEqual(Array(24).fill('SUCCEEDED'));
    for (const pair of run.pairs) expect(pair).toMatchObject({ status: 'closed', phase: 'follow-up' });
    // Kari's pair never said how a meeting went: no meeting is known to have been held.
    expect(Object.fromEntries(run.pairs.map((p) => [p.mentee, p.outcome]))).toEqual({
      'Sari Wibowo': 'completed, followed up',
      'Tomasz Nowak': 'completed, followed up',
      'Giulia Romano': 'completed, followed up',
      'Kari Nilsen': 'completed with few meetings held, followed up',
    });
    expect(run.executions.map((e) => parseExecutionName(e.name)!.phase).sort()).toEqual(
      ['agreement', 'closure', 'follow-up', 'matching', 'meetings-1', 'meetings-2'].flatMap((p) => [p, p, p, p]).sort(),
    );
  });

  test('a pair that answers every check-in has every meeting recorded as held', () => {
    expect(pairOf('Sari Wibowo').meetings).toEqual({ planned: 0, held: yearOf(sari).length, moved: 0, notHeld: 0, unanswered: 0 });
    // Weekly until week 8, then monthly as they agreed: 18 meetings, not the program's 20.
    expect(yearOf(sari)).toHaveLength(18);
    expect(calendarsOf.get(pairOf('Sari Wibowo').relationshipId)!.rhythm?.cadence.at(-1)).toEqual({ every: { months: 1 }, until: { months: 12 } });
  });

  test('every meeting that took place was in both members’ calendars before it began, and brought a check-in after it', () => {
    // No e-mail reminds anyone of a meeting: the invitation's alarm does.
    expect(run.emails.filter((m) => /meeting-reminder/.test(m.kind) || /^Reminder: mentoring meeting/.test(m.subject))).toEqual([]);
    // The inline calendar part, which mail clients show, and the attached .ics are one and the same invitation.
    for (const mail of run.emails) expect(new Set(mail.attachments.map((a) => a.content)).size).toBeLessThanOrEqual(1);
    let checked = 0;
    for (const row of [sari!, tomasz!, giulia!, kari!]) {
      const { relationshipId } = pairOf(row.mentee.name);
      const zone = row.timeZone;
      for (const meeting of meetingsOf.get(relationshipId)!.filter((m) => m.status === 'held')) {
        const uid = `${relationshipId}-meeting-${meeting.meetingNo}@mentoring`;
        const endsAt = Date.parse(meeting.startsAt) + program.meetings.durationMinutes * 60_000;
        for (const person of [row.mentee.email, row.mentor.email]) {
          const mine = run.emails.filter((m) => m.relationshipId === relationshipId && addressOf(m) === person);
          const received = mine
            .filter((m) => Date.parse(m.sentAt) < Date.parse(meeting.startsAt))
            .flatMap((mail) => invitesIn(mail).flatMap((invite) => (invite.uid === uid ? [{ mail, invite }] : [])));
          // The calendar keeps the latest version it received: a REQUEST at the meeting's local time in the pair's zone.
          const kept = received.reduce<(typeof received)[number] | undefined>((a, b) => (!a || b.invite.sequence > a.invite.sequence ? b : a), undefined);
          expect(kept, `${uid} for ${person}`).toBeDefined();
          expect(kept!.invite.method).toBe('REQUEST');
          expect(kept!.invite.startLocal(zone)).toBe(localTime(meeting.startsAt, zone));
          if (!meeting.moves.length) expect(localTime(meeting.startsAt, zone).slice(11)).toBe(program.meetings.time);
          // Carried by the introduction (meeting 1), the e-mail that moved it, or else the check-in of the meeting before, which announces it.
          if (meeting.meetingNo === 1) expect(kept!.mail.kind).toBe('introduction');
          else if (meeting.moves.length) expect(kept!.mail.kind).toBe('meeting-invitation');
          else {
            expect(kept!.mail.messageKey).toMatch(new RegExp(`^check-in/${meeting.meetingNo - 1}/`));
            expect(kept!.mail.body.text).toContain('Your next meeting with');
          }
          // One check-in per date the meeting had, the last one after the meeting ended.
          const checkIns = mine.filter((m) => m.messageKey.startsWith(`check-in/${meeting.meetingNo}/`));
          expect(checkIns).toHaveLength(meeting.occurrence);
          expect(Date.parse(checkIns.at(-1)!.sentAt)).toBeGreaterThanOrEqual(endsAt);
          checked += 1;
        }
      }
    }
    // Sari's and Giulia's pairs met every time, Tomasz's but twice; Kari's never said.
    expect(checked).toBe(2 * (3 * yearOf(sari).length - 2));
  });

  test('check-ins nobody answers get no reminder e-mail and are recorded as unanswered once both windows have passed', () => {
    const pair = pairOf('Tomasz Nowak');
    expect(pair.meetings).toEqual({ planned: 0, held: yearOf(tomasz).length - 2, moved: 0, notHeld: 0, unanswered: 2 });
    // Of all the questions, only reviews were chased by e-mail.
    expect([...new Set(run.emails.filter((m) => /reminder/i.test(`${m.kind} ${m.subject}`)).map((m) => m.kind))]).toEqual(['review-reminder']);
    const unanswered = meetingsOf.get(pair.relationshipId)!.filter((m) => m.status === 'unanswered');
    expect(unanswered.map((m) => m.meetingNo)).toEqual([3, 4]);
    for (const meeting of unanswered) {
      const asked = run.emails.filter((m) => m.relationshipId === pair.relationshipId && new RegExp(`^check-in[^/]*/${meeting.meetingNo}/`).test(m.messageKey));
      expect(asked.map(addressOf).sort()).toEqual([tomasz!.mentee.email, tomasz!.mentor.email].sort());
      const { answer, reminder } = checkInWindows(pair.relationshipId, meeting.meetingNo);
      expect(meeting.concludedAt).toBe(new Date(Date.parse(asked[0]!.sentAt) + (answer + reminder) * 1000).toISOString());
    }
  });

  test('a moved meeting is held at its new date with an updated invitation, and the following meetings stay on their working-day slots', () => {
    const pair = pairOf('Giulia Romano');
    const calendar = calendarsOf.get(pair.relationshipId)!;
    expect(pair.meetings).toEqual({ planned: 0, held: yearOf(giulia).length, moved: 1, notHeld: 0, unanswered: 0 });
    const moved = meetingsOf.get(pair.relationshipId)!.find((m) => m.moves.length)!;
    expect(moved).toMatchObject({
      meetingNo: 2,
      status: 'held',
      occurrence: 2,
      moves: [{ from: meetingSlot(calendar, 2)!.toISOString(), to: moved.startsAt }],
    });

    // Each of them is told at once, with the invitation updated, and asked about the new date after it.
    const uid = `${pair.relationshipId}-meeting-2@mentoring`;
    for (const person of [giulia!.mentee.email, giulia!.mentor.email]) {
      const [movedMail, ...more] = run.emails.filter((m) => m.kind === 'meeting-invitation' && addressOf(m) === person);
      expect(more).toEqual([]);
      expect(movedMail!.subject).toMatch(/^Your meeting with (Giulia Romano|Lars Hansen) has moved to /);
      // She moved it three days on from when she answered, to 10:00.
      expect(localTime(moved.startsAt, calendar.timeZone)).toBe(
        DateTime.fromISO(movedMail!.sentAt, { zone: calendar.timeZone }).plus({ days: 3 }).toFormat("yyyy-MM-dd'T'10:00"),
      );
      const [before] = run.emails
        .filter((m) => addressOf(m) === person && m.kind === 'check-in')
        .flatMap(invitesIn)
        .filter((i) => i.uid === uid);
      const [after] = invitesIn(movedMail!);
      expect(after).toMatchObject({ method: 'REQUEST', uid, sequence: before!.sequence + 1 });
      expect(after!.startLocal(calendar.timeZone)).toBe(localTime(moved.startsAt, calendar.timeZone));
      const [checkIn] = run.emails.filter((m) => addressOf(m) === person && m.messageKey.startsWith('check-in/2/2/'));
      expect(Date.parse(checkIn!.sentAt)).toBeGreaterThan(Date.parse(moved.startsAt));
    }

    // The 3rd meeting and all after it kept their slots, whatever date the 2nd moved to; every pair's meetings fell on working days.
    expect(pair.meetingDates[1]).toBe(moved.startsAt);
    expect(pair.meetingDates.filter((_, i) => i !== 1)).toEqual(
      yearOf(giulia)
        .filter((_, i) => i !== 1)
        .map((d) => d.toISOString()),
    );
    for (const row of [sari!, tomasz!, kari!]) expect(pairOf(row.mentee.name).meetingDates).toEqual(yearOf(row).map((d) => d.toISOString()));
    for (const row of [sari!, tomasz!, giulia!, kari!])
      for (const date of pairOf(row.mentee.name).meetingDates)
        expect(isWorkingDay(new Date(date), { program, startDate: row.startDate, timeZone: row.timeZone })).toBe(true);
  });

  test('both participants get the introduction and the closure e-mail', () => {
    for (const row of [sari!, tomasz!, giulia!, kari!])
      for (const person of [row.mentee.email, row.mentor.email]) {
        expect(mailTo(person, /^Meet your/)).toHaveLength(1);
        expect(mailTo(person, /complete$/)).toHaveLength(1);
      }
  });

  test('no execution input, output or history event holds a name or an e-mail address', () => {
    const people = [sari!, tomasz!, giulia!, kari!].flatMap((row) => [row.mentee, row.mentor, row.manager, row.coordinator]);
    const text = JSON.stringify(run.executions);
    const words = people.flatMap((p) => [p.email, p.name, ...p.name.split(' ').filter((w) => w.length >= 4)]);
    expect(words.filter((word) => text.includes(word))).toEqual([]);
    expect(text).not.toMatch(/@example\.org/);
  });

  test('no phase execution comes near the 25,000 history events Step Functions allows: at most 5,000 on the longest path', () => {
    const longest = new Map<string, number>();
    for (const e of run.executions) {
      const phase = parseExecutionName(e.name)!.phase;
      longest.set(phase, Math.max(longest.get(phase) ?? 0, e.history.length));
    }
    // Kari's pair left every check-in and review to time out: each one a second wait (after a reminder e-mail for the reviews).
    expect(pairOf('Kari Nilsen').meetings).toMatchObject({ held: 0, unanswered: yearOf(kari).length });
    const kariMeetings = run.executions.find((e) => e.name.endsWith('-meetings-1') && e.name.startsWith(pairOf('Kari Nilsen').relationshipId))!;
    expect(kariMeetings.history.length).toBe(longest.get('meetings-1'));
    console.log(`history events, longest per phase: ${[...longest].map(([phase, n]) => `${phase} ${n}`).join(', ')}`);
    for (const [, events] of longest) expect(events).toBeLessThanOrEqual(5_000);
  });

  test('every question’s e-mail gives the deadline the execution keeps: a review’s reminder comes when the first wait ends (a check-in’s second wait is silent), "unanswered" when the second does', () => {
    // Each reader sees the deadline in their own time zone.
    const people = [sari, tomasz, giulia, kari].flatMap((row) => [row!.mentee, row!.mentor, row!.manager, row!.coordinator]);
    const zoneOf = new Map(people.map((p) => [p.email, p.timeZone]));
    let letters = 0;
    let keptToTheMinute = 0;
    let silentWaits = 0;
    for (const { history } of run.executions) {
      history.forEach((event, i) => {
        const scheduled = event.taskScheduledEventDetails;
        const { FunctionName, Payload: ask } = JSON.parse(scheduled?.parameters ?? '{}') as {
          FunctionName?: string;
          Payload: Record<string, unknown> & { relationshipId: string; kind: string };
        };
        if (!FunctionName?.endsWith('ask-participants') || ask.attempt === 'escalation') return;
        const windows = ask.windowSeconds as { answer: number; reminder: number };
        const first = ask.attempt === 'first';
        expect(scheduled!.timeoutInSeconds).toBe(first ? windows.answer : windows.reminder);
        const deadline = new Date(event.timestamp!.getTime() + (first ? windows.answer + windows.reminder : windows.reminder) * 1000);
        const mails = run.emails.filter(
          (m) =>
            m.relationshipId === ask.relationshipId && m.sentAt === event.timestamp!.toISOString() && m.kind === (first ? ask.kind : `${ask.kind}-reminder`),
        );
        for (const mail of mails) expect(mail.body.text).toContain(formatDeadline(deadline, zoneOf.get(addressOf(mail))!, 'en'));
        letters += mails.length;
        // A check-in left unanswered waits its second window without an e-mail.
        if (!first && ask.kind === 'check-in') {
          expect(run.emails.filter((m) => m.relationshipId === ask.relationshipId && m.sentAt === event.timestamp!.toISOString())).toEqual([]);
          silentWaits++;
        }
        // Left unanswered, the reminder's wait ends at that very instant.
        const end = history.slice(i + 1).find((e) => e.type === 'TaskSucceeded' || e.type === 'TaskTimedOut' || e.type === 'TaskFailed');
        if (!first && end?.type === 'TaskTimedOut') {
          expect(end.timestamp).toEqual(deadline);
          keptToTheMinute++;
        }
      });
    }
    // Kari's pair alone leaves every check-in and review of the year to time out after its second wait; Tomasz's two check-ins more.
    const kariQuestions = yearOf(kari).length + program.reviewMonths.length;
    expect(keptToTheMinute).toBe(kariQuestions + 2);
    expect(silentWaits).toBe(yearOf(kari).length + 2);
    expect(letters).toBeGreaterThan(2 * 4 * yearOf(sari).length);
  });
});
