import type { TFunction } from 'i18next';
import type { Letter } from '#presentation/letters/letters';
import type { CalendarPart } from '#adapters/mail/mailer';
import type { Question, QuestionKindName, QuestionSubject } from '#domain/model';
import type { Attempt } from '#domain/lifecycle/question-lifetimes';
import type { Recorded } from '#domain/task-payloads';
import type { QuestionPage } from '#presentation/pages/question-page';
import type { RelationshipContext } from './relationship-context.ts';
import type { Reader, Recipient } from './write-to.ts';

/** What the answer page needs of a question, and for a standing question what its answer sets going. */
export interface AnswerPage extends QuestionPage {
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
export interface QuestionKind<Subject extends QuestionSubject = QuestionSubject, Result extends Recorded = Recorded> extends AnswerPage {
  /** Deterministic, so a retried ask finds the question it opened. */
  questionId(relationshipId: string, subject: Subject): string;
  /**
   * What the relationship gains before the question is asked, returned as the context it is
   * prepared and written from: the match opens each member's private end link, which its own
   * letters already carry.
   */
  beforeAsking?(context: RelationshipContext): Promise<RelationshipContext>;
  /** What the answer page needs, so it reads no other table; may check the subject is current. */
  prepare(context: RelationshipContext, subject: Subject): Promise<Record<string, string>>;
  asked(context: RelationshipContext, subject: Subject): Recipient[];
  letter(
    t: TFunction,
    reader: Reader,
    question: Question,
    attempt: Exclude<Attempt, 'escalation'>,
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
  record(context: RelationshipContext, question: Question, subject: Subject): Promise<Result>;
}

/**
 * A question as the engine recorded it, for what follows in the same step (the safety net after
 * a check-in): its kind, the relationship as the step read it, and what its execution gets.
 */
export interface RecordedQuestion {
  kind: QuestionKindName;
  context: RelationshipContext;
  recorded: Recorded;
}

/** A question another e-mail carries: its paragraph and button there. */
export type CarriedPart = NonNullable<Letter['also']>[number];

export interface Enclosures {
  /** Each reader's: other questions it carries, closing lines and calendar parts. */
  forReader(reader: Reader): Pick<Letter, 'also' | 'closing'> & { calendars?: CalendarPart[] };
  /** Once every letter went out. */
  sent(): Promise<void>;
}
