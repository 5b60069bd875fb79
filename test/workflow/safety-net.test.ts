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
const pairOf = (mentee: string) => run.pairs.find((p) => p.mentee === mentee)!.relationshipId;
/** When the executions first saw each reason, by "relationship reason": the check-in's step hands the reasons' names on. */
const firstSeen = () => {
  const seen = new Map<string, string>();
  for (const { name, history } of run.executions)
    for (const event of history) {
      const output = event.lambdaFunctionSucceededEventDetails?.output;
      const { atRisk = [] } = output ? (JSON.parse(output) as { atRisk?: string[] }) : {};
      for (const reason of atRisk) {
        const key = `${relationshipOfExecution(name)!} ${reason}`;
        if (!seen.has(key) || seen.get(key)! > event.timestamp!.toISOString()) seen.set(key, event.timestamp!.toISOString());
      }
    }
  return seen;
};
const textOf = (mails: CohortRecord['emails']) => mails.map((m) => `${m.subject}\n${m.body.text}`).join('\n');
/** The coordinator's weekly digests; the safety net's reasons are in them, one sentence each. */
const digests = () => mailTo(coordinator).filter((m) => m.kind === 'digest');
const digestsSaying = (text: RegExp) => digests().filter((m) => text.test(m.body.text ?? ''));
/** The safety net's sentence for each reason, about a pair by its mentee. */
const REASON: Record<string, (mentee: string) => RegExp> = {
  'two-missed-in-a-row': (mentee) => new RegExp(`The last \\d+ meetings of ${mentee} \\(mentee\\)`),
  'low-rating': (mentee) => new RegExp(`of ${mentee} \\(mentee\\) .* was rated \\d out of 5`),
  silent: (mentee) => new RegExp(`We have not heard from ${mentee} \\(mentee\\)`),
};
const DAY_MS = 86_400_000;
const NUDGE = /^(Finding time to meet|A tip for your next meeting|How is your mentoring)/;

beforeAll(async () => {
  run = await runCohort({ program, rows: [sari!, tomasz!, giulia!, kari!], policy: agreeing(checkIns), runtime: twinStore() });
}, 120_000);

