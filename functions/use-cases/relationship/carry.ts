import { linksFor, responseUrl } from '#presentation/pages/links';
import { openAhead, saveLinks } from '#adapters/store';
import { questionClosesAt, type AnswerWindows } from '#domain/lifecycle/question-lifetimes';
import type { Question, QuestionKindName, QuestionSubject } from '#domain/model';
import { holdersOf, type RelationshipContext } from './relationship-context.ts';
import type { Reader } from './write-to.ts';
import type { CarriedPart, QuestionKind } from './question-kind.ts';

/** A question its own step will ask soon: when, and with which answer windows. */
export interface DueQuestion<Subject extends QuestionSubject = QuestionSubject> {
  name: QuestionKindName;
  kind: QuestionKind<Subject>;
  subject: Subject;
  dueAt: Date;
  windows: AnswerWindows;
}

/** A question carried by an e-mail that goes out before it is due. */
export interface Carried {
  kind: Pick<QuestionKind, 'carried'>;
  question: Question;
}

/**
 * Opens a question that falls due soon, so the e-mail going out now (`carrierId`'s) carries it
 * and each member answers both from one e-mail; its own ask then sends no first e-mail, only
 * the reminder to whoever has not answered. Its deadline is the one its ask will give.
 * Undefined when it was opened otherwise (asked on its own first, or carried by another), or
 * when someone it concerns was erased meanwhile.
 */
export const carryQuestion = async <Subject extends QuestionSubject>(
  context: RelationshipContext,
  carrierId: string,
  { name, kind, subject, dueAt, windows }: DueQuestion<Subject>,
): Promise<Carried | undefined> => {
  const { relationshipId, timeZone, pauses } = context.relationship;
  const questionId = kind.questionId(relationshipId, subject);
  const asked = kind.asked(context, subject);
  const holders = holdersOf(context);
  const question = await openAhead(
    {
      questionId,
      relationshipId,
      kind: name,
      subject,
      taskToken: '',
      state: 'open',
      links: linksFor(questionId, asked),
      answers: {},
      closesAt: questionClosesAt(name, { now: dueAt, attempt: 'first', windows, subject, calendar: context.calendar, pauses }).toISOString(),
      timeZone,
      page: await kind.prepare(context, subject),
      carriedBy: carrierId,
    },
    holders,
  );
  // Not carried when someone it concerns was erased since the step read them: nothing is written.
  if (!question || question.carriedBy !== carrierId || question.state !== 'open') return undefined;
  const linked = await saveLinks(question, asked, holders);
  return linked ? { kind, question } : undefined;
};

/** What a reader of the carrying e-mail sees of a carried question: its paragraph and button, if they are asked it. */
export const carriedFor = (reader: Reader, { kind, question }: Carried): CarriedPart | undefined => {
  const linkId = question.links[reader.person.personId];
  return linkId && kind.carried ? kind.carried(reader.t, reader, question, responseUrl(linkId)) : undefined;
};
