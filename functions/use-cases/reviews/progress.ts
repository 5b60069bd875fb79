import type { Goal, Question } from '#domain/model';
import type { RelationshipContext } from '#use-cases/relationship/relationship-context';
import { listGoals, rateGoal } from '#adapters/store';
import { goalsByMentee } from '#use-cases/agreement/goals';
import type { GoalsToRate } from '#presentation/pages/questions/progress-page';

export { parseRatings, ratingFields, type GoalsToRate } from '#presentation/pages/questions/progress-page';

/** Reviews in the order they come: `month-3` … `month-12`, then `final`, `final-1` … after each extension. */
const reviewOrder = (review: string) => {
  const month = /^month-(\d+)$/.exec(review);
  if (month) return Number(month[1]);
  const final = /^final(?:-(\d+))?$/.exec(review);
  return final ? 1000 + Number(final[1] ?? 0) : -1;
};

/** What each of them said at the latest review that has a rating: where their next review starts. */
const lastRatings = (ratings: Goal['ratings'] = {}): { mentee?: number; mentor?: number } => {
  const latest = (role: 'mentee' | 'mentor') =>
    Object.entries(ratings)
      .filter(([, given]) => given[role] !== undefined)
      .sort(([a], [b]) => reviewOrder(a) - reviewOrder(b))
      .at(-1)?.[1][role];
  const [mentee, mentor] = [latest('mentee'), latest('mentor')];
  return { ...(mentee !== undefined ? { mentee } : {}), ...(mentor !== undefined ? { mentor } : {}) };
};

/** Read from the goals table when the question is asked: the answer page reads them back from its own data. */
export const goalsToRate = async (context: RelationshipContext): Promise<GoalsToRate[]> => {
  const stored = await listGoals(context.relationship.relationshipId);
  const ratingsOf = (menteeId: string, goalNo: number) => stored.find((g) => g.menteeId === menteeId && g.goalNo === goalNo)?.ratings;
  return (await goalsByMentee(context, stored)).map(({ goals, ...mentee }) => ({
    ...mentee,
    goals: goals.map(({ competencyName, ...goal }) => {
      const last = lastRatings(ratingsOf(mentee.menteeId, goal.goalNo));
      return { ...goal, competency: competencyName, ...(Object.keys(last).length ? { last } : {}) };
    }),
  }));
};

/** Page data: the goals, and the scale they are rated on. */
export const ratingPage = async (context: RelationshipContext) => ({
  goals: JSON.stringify(await goalsToRate(context)),
  scaleMin: String(context.program.goals.scale.min),
  scaleMax: String(context.program.goals.scale.max),
});

/** Stores each answer's ratings on the goals, under the review's key. */
export const storeRatings = async (context: RelationshipContext, question: Question, review: string): Promise<number> => {
  let rated = 0;
  for (const answer of Object.values(question.answers)) {
    if (typeof answer.details.ratings !== 'string' || (answer.role !== 'mentor' && answer.role !== 'mentee')) continue;
    const ratings = JSON.parse(answer.details.ratings) as Record<string, Record<string, number>>;
    for (const [menteeId, levels] of Object.entries(ratings)) {
      if (menteeId === 'overall') continue;
      for (const [goalNo, level] of Object.entries(levels))
        await rateGoal(context.relationship.relationshipId, menteeId, Number(goalNo), review, answer.role, level);
    }
    rated += 1;
  }
  return rated;
};
