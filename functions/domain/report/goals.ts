import type { Program } from '../program/config.ts';
import { reviewOrder } from '../reviews.ts';
import { mean, within, type Period, type RelationshipFacts } from './facts.ts';

/**
 * Goal progress from baseline toward target, per competency and per view: the mentee's and the
 * mentor's own ratings at each review, as the goals keep them. Line managers endorse the goals
 * and rate none: theirs is the endorsement. Progress is the share of the way from baseline to
 * target (0 at the baseline, 1 at the target; beyond either end when a rating is).
 */

export const RATING_VIEWS = ['mentee', 'mentor'] as const;
export type RatingView = (typeof RATING_VIEWS)[number];

export interface GoalRow {
  competency: string;
  view: RatingView;
  /** Goals of this competency, and those this view rated by the period's end. */
  goals: number;
  rated: number;
  baseline?: number;
  target?: number;
  /** The view's latest rating, its mean over the rated goals. */
  latest?: number;
  progress?: number;
  /** Rated goals whose latest rating is at or past the target. */
  reached: number;
}

/** Mean progress at each review (`month-3` … `final`), per view. */
export interface GoalTrendRow {
  review: string;
  view: RatingView;
  rated: number;
  progress?: number;
}

export interface ManagerView {
  goals: number;
  endorsed: number;
  /** Line managers' answers to the goals: endorsed, or asked to discuss them first. */
  endorse: number;
  discuss: number;
}

export interface GoalFigures {
  rows: GoalRow[];
  trend: GoalTrendRow[];
  managers: ManagerView;
}

/** Where a rating stands between baseline and target; undefined when the two are one. */
export const progressOf = (goal: { baseline: number; target: number }, rating: number): number | undefined =>
  goal.target === goal.baseline ? undefined : (rating - goal.baseline) / (goal.target - goal.baseline);

/** When each review's rating by a person was given: their answer to that review (or look back). */
const ratedAt = (facts: RelationshipFacts, review: string, view: RatingView, menteeId: string): string | undefined => {
  const answers = facts.saved
    .filter((s) => (s.kind === 'review' || s.kind === 'look-back') && s.subject.review === review)
    .flatMap((s) => Object.entries(s.answers));
  return answers.find(([personId, a]) => a.role === view && (view === 'mentor' || personId === menteeId))?.[1].answeredAt;
};

export const goalFigures = (relationships: readonly RelationshipFacts[], period: Period, program: Program): GoalFigures => {
  const rows = new Map<string, { goals: number; rated: { baseline: number; target: number; latest: number; progress?: number }[] }>();
  const trend = new Map<string, number[]>();
  const managers: ManagerView = { goals: 0, endorsed: 0, endorse: 0, discuss: 0 };
  for (const facts of relationships) {
    for (const goal of facts.goals) {
      managers.goals += 1;
      if (goal.endorsedAt) managers.endorsed += 1;
      for (const view of RATING_VIEWS) {
        const row = rows.get(`${goal.competency}\u0000${view}`) ?? { goals: 0, rated: [] };
        rows.set(`${goal.competency}\u0000${view}`, row);
        row.goals += 1;
        // A review counts once its rating was given within the period (its answer dates it).
        const given = Object.entries(goal.ratings ?? {})
          .filter(
            ([review, levels]) => levels[view] !== undefined && (!period.until || within(ratedAt(facts, review, view, goal.menteeId), { until: period.until })),
          )
          .sort(([a], [b]) => reviewOrder(a) - reviewOrder(b));
        for (const [review, levels] of given) {
          const progress = progressOf(goal, levels[view]!);
          if (progress === undefined) continue;
          const key = `${review}\u0000${view}`;
          trend.set(key, [...(trend.get(key) ?? []), progress]);
        }
        const latest = given.at(-1)?.[1][view];
        if (latest !== undefined) row.rated.push({ baseline: goal.baseline, target: goal.target, latest, progress: progressOf(goal, latest) });
      }
    }
    for (const endorsement of facts.saved.filter((s) => s.kind === 'goal-endorsement'))
      for (const answer of Object.values(endorsement.answers)) {
        if (!within(answer.answeredAt, period)) continue;
        if (answer.outcome === 'endorse') managers.endorse += 1;
        if (answer.outcome === 'discuss') managers.discuss += 1;
      }
  }
  const order = program.competencies.map((c) => c.id);
  return {
    rows: [...rows.entries()]
      .map(([key, { goals, rated }]): GoalRow => {
        const [competency, view] = key.split('\u0000') as [string, RatingView];
        const progress = rated.flatMap((r) => (r.progress === undefined ? [] : [r.progress]));
        return {
          competency,
          view,
          goals,
          rated: rated.length,
          baseline: mean(rated.map((r) => r.baseline)),
          target: mean(rated.map((r) => r.target)),
          latest: mean(rated.map((r) => r.latest)),
          progress: mean(progress),
          reached: rated.filter((r) => (r.target >= r.baseline ? r.latest >= r.target : r.latest <= r.target)).length,
        };
      })
      .sort((a, b) => order.indexOf(a.competency) - order.indexOf(b.competency) || a.competency.localeCompare(b.competency) || a.view.localeCompare(b.view)),
    trend: [...trend.entries()]
      .map(([key, progress]) => {
        const [review, view] = key.split('\u0000') as [string, RatingView];
        return { review, view, rated: progress.length, progress: mean(progress) };
      })
      .sort((a, b) => reviewOrder(a.review) - reviewOrder(b.review) || a.view.localeCompare(b.view)),
    managers,
  };
};
