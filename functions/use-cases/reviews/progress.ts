import type { Question } from '#domain/model';
import type { RelationshipContext } from '#use-cases/relationship/relationship-context';
import { listGoals, rateGoal } from '#adapters/store';
import { goalsByMentee } from '#use-cases/agreement/goals';
import { lastRatings, ratingsGiven } from '#domain/reviews';
import type { GoalsToRate } from '#presentation/pages/questions/progress-page';

export { parseRatings, ratingFields, type GoalsToRate } from '#presentation/pages/questions/progress-page';

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
  const { ratings, rated } = ratingsGiven(question.answers);
  for (const { menteeId, goalNo, role, level } of ratings) await rateGoal(context.relationship.relationshipId, menteeId, goalNo, review, role, level);
  return rated;
};
