import type { Question } from '#domain/model';
import { settleQuestion } from '#adapters/store';
import { resumeWaitingTask } from '#adapters/workflow/waiting-tasks';

/**
 * Settles a question with its outcome, once, and resumes the execution waiting on it. True
 * when this call settled it. When `onResumeFailed` is given, a failed resume is reported
 * there instead of thrown: the outcome is stored, and the waiting step finds it when its
 * wait ends.
 */
export const settleAndResume = async (
  question: Pick<Question, 'questionId' | 'taskToken'>,
  outcome: string,
  at: string,
  onResumeFailed?: (error: Error) => void,
): Promise<boolean> => {
  if (!(await settleQuestion(question.questionId, outcome, at))) return false;
  if (!question.taskToken) return true;
  try {
    await resumeWaitingTask(question.taskToken, outcome);
  } catch (error) {
    if (!onResumeFailed) throw error;
    onResumeFailed(error as Error);
  }
  return true;
};
