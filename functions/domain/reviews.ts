import type { GivenAnswer, Goal, Role } from './model.ts';

/** `month-3` and the like: which review this is. */
export const reviewKey = (month: number): string => `month-${month}`;

/** Which look back: `final` at the anniversary, `final-1` … after each extension. */
export const lookBackKey = (extensions: number): string => (extensions === 0 ? 'final' : `final-${extensions}`);

/** Whether this review is the program's mid-point review, which also asks whether to go on; a program may have none. */
export const isMidpointReview = (review: string, midpointReviewMonth: number | null | undefined): boolean => review === reviewKey(midpointReviewMonth ?? -1);

/** Reviews in the order they come: `month-3` … `month-12`, then `final`, `final-1` … after each extension. */
export const reviewOrder = (review: string): number => {
  const month = /^month-(\d+)$/.exec(review);
  if (month) return Number(month[1]);
  const final = /^final(?:-(\d+))?$/.exec(review);
  return final ? 1000 + Number(final[1] ?? 0) : -1;
};

/** What each of them said at the latest review that has a rating: where their next review starts. */
export const lastRatings = (ratings: Goal['ratings'] = {}): { mentee?: number; mentor?: number } => {
  const latest = (role: 'mentee' | 'mentor') =>
    Object.entries(ratings)
      .filter(([, given]) => given[role] !== undefined)
      .sort(([a], [b]) => reviewOrder(a) - reviewOrder(b))
      .at(-1)?.[1][role];
  const [mentee, mentor] = [latest('mentee'), latest('mentor')];
  return { ...(mentee !== undefined ? { mentee } : {}), ...(mentor !== undefined ? { mentor } : {}) };
};

/** One rating of one goal, as a review's answer gives it. */
export interface GoalRating {
  menteeId: string;
  goalNo: number;
  role: 'mentor' | 'mentee';
  level: number;
}

/**
 * The goal ratings in a review's answers, in the order given, and how many answers rated: a
 * mentor's and each mentee's, each rating every goal of the mentee(s) they rate. The overall
 * rating is no goal's.
 */
export const ratingsGiven = (answers: Record<string, GivenAnswer>): { ratings: GoalRating[]; rated: number } => {
  const ratings: GoalRating[] = [];
  let rated = 0;
  for (const answer of Object.values(answers)) {
    const { role } = answer;
    if (typeof answer.details.ratings !== 'string' || (role !== 'mentor' && role !== 'mentee')) continue;
    const given = JSON.parse(answer.details.ratings) as Record<string, Record<string, number>>;
    for (const [menteeId, levels] of Object.entries(given)) {
      if (menteeId === 'overall') continue;
      for (const [goalNo, level] of Object.entries(levels)) ratings.push({ menteeId, goalNo: Number(goalNo), role, level });
    }
    rated += 1;
  }
  return { ratings, rated };
};

/**
 * What the mid-point review's "go on?" decides: the relationship ends without blame when the
 * mentor says no, or when every mentee still in it does; otherwise the mentees who said no
 * leave (a circle goes on without them). Who said no stays with the answers.
 */
export type MidpointOutcome = { ends: true } | { ends: false; leaving: string[] };

export const midpointOutcome = (answers: Record<string, Pick<GivenAnswer, 'role' | 'details'>>, menteesStillIn: number): MidpointOutcome => {
  const stop = Object.entries(answers).filter(([, a]) => a.details.continue === 'no');
  const mentorStops = stop.some(([, a]) => a.role === 'mentor');
  const leaving = stop.filter(([, a]) => a.role === 'mentee').map(([personId]) => personId);
  return mentorStops || (leaving.length > 0 && leaving.length >= menteesStillIn) ? { ends: true } : { ends: false, leaving };
};

/** Whether the look back offers to extend: fewer extensions so far than the program allows. */
export const canExtend = (extensions: number | undefined, maxTimes: number): boolean => (extensions ?? 0) < maxTimes;

/** An extension is asked for when the mentor and at least one mentee want it; then the coordinator decides. */
export const extensionAsked = (answers: Pick<GivenAnswer, 'role' | 'details'>[]): boolean => {
  const wants = (role: Role) => answers.some((a) => a.role === role && a.details.extend === 'yes');
  return wants('mentor') && wants('mentee');
};
