import type { GivenAnswer, Question } from './model.ts';

/** Settles once everyone asked has answered. */
export const whenAllAnswered = (question: Question, outcome: (answers: GivenAnswer[]) => string): string | undefined => {
  const answers = Object.values(question.answers);
  return answers.length >= Object.keys(question.links).length ? outcome(answers) : undefined;
};

/**
 * The answer given first: the earliest stored, and between two stored at the same instant the
 * one of the lower person id. Never the order the answers happen to be read back in, so two
 * people pressing at once settle the question the same way on every read and every retry.
 */
export const firstAnswer = (question: Pick<Question, 'answers'>): GivenAnswer | undefined =>
  Object.entries(question.answers)
    .sort(([personA, a], [personB, b]) => a.answeredAt.localeCompare(b.answeredAt) || personA.localeCompare(personB))
    .map(([, answer]) => answer)[0];
