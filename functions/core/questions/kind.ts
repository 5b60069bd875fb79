import type { TFunction } from 'i18next';
import type { Letter } from '#core/letters';
import type { GivenAnswer, Person, Question, QuestionKindName, Role } from '#core/model';
import type { RelationshipContext } from '#core/relationship-context';

export interface Asked {
  person: Person;
  role: Role;
  partner: Person;
}

export type Parsed = { ok: true; outcome: string; details: GivenAnswer['details'] } | { ok: false; reason: string };

/**
 * One kind of question the lifecycle asks: who is asked, what they read, what the answer page
 * shows and accepts, and when the question is settled. The workflow only ever sees the outcome.
 */
export interface QuestionKind<Subject> {
  name: QuestionKindName;
  /** The question's id and what its page needs, from the relationship and the subject (a meeting, a review). */
  prepare(context: RelationshipContext, subject: Subject): Promise<{ questionId: string; page: Record<string, string> }>;
  asked(context: RelationshipContext): Asked[];
  letter(t: TFunction, reader: Asked & { person: Person }, question: Question, attempt: 'first' | 'reminder', link: (answer?: string) => string): Pick<Letter, 'subject' | 'paragraphs' | 'actions'>;
  /** The page: a title, what is asked, and the form's fields (HTML, escaped). */
  page(t: TFunction, question: Question, locale: string, draft: URLSearchParams): { title: string; intro: string; fields: string; privacy: string };
  parse(form: URLSearchParams, question: Question, locale: string, t: TFunction, now: Date): Parsed;
  /** The outcome once the answers so far settle it; undefined while more are needed. */
  settle(question: Question): string | undefined;
  thanks(t: TFunction, answer: GivenAnswer, question: Question, locale: string): string;
}