describe('the safety net: a pair at risk is noticed, the coordinator told why in their weekly digest, the pair gently nudged', () => {
  test('the short relationships run their course', () => {
    expect(run.executions.every((e) => e.status === 'SUCCEEDED')).toBe(true);
    expect(run.pairs.map((p) => p.status)).toEqual(['closed', 'closed', 'closed', 'closed']);
  });

  test('a pair that misses two meetings in a row is in the coordinator’s digest, and gets a gentle nudge, once', () => {
    const [digest, ...more] = digestsSaying(REASON['two-missed-in-a-row']!('Sari Wibowo'));
    expect(more).toEqual([]);
    const text = digest!.body.text!;
    expect(text).toMatch(/meeting 2 on Monday, January 25 \(not held\); meeting 3 on Monday, February 1 \(no answer\)/);
    expect(text).toContain('What you might do:');

    for (const person of [sari!.mentee, sari!.mentor]) {
      const nudges = mailTo(person.email, /^Finding time to meet/);
      expect(nudges).toHaveLength(1);
      expect(nudges[0]!.body.text).toContain('That is normal when weeks get busy');
      expect(textOf(nudges)).not.toMatch(/Safety net|alert|your fault/i);
    }
  });

  test('a low rating is in the coordinator’s digest, and the nudge never mentions the rating', () => {
    const [digest, ...more] = digestsSaying(REASON['low-rating']!('Tomasz Nowak'));
    expect(more).toEqual([]);
    // Which meeting, who rated it, and the private note written for the coordinator.
    expect(digest!.body.text).toContain(
      'Meeting 3 of Tomasz Nowak (mentee) and Anneke Jansen (mentor), on Monday, February 1, was rated 2 out of 5 by the mentee.',
    );
    expect(digest!.body.text).toContain(`meeting 3: “${NOTE}”`);

    for (const person of [tomasz!.mentee, tomasz!.mentor]) {
      const nudges = mailTo(person.email, /^A tip for your next meeting/);
      expect(nudges).toHaveLength(1);
      expect(textOf(nudges)).not.toMatch(/rat(ed|ing)|out of 5|score|alert|Safety net|interrupted/i);
    }
  });

  test('a pair that answers every check-in with good ratings is never named at risk', () => {
    expect(digestsSaying(/Giulia Romano \(mentee\)/)).toEqual([]);
    for (const person of [giulia!.mentee.email, giulia!.mentor.email]) expect(mailTo(person, NUDGE)).toEqual([]);
  });

  test('a pair that stops answering is in the digest for the missed meetings and then the silence, but nudged only once in 28 days', () => {
    const missed = digestsSaying(REASON['two-missed-in-a-row']!('Kari Nilsen'));
    const silent = digestsSaying(REASON.silent!('Kari Nilsen'));
    expect(missed.length).toBeGreaterThan(0);
    // Silence counts from the relationship's start.
    expect(silent[0]!.body.text).toMatch(/since Monday, January 11: \d+ days without an answered check-in/);
    // The silence came within 28 days of the nudge for the missed meetings: the coordinator hears of it, the pair does not.
    const nudgedAt = firstSeen().get(`${pairOf('Kari Nilsen')} two-missed-in-a-row`)!;
    expect(Date.parse(firstSeen().get(`${pairOf('Kari Nilsen')} silent`)!) - Date.parse(nudgedAt)).toBeLessThan(28 * DAY_MS);
    for (const person of [kari!.mentee, kari!.mentor]) {
      const nudges = mailTo(person.email, NUDGE);
      expect(nudges.map((m) => m.subject.replace(/ (with )?(Kari Nilsen|Femke Bakker)/, ''))).toEqual(['Finding time to meet']);
      expect(nudges[0]!.sentAt).toBe(nudgedAt);
    }
  });

  test('no one in a pair is nudged twice within 28 days, while the coordinator gets every alert', () => {
    for (const row of [sari!, tomasz!, giulia!, kari!])
      for (const person of [row.mentee.email, row.mentor.email]) {
        const sent = mailTo(person, NUDGE).map((m) => Date.parse(m.sentAt));
        for (let i = 1; i < sent.length; i++) expect(sent[i]! - sent[i - 1]!).toBeGreaterThanOrEqual(28 * DAY_MS);
      }
    // Every risk the executions saw reached the coordinator in the first digest after it, or the one after that at the latest:
    // Sari's, Tomasz's and Kari's pair's two. A digest names a reason that holds, or one noted since the last that no longer does.
    const menteeOf = new Map(run.pairs.map((p) => [p.relationshipId, p.mentee]));
    expect([...firstSeen().keys()].sort()).toHaveLength(4);
    for (const [key, at] of firstSeen()) {
      const [relationshipId, reason] = key.split(' ') as [string, string];
      const named = digests().filter(
        (m) => m.sentAt >= at && (REASON[reason]!(menteeOf.get(relationshipId)!).test(m.body.text ?? '') || m.body.text?.includes(`(${relationshipId})`)),
      );
      expect(named.length, key).toBeGreaterThan(0);
      expect(Date.parse(named[0]!.sentAt) - Date.parse(at), key).toBeLessThanOrEqual(7 * DAY_MS);
    }
    expect(run.emails.filter((m) => m.kind === 'at-risk-nudge')).toHaveLength(3 * 2);
  });

  test('the coordinator gets at most one digest a week and no alert one by one; line managers never see ratings, notes, digests or nudges', () => {
    expect(run.emails.filter((m) => m.kind === 'at-risk-alert')).toEqual([]);
    const weeks = digests().map((m) => m.sentAt);
    for (let i = 1; i < weeks.length; i++) expect(Date.parse(weeks[i]!) - Date.parse(weeks[i - 1]!)).toBeGreaterThanOrEqual(7 * DAY_MS);
    for (const manager of managers) {
      expect(mailTo(manager).filter((m) => m.kind === 'digest')).toEqual([]);
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
