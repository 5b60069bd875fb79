import type { Question } from '#domain/model';
import { getQuestion, settleQuestion } from '#adapters/store';
import { resumeWaitingTask } from '#adapters/workflow/waiting-tasks';
import type { QuestionPage } from '#presentation/pages/question-page';

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

/**
 * Resumes the execution waiting on `taskToken` with the outcome its question settled with: a
 * wait that began after it settled (a reminder, a retried ask), or a resume that failed or was
 * never made once it settled. The outcome is the one stored; nothing is recorded again.
 */
export const resumeSettled = (taskToken: string, outcome: string | undefined): Promise<void> => resumeWaitingTask(taskToken, outcome);

/**
 * A question still open whose stored answers already settle it (the page stored an answer and
 * failed, or crashed, before settling): settles it now, so the answer counts. Returns the
 * question as it then stands; one that is not open, or not yet settled, as it was.
 */
export const settleStoredAnswers = async (question: Question, kind: Pick<QuestionPage, 'settle'>, at: string): Promise<Question> => {
  const outcome = question.state === 'open' ? kind.settle(question) : undefined;
  if (!outcome) return question;
  await settleQuestion(question.questionId, outcome, at);
  return (await getQuestion(question.questionId)) ?? question;
};
