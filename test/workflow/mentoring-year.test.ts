import { beforeAll, describe, expect, test } from 'vitest';
import { plannedMeetings } from '#domain/program/schedule';
import { formatDeadline } from '#adapters/messages/index';
import { runCohort, type CohortRecord, type SentEmail } from '#local/run-cohort';
import type { Policy } from '#local/participants';
import { agreeing, examplePairs, exampleProgram, sharedDynamoDb } from '../support/cohort.ts';
import { parseExecutionName } from '#domain/lifecycle/execution-names';

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
const pairOf = (mentee: string) => run.pairs.find((p) => p.mentee === mentee)!;
const mailTo = (address: string, subject: RegExp) =>
  run.emails.filter((m) => m.destination.to.some((to) => to.toLowerCase().includes(address)) && subject.test(m.subject));

beforeAll(async () => {
  const silentAfterAgreeing: Policy = (mail) =>
    mail.kind === 'review' && [kari!.mentee.email, kari!.mentor.email].includes(mail.to) ? undefined : { afterDays: 0.1 };
  run = await runCohort({ program, rows: [sari!, tomasz!, giulia!, kari!], policy: agreeing(checkIns, silentAfterAgreeing), runtime: sharedDynamoDb() });
}, 180_000);

describe('a mentoring year, run on the rendered definitions with the real handlers', () => {
  const yearOf = (row: typeof sari) => plannedMeetings({ program, startDate: row!.startDate, timeZone: row!.timeZone });

  test('every relationship goes through matching, the agreement beside two meeting phases, closure and the follow-up', () => {
    expect(run.executions.map((e) => e.status)).toEqual(Array(24).fill('SUCCEEDED'));
    for (const pair of run.pairs) expect(pair).toMatchObject({ status: 'closed', phase: 'follow-up', outcome: 'completed, followed up' });
    expect(run.executions.map((e) => parseExecutionName(e.name)!.phase).sort()).toEqual(
      ['agreement', 'closure', 'follow-up', 'matching', 'meetings-1', 'meetings-2'].flatMap((p) => [p, p, p, p]).sort(),
    );
  });

  test('a pair that answers every check-in has every meeting recorded as held', () => {
    expect(pairOf('Sari Wibowo').meetings).toEqual({ planned: 0, held: yearOf(sari).length, moved: 0, notHeld: 0, unanswered: 0 });
  });

  test('every meeting of every pair brings both a reminder and a check-in e-mail', () => {
    for (const row of [sari!, tomasz!, giulia!, kari!]) {
      const pair = pairOf(row.mentee.name);
      const meetings = pair.meetings.held + pair.meetings.notHeld + pair.meetings.unanswered;
      for (const person of [row.mentee.email, row.mentor.email]) {
        expect(mailTo(person, /^Reminder: mentoring meeting/).length).toBe(meetings + pair.meetings.moved);
        expect(mailTo(person, /^How did your meeting/).length).toBe(meetings + pair.meetings.moved);
      }
    }
  });

  test('check-ins nobody answers get one reminder each and are recorded as unanswered', () => {
    expect(pairOf('Tomasz Nowak').meetings).toEqual({ planned: 0, held: yearOf(tomasz).length - 2, moved: 0, notHeld: 0, unanswered: 2 });
    expect(mailTo(tomasz!.mentee.email, /^Reminder: how did your meeting/)).toHaveLength(2);
    expect(mailTo(tomasz!.mentor.email, /^Reminder: how did your meeting/)).toHaveLength(2);
  });

  test('a moved meeting is held at its new date and the rest of the year is planned from it', () => {
    const pair = pairOf('Giulia Romano');
    expect(pair.meetings).toMatchObject({ moved: 1, unanswered: 0 });
    const invites = mailTo(giulia!.mentee.email, /^Reminder: mentoring meeting/);
    expect(invites.filter((m) => /moved to this new date/.test(m.body.text ?? ''))).toHaveLength(1);
    // The 2nd meeting took place three days after she answered, not on its planned day; the 3rd came a week after it.
    const [, second, third] = pair.meetingDates.map((d) => new Date(d).getTime());
    expect(second).not.toBe(yearOf(giulia)[1]!.getTime());
    expect(third! - second!).toBe(7 * 86_400_000);
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
    // Kari's pair left every check-in and review to time out: each one a reminder and a second wait.
    expect(pairOf('Kari Nilsen').meetings).toMatchObject({ held: 0, unanswered: yearOf(kari).length });
    const kariMeetings = run.executions.find((e) => e.name.endsWith('-meetings-1') && e.name.startsWith(pairOf('Kari Nilsen').relationshipId))!;
    expect(kariMeetings.history.length).toBe(longest.get('meetings-1'));
    console.log(`history events, longest per phase: ${[...longest].map(([phase, n]) => `${phase} ${n}`).join(', ')}`);
    for (const [, events] of longest) expect(events).toBeLessThanOrEqual(5_000);
  });

  test('every question’s e-mail gives the deadline the execution keeps: the reminder comes when the first wait ends, "unanswered" when the second does', () => {
    // Each reader sees the deadline in their own time zone.
    const people = [sari, tomasz, giulia, kari].flatMap((row) => [row!.mentee, row!.mentor, row!.manager, row!.coordinator]);
    const zoneOf = new Map(people.map((p) => [p.email, p.timeZone]));
    const addressOf = (mail: SentEmail) => (/<([^>]+)>/.exec(mail.destination.to[0]!)?.[1] ?? mail.destination.to[0]!).toLowerCase();
    let letters = 0;
    let keptToTheMinute = 0;
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
        // Left unanswered, the reminder's wait ends at that very instant.
        const end = history.slice(i + 1).find((e) => e.type === 'TaskSucceeded' || e.type === 'TaskTimedOut' || e.type === 'TaskFailed');
        if (!first && end?.type === 'TaskTimedOut') {
          expect(end.timestamp).toEqual(deadline);
          keptToTheMinute++;
        }
      });
    }
    // Kari's pair alone leaves every check-in and review of the year to time out after its reminder; Tomasz's two more.
    const kariQuestions = yearOf(kari).length + program.reviewMonths.length;
    expect(keptToTheMinute).toBe(kariQuestions + 2);
    expect(letters).toBeGreaterThan(2 * 4 * yearOf(sari).length);
  });
});
