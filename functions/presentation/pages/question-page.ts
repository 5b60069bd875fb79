import type { TFunction } from 'i18next';
import type { GivenAnswer, Question, QuestionKindName, ResponseLink } from '#domain/model';

export type Parsed = { ok: true; outcome: string; details: GivenAnswer['details'] } | { ok: false; reason: string };

/** Who reads the page: the link's person and role. */
export type PageReader = Pick<ResponseLink, 'personId' | 'role' | 'locale' | 'timeZone'>;

/** Where a page's times are shown and read: the reader's own zone, or the relationship's for a link that has none. */
export const zoneOf = (question: Pick<Question, 'timeZone'>, reader: Pick<ResponseLink, 'timeZone'>): string => reader.timeZone ?? question.timeZone;

/** What the public answer page shows and accepts of a question, and when its answers settle it. */
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
}
