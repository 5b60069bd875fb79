import type { Question } from '#domain/model';
import { tables } from './client.ts';
import { putWhileKept, type Holders } from './while-kept.ts';
import { queryAll } from './relationships.ts';
import { PREFIX, relationshipPk } from '../keys.ts';

/**
 * The relationship's own record of an answer, kept after the response links expire. Its details
 * are personal data: false, and nothing written, when one of its holders was erased since they
 * were read.
 */
export const saveAnswer = async (question: Question, holders: Holders): Promise<boolean> => {
  const { questionId, kind, subject, answers, outcome, settledAt } = question;
  const item = { pk: relationshipPk(holders.relationshipId), sk: `${PREFIX.answer}${questionId}`, questionId, kind, subject, answers, outcome, settledAt };
  return (await putWhileKept([item], holders, false, tables().mentoring)) === 'written';
};

export type SavedAnswer = Pick<Question, 'questionId' | 'kind' | 'subject' | 'answers' | 'outcome' | 'settledAt'>;

export const listAnswers = async (relationshipId: string) =>
  queryAll({
    TableName: tables().mentoring,
    KeyConditionExpression: 'pk = :rel AND begins_with(sk, :answer)',
    ExpressionAttributeValues: { ':rel': relationshipPk(relationshipId), ':answer': PREFIX.answer },
  });

export const savedAnswerOf = ({ questionId, kind, subject, answers, outcome, settledAt }: Record<string, unknown>) =>
  ({ questionId, kind, subject, answers, outcome, settledAt }) as SavedAnswer;

/** The relationship's answers, typed: when they last answered, and what they said. */
export const listSavedAnswers = async (relationshipId: string): Promise<SavedAnswer[]> => (await listAnswers(relationshipId)).map(savedAnswerOf);
