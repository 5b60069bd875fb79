import { beforeAll, describe, expect, test } from 'vitest';
import { runCohort, type CohortRecord } from '#local/run-cohort';
import type { Policy } from '#local/participants';
import { relationshipOfExecution } from '#domain/lifecycle/execution-names';
import { agreeing, examplePairs, exampleProgram, twinStore } from '../support/cohort.ts';

/** A month of weekly meetings is enough to see the safety net work, in seconds. */
const program = exampleProgram({
  id: 'safety-net',
  relationship: { lengthMonths: 1, firstMeetingAfterDays: 7 },
  reviewMonths: [],
  answers: { windowDays: 4, reminderWindowDays: 4 },
});
const [sari, tomasz, giulia, , kari] = examplePairs(program, 5);
const coordinator = sari!.coordinator.email;
const managers = [sari!.manager.email, tomasz!.manager.email, giulia!.manager.email, kari!.manager.email];

const NOTE = 'We keep being interrupted by calls from his team.';

/**
 * Sari's pair did not meet for the 2nd meeting, left the 3rd unanswered and did not meet for
 * the 4th either, then met again. Tomasz's pair met every time but found the 3rd meeting of
 * little use (2 out of 5) and said why. Giulia's pair met every time and found it useful.
 * Kari's pair never says how a meeting went.
 * Mentors leave the answering to their mentees.
 */
const checkIns: Policy = ({ to, questionNo }) => {
  const held = (rating: number, note?: string) => ({ answer: 'held' as const, afterDays: 0.1, mode: 'video' as const, rating, ...(note ? { note } : {}) });
  if (to === sari!.mentee.email) return questionNo === 3 ? undefined : questionNo === 2 || questionNo === 4 ? { answer: 'not-held', afterDays: 0.1 } : held(4);
  if (to === tomasz!.mentee.email) return questionNo === 3 ? held(2, NOTE) : held(4);
  if (to === giulia!.mentee.email) return held(questionNo % 2 ? 5 : 4);
  return undefined;
};

let run: CohortRecord;
const mailTo = (address: string, subject: RegExp = /./) =>
  run.emails.filter((m) => m.destination.to.some((to) => to.toLowerCase().includes(address)) && subject.test(m.subject));
const textOf = (mails: CohortRecord['emails']) => mails.map((m) => `${m.subject}\n${m.body.text}`).join('\n');
const ALERT = /^Safety net:/;
const DAY_MS = 86_400_000;
const NUDGE = /^(Finding time to meet|A tip for your next meeting|How is your mentoring)/;

beforeAll(async () => {
  run = await runCohort({ program, rows: [sari!, tomasz!, giulia!, kari!], policy: agreeing(checkIns), runtime: twinStore() });
}, 120_000);

