import { clock } from '#platform/clock';
import { holdersOf, loadRelationship } from '#use-cases/relationship/relationship-context';
import { closeQuestion, getQuestion, saveAnswer } from '#adapters/store';
import type { RecordTask } from '#domain/task-payloads';
import { QUESTION_KINDS } from './kinds.ts';
import { settleStoredAnswers } from '#use-cases/relationship/settle';
import type { RecordedQuestion } from '#use-cases/relationship/question-kind';

/**
 * Records a question as it ended: with its answers, or, once its last wait timed out, closed
 * with whatever came in. An answer that arrives just as the question closes wins, and so does
 * one stored but never settled (the page failed in between): the timeout looks for stored
 * answers before it counts the question unanswered. The relationship keeps its own copy of
 * the answers after the links expire. Hands back what the execution gets, with the kind and the
 * relationship as read, for what follows the record in the same step.
 */
export const recordAnswer = async ({ relationshipId, kind: kindName, timedOut, ...subject }: RecordTask): Promise<RecordedQuestion> => {
  const kind = QUESTION_KINDS[kindName];
  const questionId = kind.questionId(relationshipId, subject as never);
  const now = clock().now().toISOString();
  const stored = await getQuestion(questionId);
  if (!stored) throw new Error(`Question ${questionId} was never asked`);
  const question = timedOut ? await closeQuestion((await settleStoredAnswers(stored, kind, now)).questionId) : stored;
  const context = await loadRelationship(relationshipId);
  if (Object.keys(question.answers).length) await saveAnswer({ ...question, settledAt: question.settledAt ?? now }, holdersOf(context));
  return { kind: kindName, context, recorded: await kind.record(context, question, subject as never) };
};
