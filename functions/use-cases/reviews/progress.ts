import type { Question } from '#domain/model';
import type { RelationshipContext } from '#use-cases/relationship-context';
import { rateGoal } from '#adapters/store';
import { goalsByMentee } from '#use-cases/agreement/goals';
import type { GoalsToRate } from './progress-page.ts';

export { parseRatings, ratingFields, type GoalsToRate } from './progress-page.ts';

/** Read from the goals table when the question is asked: the answer page reads them back from its own data. */
export const goalsToRate = async (context: RelationshipContext): Promise<GoalsToRate[]> =>
  (await goalsByMentee(context)).map(({ goals, ...mentee }) => ({
    ...mentee,
    goals: goals.map(({ competencyName, ...goal }) => ({ ...goal, competency: competencyName })),
  }));

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
