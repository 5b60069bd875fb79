import { JsonPath, type IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type * as z from 'zod';
import { RECORDED_BY_KIND, recorded } from '#domain/task-payloads';
import type { Attempt } from '#domain/lifecycle/question-lifetimes';
import { askAndWait, step } from './invoke.ts';
import { pathsOf, type Fields, type Paths, type StatePath, type Task, type TaskInput } from './payloads.ts';

/** What a question is, in the fields both its asking and its recording take: the relationship, the kind, the subject. */
export type Question<K extends TaskInput<'recordAnswer'>['kind'] = TaskInput<'recordAnswer'>['kind']> = Fields<
  Omit<TaskInput<'askParticipants'>, 'taskToken' | 'attempt' | 'windowSeconds'>
> & { kind: K };

/** Paths to the seconds each wait may last, computed by a handler from the program. */
export interface Windows {
  answer: StatePath<number>;
  reminder: StatePath<number>;
  escalation?: StatePath<number | undefined>;
}

export interface AskWithReminder {
  /** "Ask how the meeting went": sends the question and waits for the answer. */
  ask: string;
  /** "Remind them to say how it went": asks again when the first wait times out. */
  remind: string;
  /** "Tell the coordinator nobody accepted yet": for questions the relationship cannot go on without. */
  escalate?: string;
  /** Called with `attempt: 'first'`, `'reminder'` and `'escalation'`; it owns the question's e-mails and links. */
  task: Task<'askParticipants'>;
  question: Question;
  windows: Windows;
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
    answer: question.windows.answer,
    reminder: question.windows.reminder,
    ...(question.escalate && question.windows.escalation ? { escalation: question.windows.escalation } : {}),
  };
  const wait = (name: string, attempt: Attempt, timeout: StatePath<number | undefined>) =>
    askAndWait(scope, name, question.task, { ...question.question, attempt, windowSeconds }, timeout);
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

/** The fields of a recorded question of kind `K` its state machine reads; none for most kinds. */
type ReadOf<K> = K extends keyof typeof RECORDED_BY_KIND ? z.output<(typeof RECORDED_BY_KIND)[K]> : Record<never, never>;

/** What recording a question of this kind keeps at its result path, as its state machine reads it. */
const recordedSchema = (kind: string): z.ZodType => (RECORDED_BY_KIND as Record<string, z.ZodType | undefined>)[kind] ?? recorded;

/**
 * Records a question as it ended: `answered` after an answer settled it, or after its last
 * wait timed out. The result (outcomes, counts) lands at `resultPath`; `result` holds the
 * paths of the fields the kind's state machine reads there.
 */
export const recordBoth = <K extends TaskInput<'recordAnswer'>['kind']>(
  scope: Construct,
  task: Task<'recordAnswer'>,
  names: [string, string],
  question: Question<K>,
  resultPath: string,
) => {
  const result = pathsOf(resultPath, recordedSchema(question.kind)) as unknown as StatePath<ReadOf<K>> & Paths<ReadOf<K>>;
  return {
    answered: step(scope, names[0], task, { ...question, timedOut: false }, result),
    unanswered: step(scope, names[1], task, { ...question, timedOut: true }, result),
    result,
  };
};
