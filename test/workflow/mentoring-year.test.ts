import { beforeAll, describe, expect, test } from 'vitest';
import { plannedMeetings } from '#workflows/program/schedule';
import { runCohort, type CohortRecord } from '#local/run-cohort';
import type { Policy } from '#local/participants';
import { examplePairs, exampleProgram } from '../support/cohort.ts';

// Wider answer windows than the example's keep the scripted answers inside them on a busy machine.
const program = exampleProgram({ answers: { windowDays: 5, reminderWindowDays: 5 } });
const [sari, tomasz, giulia] = examplePairs(program, 3);

/**
 * Sari's pair answers every check-in; Tomasz's pair leaves its 3rd and 4th unanswered; Giulia
 * moves her 2nd meeting three days on. Mentors leave the answering to their mentees.
 */
const policy: Policy = ({ to, questionNo }) => {
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
  run = await runCohort({ program, rows: [sari!, tomasz!, giulia!], daysPerSecond: 12, policy });
}, 180_000);

describe('a mentoring year, run on the rendered definitions with the real handlers', () => {
  const yearOf = (row: typeof sari) => plannedMeetings({ program, startDate: row!.startDate, timeZone: row!.timeZone });

  test('every relationship goes through introduction, two meeting phases and closure, and closes', () => {
    expect(run.executions.map((e) => e.status)).toEqual(Array(12).fill('SUCCEEDED'));
    for (const pair of run.pairs) expect(pair).toMatchObject({ status: 'closed', phase: 'closure' });
    expect(run.executions.map((e) => e.name.replace(/^rel-[0-9a-f]+-/, '')).sort()).toEqual(
      ['closure', 'introduction', 'meetings-1', 'meetings-2'].flatMap((p) => [p, p, p]).sort(),
    );
  });

  test('a pair that answers every check-in has every meeting recorded as held', () => {
    expect(pairOf('Sari Wibowo').meetings).toEqual({ planned: 0, held: yearOf(sari).length, moved: 0, notHeld: 0, unanswered: 0 });
  });

  test('every meeting of every pair brings both a reminder and a check-in e-mail', () => {
    for (const row of [sari!, tomasz!, giulia!]) {
      const pair = pairOf(row.mentee.name);
      const meetings = pair.meetings.held + pair.meetings.notHeld + pair.meetings.unanswered;
      for (const person of [row.mentee.email, row.mentor.email]) {
        expect(mailTo(person, /^Reminder: mentoring meeting/).length).toBe(meetings + pair.meetings.moved);
        expect(mailTo(person, /^How did your meeting/).length).toBe(meetings + pair.meetings.moved);
      }
    }
  });

  test('check-ins nobody answers get one reminder each and are recorded as unanswered', () => {
    expect(pairOf('Tomasz Nowak').meetings).toMatchObject({ unanswered: 2, held: yearOf(tomasz).length - 2 });
    expect(mailTo(tomasz!.mentee.email, /^Reminder: how did your meeting/)).toHaveLength(2);
    expect(mailTo(sari!.mentee.email, /^Reminder: how did your meeting/)).toHaveLength(0);
  });

  test('a moved meeting is held at its new date and the rest of the year is planned from it', () => {
    const pair = pairOf('Giulia Romano');
    expect(pair.meetings).toMatchObject({ moved: 1, unanswered: 0 });
    const invites = mailTo(giulia!.mentee.email, /^Reminder: mentoring meeting/);
    expect(invites.filter((m) => /moved to this new date/.test(m.body.text ?? ''))).toHaveLength(1);
  });

  test('both participants get the introduction and the closure e-mail', () => {
    for (const row of [sari!, tomasz!, giulia!])
      for (const person of [row.mentee.email, row.mentor.email]) {
        expect(mailTo(person, /^Meet your/)).toHaveLength(1);
        expect(mailTo(person, /complete$/)).toHaveLength(1);
      }
  });

  test('no execution input, output or history event holds a name or an e-mail address', () => {
    const people = [sari!, tomasz!, giulia!].flatMap((row) => [row.mentee, row.mentor, row.manager, row.coordinator]);
    const text = JSON.stringify(run.executions);
    const words = people.flatMap((p) => [p.email, p.name, ...p.name.split(' ').filter((w) => w.length >= 4)]);
    expect(words.filter((word) => text.includes(word))).toEqual([]);
    expect(text).not.toMatch(/@example\.org/);
  });
});
