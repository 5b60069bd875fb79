import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Goal } from '#domain/model';
import { documents, tables } from './client.ts';
import { putWhileKept, type Holders } from './while-kept.ts';
import { queryAll } from './relationships.ts';
import { PREFIX, relationshipPk } from '../keys.ts';

const goalKey = (relationshipId: string, menteeId: string, goalNo: number) => ({
  pk: relationshipPk(relationshipId),
  sk: `${PREFIX.goal}${menteeId}#${String(goalNo).padStart(2, '0')}`,
});

export const goalOf = ({ pk, sk, ...goal }: Record<string, unknown>) => goal as unknown as Goal;

/** A mentee's goals, in order; all mentees' when no mentee is named. */
export const listGoals = async (relationshipId: string, menteeId?: string): Promise<Goal[]> =>
  (
    await queryAll({
      TableName: tables().mentoring,
      KeyConditionExpression: 'pk = :rel AND begins_with(sk, :goal)',
      ExpressionAttributeValues: { ':rel': relationshipPk(relationshipId), ':goal': menteeId ? `${PREFIX.goal}${menteeId}#` : PREFIX.goal },
    })
  ).map(goalOf);

/**
 * The mentee's (re)proposed goals replace the ones before: same answer, same items, however often
 * recorded. Their text is personal data: false, and nothing changed, when one of its holders was
 * erased since they were read.
 */
export const replaceGoals = async (menteeId: string, goals: Goal[], holders: Holders): Promise<boolean> => {
  const { relationshipId } = holders;
  const before = await listGoals(relationshipId, menteeId);
  const items = goals.map((goal) => ({ ...goalKey(relationshipId, menteeId, goal.goalNo), ...goal }));
  if ((await putWhileKept(items, holders, false, tables().mentoring)) !== 'written') return false;
  const kept = new Set(goals.map((g) => g.goalNo));
  await Promise.all(
    before
      .filter((g) => !kept.has(g.goalNo))
      .map((g) => documents().send(new DeleteCommand({ TableName: tables().mentoring, Key: goalKey(relationshipId, menteeId, g.goalNo) }))),
  );
  return true;
};

/** Marks a mentee's goals confirmed by the mentor or endorsed by the line manager, once. */
export const markGoals = async (relationshipId: string, menteeId: string, field: 'confirmedAt' | 'endorsedAt', at: string): Promise<void> => {
  const goals = await listGoals(relationshipId, menteeId);
  await Promise.all(
    goals.map((goal) =>
      documents().send(
        new UpdateCommand({
          TableName: tables().mentoring,
          Key: goalKey(relationshipId, menteeId, goal.goalNo),
          UpdateExpression: 'SET #field = if_not_exists(#field, :at)',
          ExpressionAttributeNames: { '#field': field },
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
    ),
  );
};

/** One person's rating of a goal at a review; rating it again says the same. */
export const rateGoal = async (
  relationshipId: string,
  menteeId: string,
  goalNo: number,
  review: string,
  role: 'mentee' | 'mentor',
  level: number,
): Promise<void> => {
  await documents().send(
    new UpdateCommand({
      TableName: tables().mentoring,
      Key: goalKey(relationshipId, menteeId, goalNo),
      UpdateExpression: 'SET ratings.#review = if_not_exists(ratings.#review, :empty)',
      ExpressionAttributeNames: { '#review': review },
      ExpressionAttributeValues: { ':empty': {} },
      ConditionExpression: 'attribute_exists(pk)',
    }),
  );
  await documents().send(
    new UpdateCommand({
      TableName: tables().mentoring,
      Key: goalKey(relationshipId, menteeId, goalNo),
      UpdateExpression: 'SET ratings.#review.#role = :level',
      ExpressionAttributeNames: { '#review': review, '#role': role },
      ExpressionAttributeValues: { ':level': level },
    }),
  );
};
