import type { TFunction } from 'i18next';
import type { Letter } from '#presentation/letters/letters';
import type { CalendarPart } from '#adapters/mail/mailer';
import type { GivenAnswer, Question, QuestionKindName, QuestionSubject, ResponseLink } from '#domain/model';
import type { RelationshipContext } from './relationship-context.ts';
import type { Reader, Recipient } from './write-to.ts';

export type Parsed = { ok: true; outcome: string; details: GivenAnswer['details'] } | { ok: false; reason: string };

/** Who reads the page: the link's person and role. */
export type PageReader = Pick<ResponseLink, 'personId' | 'role' | 'locale' | 'timeZone'>;

/** Where a page's times are shown and read: the reader's own zone, or the relationship's for a link that has none. */
export const zoneOf = (question: Pick<Question, 'timeZone'>, reader: Pick<ResponseLink, 'timeZone'>): string => reader.timeZone ?? question.timeZone;

/** What a recorded question hands back to its execution: outcomes, counts and flags, never answers. */
export type Recorded = Record<string, string | number | boolean | string[]>;

/** What the public answer page needs of a question: what it shows and accepts, and when it is settled. */
export interface QuestionPage {
  name: QuestionKindName;
  /**
   * The page: a title, what is asked, the form's fields (HTML, escaped), what pressing its
   * button does, and who sees the answer. `draft` holds what the reader chose so far: the
   * e-mail's button (`answer`), or a form sent back with an error; every other field starts at
   * a sensible default, so the page's one button records the e-mail's answer as it stands.
   */
  page(
    t: TFunction,
    question: Question,
    reader: PageReader,
    draft: URLSearchParams,
  ): { title: string; intro: string; fields: string; next: string; privacy: string };
  parse(form: URLSearchParams, question: Question, reader: PageReader, t: TFunction, now: Date): Parsed;
  /** The outcome once the answers so far settle it; undefined while more are needed. */
  settle(question: Question): string | undefined;
  /** The thank-you page's paragraphs: what was recorded, then what comes next. */
  thanks(t: TFunction, answer: GivenAnswer, question: Question, locale: string, timeZone?: string): string[];
  /**
   * For a standing question no execution waits on: what `personId`'s stored answer sets going.
   * Idempotent: a second press runs it again, to finish what a failure left undone.
   */
  afterAnswer?(question: Question, personId: string): Promise<void>;
}

/**
 * One kind of question the lifecycle asks: who is asked, what they read, what the answer page
 * shows and accepts, when the question is settled and what its answer changes. The workflow
 * only ever sees what `record` returns.
 */
export interface QuestionKind<Subject extends QuestionSubject = QuestionSubject> extends QuestionPage {
  /** Deterministic, so a retried ask finds the question it opened. */
  questionId(relationshipId: string, subject: Subject): string;
  /** What the answer page needs, so it reads no other table; may check the subject is current. */
  prepare(context: RelationshipContext, subject: Subject): Promise<Record<string, string>>;
  asked(context: RelationshipContext, subject: Subject): Recipient[];
  letter(
    t: TFunction,
    reader: Reader,
    question: Question,
    attempt: 'first' | 'reminder',
    link: (answer?: string) => string,
  ): Pick<Letter, 'subject' | 'paragraphs' | 'actions'>;
  /**
   * How an e-mail sent before this question is due carries it: a paragraph and one button (the
   * check-in carries the working agreement, a review and the look back).
   */
  carried?(t: TFunction, reader: Reader, question: Question, link: string): CarriedPart;
  /**
   * Whether the reminder is an e-mail. A check-in's is not: the next meeting's check-in comes
   * soon, and missed or silent meetings bring the safety net's nudge instead.
   */
  remindsByEmail?: boolean;
  /**
   * What the first e-mail carries besides the question (the check-in: the next meeting and its
   * invitation), and what to note once it went out.
   */
  enclosures?(context: RelationshipContext, subject: Subject): Promise<Enclosures | undefined>;
  /** Applies the question as it ended (answered, or closed with what came in) to the relationship. */
  record(context: RelationshipContext, question: Question, subject: Subject): Promise<Recorded>;
}

/** A question another e-mail carries: its paragraph and button there. */
export type CarriedPart = NonNullable<Letter['also']>[number];

export interface Enclosures {
  /** Each reader's: other questions it carries, closing lines and calendar parts. */
  forReader(reader: Reader): Pick<Letter, 'also' | 'closing'> & { calendars?: CalendarPart[] };
  /** Once every letter went out. */
  sent(): Promise<void>;
}

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
