import type { Question } from '#domain/model';
import { tables } from './client.ts';
import { putWhileKept, writeWhileKept, type Holders } from './while-kept.ts';
import { queryAll } from './relationships.ts';
import { PREFIX, relationshipPk } from '../keys.ts';

/** Sets each person's answer, and the outcome, on the record: false when a holder was erased since they were read. */
const addToRecord = async (
  questionId: string,
  answers: Question['answers'],
  holders: Holders,
  settled: Pick<Question, 'outcome' | 'settledAt'>,
): Promise<boolean> => {
  const people = Object.entries(answers);
  const fields = Object.entries(settled).filter(([, value]) => value !== undefined);
  const Update = {
    TableName: tables().mentoring,
    Key: { pk: relationshipPk(holders.relationshipId), sk: `${PREFIX.answer}${questionId}` },
    UpdateExpression: `SET ${[...people.map((_, i) => `answers.#p${i} = :a${i}`), ...fields.map(([name]) => `${name} = :${name}`)].join(', ')}`,
    ConditionExpression: 'attribute_exists(pk)',
    ...(people.length ? { ExpressionAttributeNames: Object.fromEntries(people.map(([personId], i) => [`#p${i}`, personId])) } : {}),
    ExpressionAttributeValues: Object.fromEntries<unknown>([
      ...people.map(([, answer], i): [string, unknown] => [`:a${i}`, answer]),
      ...fields.map(([name, value]): [string, unknown] => [`:${name}`, value]),
    ]),
  };
  return (await writeWhileKept({ Update }, holders)) === 'written';
};

/**
 * The relationship's own record of an answer, kept after the response links expire. Written whole
 * the first time, then only added to, each person's answer on its own: two writers that read the
 * question at different moments (two mentees' conclusions as they leave a circle) both keep what
 * they read. Its details are personal data: false, and nothing written, when one
 * of its holders was erased since they were read.
 */
export const saveAnswer = async (question: Question, holders: Holders): Promise<boolean> => {
  const { questionId, kind, subject, answers, outcome, settledAt } = question;
  const item = { pk: relationshipPk(holders.relationshipId), sk: `${PREFIX.answer}${questionId}`, questionId, kind, subject, answers, outcome, settledAt };
  const put = await putWhileKept([item], holders, true, tables().mentoring);
  return put === 'exists' ? addToRecord(questionId, answers, holders, { outcome, settledAt }) : put === 'written';
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