describe('the safety net: a pair at risk is noticed, the coordinator told why, the pair gently nudged', () => {
  test('the short relationships run their course', () => {
    expect(run.executions.every((e) => e.status === 'SUCCEEDED')).toBe(true);
    expect(run.pairs.map((p) => p.status)).toEqual(['closed', 'closed', 'closed', 'closed']);
  });

  test('a pair that misses two meetings in a row gets a coordinator alert and a gentle nudge, once', () => {
    const alerts = mailTo(coordinator, /Sari Wibowo/).filter((m) => ALERT.test(m.subject));
    // The 4th meeting missed too makes the run longer, not a new alert.
    expect(alerts.map((m) => m.subject)).toEqual(['Safety net: Sari Wibowo and Marco Bianchi missed 2 meetings in a row']);
    const alert = alerts[0]!.body.text!;
    expect(alert).toMatch(/meeting 2 on Monday, January 25 \(not held\); meeting 3 on Monday, February 1 \(no answer\)/);
    expect(alert).toContain('What you might do:');

    for (const person of [sari!.mentee, sari!.mentor]) {
      const nudges = mailTo(person.email, /^Finding time to meet/);
      expect(nudges).toHaveLength(1);
      expect(nudges[0]!.body.text).toContain('That is normal when weeks get busy');
      expect(textOf(nudges)).not.toMatch(/Safety net|alert|your fault/i);
    }
  });

  test('a low rating alerts the coordinator, and the nudge never mentions the rating', () => {
    const alerts = mailTo(coordinator, /Tomasz Nowak/).filter((m) => ALERT.test(m.subject));
    expect(alerts.map((m) => m.subject)).toEqual(['Safety net: Tomasz Nowak and Anneke Jansen rated a meeting 2 out of 5']);
    // Which meeting, who rated it, and the private note written for the coordinator.
    expect(alerts[0]!.body.text).toContain(
      'Meeting 3 of Tomasz Nowak (mentee) and Anneke Jansen (mentor), on Monday, February 1, was rated 2 out of 5 by the mentee.',
    );
    expect(alerts[0]!.body.text).toContain(`meeting 3: “${NOTE}”`);

    for (const person of [tomasz!.mentee, tomasz!.mentor]) {
      const nudges = mailTo(person.email, /^A tip for your next meeting/);
      expect(nudges).toHaveLength(1);
      expect(textOf(nudges)).not.toMatch(/rat(ed|ing)|out of 5|score|alert|Safety net|interrupted/i);
    }
  });

  test('a pair that answers every check-in with good ratings gets no alert', () => {
    expect(mailTo(coordinator, /Giulia Romano/).filter((m) => ALERT.test(m.subject))).toEqual([]);
    for (const person of [giulia!.mentee.email, giulia!.mentor.email]) expect(mailTo(person, NUDGE)).toEqual([]);
  });

  test('a pair that stops answering is alerted once for the missed meetings and once more after 30 silent days, but nudged only once in 28 days', () => {
    const [missed, silent, ...more] = mailTo(coordinator, /Kari Nilsen/).filter((m) => ALERT.test(m.subject));
    expect(missed!.subject).toBe('Safety net: Kari Nilsen and Femke Bakker missed 2 meetings in a row');
    // Silence counts from the relationship's start; it shows at the first check-in recorded 30 days or more after it.
    expect(silent!.subject).toMatch(/^Safety net: no answer from Kari Nilsen and Femke Bakker for \d+ days$/);
    expect(silent!.body.text).toMatch(/since Monday, January 11: \d+ days without an answered check-in/);
    expect(more).toEqual([]);
    // The silence came within 28 days of the nudge for the missed meetings: the coordinator hears of it, the pair does not.
    expect(Date.parse(silent!.sentAt) - Date.parse(missed!.sentAt)).toBeLessThan(28 * DAY_MS);
    for (const person of [kari!.mentee, kari!.mentor]) {
      const nudges = mailTo(person.email, NUDGE);
      expect(nudges.map((m) => m.subject.replace(/ (with )?(Kari Nilsen|Femke Bakker)/, ''))).toEqual(['Finding time to meet']);
      expect(nudges[0]!.sentAt).toBe(missed!.sentAt);
    }
  });

  test('no one in a pair is nudged twice within 28 days, while the coordinator gets every alert', () => {
    for (const row of [sari!, tomasz!, giulia!, kari!])
      for (const person of [row.mentee.email, row.mentor.email]) {
        const sent = mailTo(person, NUDGE).map((m) => Date.parse(m.sentAt));
        for (let i = 1; i < sent.length; i++) expect(sent[i]! - sent[i - 1]!).toBeGreaterThanOrEqual(28 * DAY_MS);
      }
    // Every risk the executions saw reached the coordinator, when first seen: Sari's, Tomasz's and Kari's pair's two.
    const firstSeen = new Map<string, string>();
    for (const { name, history } of run.executions)
      for (const event of history) {
        const output = event.lambdaFunctionSucceededEventDetails?.output;
        const { atRisk = [] } = output ? (JSON.parse(output) as { atRisk?: string[] }) : {};
        const relationshipId = relationshipOfExecution(name)!;
        for (const reason of atRisk)
          if (!firstSeen.has(`${relationshipId} ${reason}`)) firstSeen.set(`${relationshipId} ${reason}`, event.timestamp!.toISOString());
      }
    const alerts = run.emails.filter((m) => m.kind === 'at-risk-alert');
    expect(alerts.map((m) => [m.relationshipId, m.sentAt, m.destination.to]).sort()).toEqual(
      [...firstSeen].map(([key, at]) => [key.split(' ')[0], at, [expect.stringContaining(coordinator)]]).sort(),
    );
    expect(alerts).toHaveLength(4);
    expect(run.emails.filter((m) => m.kind === 'at-risk-nudge')).toHaveLength(3 * 2);
  });

  test('the coordinator gets no other alert, and line managers never see ratings, notes, alerts or nudges', () => {
    expect(mailTo(coordinator, ALERT)).toHaveLength(4);
    for (const manager of managers) {
      expect(mailTo(manager, ALERT)).toEqual([]);
      expect(mailTo(manager, NUDGE)).toEqual([]);
      expect(textOf(mailTo(manager))).not.toMatch(/out of 5|interrupted/);
    }
  });

  test('executions know the reasons by name only: no note, no rating, no mode', () => {
    const text = JSON.stringify(run.executions);
    expect(text).toContain('two-missed-in-a-row');
    expect(text).toContain('low-rating');
    expect(text).not.toContain('interrupted');
    expect(text).not.toMatch(/video|\\?"(rating|mode|note)\\?"/);
  });
});
