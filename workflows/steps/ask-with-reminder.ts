import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { JsonPath, type IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { askAndWait } from './invoke.ts';

export interface AskWithReminder {
  /** "Ask how the meeting went": sends the question and waits for the answer. */
  ask: string;
  /** "Remind them to say how it went": asks again when the first wait times out. */
  remind: string;
  /** "Tell the coordinator nobody accepted yet": for questions the relationship cannot go on without. */
  escalate?: string;
  /** Called with `attempt: 'first'`, `'reminder'` and `'escalation'`; it owns the question's e-mails and links. */
  fn: IFunction;
  payload: Record<string, unknown>;
  /** Paths to the seconds each wait may last, computed by a handler from the program. */
  windows: { answer: string; reminder: string; escalation?: string };
  /** Where the question goes with an answer, and when even the last wait gets none. */
  answered: IChainable;
  unanswered: IChainable;
}

/**
 * A question with a reminder and, if asked for, an escalation to the coordinator: every wait
 * has a timeout, and the timeout has a branch. Returns the first state; the answer never
 * enters the execution's state.
 */
export const askWithReminder = (scope: Construct, question: AskWithReminder) => {
  // The handler is told the very seconds the waits last, so the deadline its letters give is the one the state machine keeps.
  const windowSeconds = {
    'answer.$': question.windows.answer,
    'reminder.$': question.windows.reminder,
    ...(question.escalate && question.windows.escalation ? { 'escalation.$': question.windows.escalation } : {}),
  };
  const wait = (name: string, attempt: 'first' | 'reminder' | 'escalation', timeoutPath: string) =>
    askAndWait(scope, name, question.fn, { ...question.payload, attempt, windowSeconds }, timeoutPath, JsonPath.DISCARD);
  let last = question.unanswered;
  if (question.escalate && question.windows.escalation) {
    const escalate = wait(question.escalate, 'escalation', question.windows.escalation).addCatch(last, {
      errors: ['States.Timeout'],
      resultPath: JsonPath.DISCARD,
    });
    escalate.next(question.answered);
    last = escalate;
  }
  const remind = wait(question.remind, 'reminder', question.windows.reminder).addCatch(last, { errors: ['States.Timeout'], resultPath: JsonPath.DISCARD });
  remind.next(question.answered);
  const ask = wait(question.ask, 'first', question.windows.answer).addCatch(remind, { errors: ['States.Timeout'], resultPath: JsonPath.DISCARD });
  ask.next(question.answered);
  return ask;
};
