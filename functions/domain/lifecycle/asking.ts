import type { Question } from '../model.ts';
import type { Attempt } from './question-lifetimes.ts';

/** Who each wait of a question writes to. */

/**
 * The first ask writes to everyone asked, unless an earlier e-mail carried the question; the
 * reminder to whoever has not answered, unless the kind reminds otherwise (a calendar alarm);
 * the escalation to the coordinator instead.
 */
export const writesTo = (
  attempt: Attempt,
  { remindsByEmail, carriedBy }: { remindsByEmail?: boolean; carriedBy?: string },
): { to: 'coordinator' } | { to: 'not-yet-answered'; attempt: Exclude<Attempt, 'escalation'> } | { to: 'nobody' } => {
  if (attempt === 'escalation') return { to: 'coordinator' };
  if (attempt === 'reminder' && remindsByEmail === false) return { to: 'nobody' };
  if (attempt === 'first' && carriedBy) return { to: 'nobody' };
  return { to: 'not-yet-answered', attempt };
};

/** Those asked who have not answered yet: someone who already answered a question that waits for everyone is not reminded. */
export const notYetAnswered = <R extends { person: { personId: string } }>(asked: readonly R[], question: Pick<Question, 'answers'>): R[] =>
  asked.filter(({ person }) => !question.answers[person.personId]);

/** A question's subject as the key of the e-mails that ask it (`4/1`, `month-3`; `once` for a question asked once). */
export const subjectKey = (subject: Question['subject']): string => Object.values(subject).join('/') || 'once';
