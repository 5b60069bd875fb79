import { clock } from '#platform/clock';
import { loadRelationship } from '#use-cases/relationship-context';
import { closeQuestion, getQuestion, saveAnswer } from '#adapters/store';
import type { RecordTask } from '#domain/task-payloads';
import { QUESTION_KINDS } from './kinds.ts';
import type { Recorded } from './kind.ts';

/**
 * Records a question as it ended: with its answers, or, once its last wait timed out, closed
 * with whatever came in. An answer that arrives just as the question closes wins. The
 * relationship keeps its own copy of the answers after the links expire.
 */
export const recordAnswer = async ({ relationshipId, kind: kindName, timedOut, ...subject }: RecordTask): Promise<Recorded> => {
  const kind = QUESTION_KINDS[kindName];
  const questionId = kind.questionId(relationshipId, subject as never);
  const question = timedOut ? await closeQuestion(questionId) : await getQuestion(questionId);
  if (!question) throw new Error(`Question ${questionId} was never asked`);
  if (Object.keys(question.answers).length) await saveAnswer(relationshipId, { ...question, settledAt: question.settledAt ?? clock().now().toISOString() });
  return kind.record(await loadRelationship(relationshipId), question, subject as never);
};
