import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { JsonPath, type IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { askAndWait } from './invoke.ts';

export interface AskWithReminder {
  /** "Ask how the meeting went": sends the question and waits for the answer. */
  ask: string;
  /** "Remind them to say how it went": asks again when the first wait times out. */
  remind: string;
  /** Called with `attempt: 'first'` and then `'reminder'`; it owns the question's e-mails and links. */
  fn: IFunction;
  payload: Record<string, unknown>;
  /** Paths to the seconds each wait may last, computed by a handler from the program. */
  answerWindowPath: string;
  reminderWindowPath: string;
  /** Where the pair goes with an answer, and when even the reminder gets none. */
  answered: IChainable;
  unanswered: IChainable;
}

/**
 * A question with one reminder: every wait has a timeout, and the timeout has a branch.
 * Returns the first state; the answer never enters the execution's state.
 */
export const askWithReminder = (scope: Construct, question: AskWithReminder) => {
  const wait = (name: string, attempt: 'first' | 'reminder', timeoutPath: string) =>
    askAndWait(scope, name, question.fn, { ...question.payload, attempt }, timeoutPath, JsonPath.DISCARD);
  const remind = wait(question.remind, 'reminder', question.reminderWindowPath)
    .addCatch(question.unanswered, { errors: ['States.Timeout'], resultPath: JsonPath.DISCARD });
  remind.next(question.answered);
  const ask = wait(question.ask, 'first', question.answerWindowPath)
    .addCatch(remind, { errors: ['States.Timeout'], resultPath: JsonPath.DISCARD });
  ask.next(question.answered);
  return ask;
};
