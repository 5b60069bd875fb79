import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Question } from '#domain/model';
import { documents, tables } from './client.ts';
import { queryAll } from './relationships.ts';

/** The relationship's own record of an answer, kept after the response links expire. */
export const saveAnswer = async (relationshipId: string, question: Question): Promise<void> => {
  const { questionId, kind, subject, answers, outcome, settledAt } = question;
  await documents().send(
    new PutCommand({
      TableName: tables().mentoring,
      Item: { pk: `REL#${relationshipId}`, sk: `ANSWER#${questionId}`, questionId, kind, subject, answers, outcome, settledAt },
    }),
  );
};

export type SavedAnswer = Pick<Question, 'questionId' | 'kind' | 'subject' | 'answers' | 'outcome' | 'settledAt'>;

export const listAnswers = async (relationshipId: string) =>
  queryAll({
    TableName: tables().mentoring,
    KeyConditionExpression: 'pk = :rel AND begins_with(sk, :answer)',
    ExpressionAttributeValues: { ':rel': `REL#${relationshipId}`, ':answer': 'ANSWER#' },
  });

/** The relationship's answers, typed: when they last answered, and what they said. */
export const listSavedAnswers = async (relationshipId: string): Promise<SavedAnswer[]> =>
  (await listAnswers(relationshipId)).map(
    ({ questionId, kind, subject, answers, outcome, settledAt }) => ({ questionId, kind, subject, answers, outcome, settledAt }) as SavedAnswer,
  );
