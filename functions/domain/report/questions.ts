import { relationshipEnd, reviewDue } from '../program/schedule.ts';
import { lookBackKey } from '../reviews.ts';
import type { QuestionKindName } from '../model.ts';
import { within, type Period, type RelationshipFacts } from './facts.ts';
import type { CheckInFigures } from './meetings.ts';

/**
 * How many of the questions that closed in the period someone answered, by kind. A question's
 * record is kept only once answered, so what was asked is read from what the relationship went
 * through: its match once it was decided, each review it recorded as done, a look back per
 * closure it reached, the follow-up once its record was completed, each check-in of a meeting.
 */

export const REPORTED_KINDS = ['match', 'check-in', 'review', 'look-back', 'follow-up'] as const satisfies readonly QuestionKindName[];
export type ReportedKind = (typeof REPORTED_KINDS)[number];

export interface QuestionRow {
  kind: ReportedKind;
  asked: number;
  answered: number;
  answeredShare?: number;
}

const answeredOne = (facts: RelationshipFacts, kind: QuestionKindName, review?: string): boolean =>
  facts.saved.some((s) => s.kind === kind && (review === undefined || s.subject.review === review) && Object.keys(s.answers).length > 0);

/** Each question of a relationship that closed, with the instant it is dated by and whether anyone answered. */
const closedQuestions = (facts: RelationshipFacts): { kind: Exclude<ReportedKind, 'check-in'>; at: string; answered: boolean }[] => {
  const { relationship: r, calendar } = facts;
  const reviews = (r.reviewsDone ?? []).flatMap((key) => {
    const month = /^month-(\d+)$/.exec(key)?.[1];
    return month ? [{ kind: 'review' as const, at: reviewDue(calendar, Number(month)).toISOString(), answered: answeredOne(facts, 'review', key) }] : [];
  });
  // A closure asked the look back; each extension followed one, and a completed relationship closed after its last.
  const closures = r.extensions + (r.ending === 'completed' ? 1 : 0);
  const lookBacks = Array.from({ length: closures }, (_, k) => ({
    kind: 'look-back' as const,
    at: relationshipEnd({ ...calendar, extensions: k }).toISOString(),
    answered: answeredOne(facts, 'look-back', lookBackKey(k)),
  }));
  return [
    ...(r.status !== 'matching' ? [{ kind: 'match' as const, at: r.enrolledAt, answered: answeredOne(facts, 'match') }] : []),
    ...reviews,
    ...lookBacks,
    ...(r.recordCompletedAt ? [{ kind: 'follow-up' as const, at: r.recordCompletedAt, answered: answeredOne(facts, 'follow-up') }] : []),
  ];
};

export const questionRows = (relationships: readonly RelationshipFacts[], period: Period, checkIns: CheckInFigures): QuestionRow[] => {
  const counts = new Map<ReportedKind, { asked: number; answered: number }>(REPORTED_KINDS.map((k) => [k, { asked: 0, answered: 0 }]));
  counts.set('check-in', { asked: checkIns.asked, answered: checkIns.answered });
  for (const facts of relationships)
    for (const question of closedQuestions(facts)) {
      if (!within(question.at, period)) continue;
      const count = counts.get(question.kind)!;
      count.asked += 1;
      if (question.answered) count.answered += 1;
    }
  return REPORTED_KINDS.map((kind) => {
    const { asked, answered } = counts.get(kind)!;
    return { kind, asked, answered, ...(asked ? { answeredShare: answered / asked } : {}) };
  });
};
