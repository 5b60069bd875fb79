import { clock } from '#platform/clock';
import { notYetAnswered } from '#domain/lifecycle/asking';
import { resendKey, waitingQuestions } from '#domain/desk/relationship-status';
import { isStanding, type Question } from '#domain/model';
import { responseUrl } from '#presentation/pages/links';
import { getQuestion, getRelationship, listOpenQuestions } from '#adapters/store';
import { loadRelationship } from '#use-cases/relationship/relationship-context';
import { writeTo } from '#use-cases/relationship/write-to';
import { RelationshipActionRefused } from '#use-cases/pauses/pauses';
import { QUESTION_KINDS } from './kinds.ts';
import type { QuestionKind } from '#use-cases/relationship/question-kind';

/** One open question sent again: to whom (ids), and how many e-mails went now (0: already sent again today). */
export interface Resent {
  questionId: string;
  kind: Question['kind'];
  subject: Question['subject'];
  to: { personId: string; name: string }[];
  sent: number;
}

/**
 * The coordinator sends a relationship's open questions again (`mentoring resend`): each
 * question's first e-mail, with the same links, to whoever has not answered, at most once a day
 * on the coordinator's calendar. The questions' windows stay as they are.
 */
export const resendOpenQuestions = async (relationshipId: string): Promise<Resent[]> => {
  const open = (await listOpenQuestions()).filter((q) => q.relationshipId === relationshipId);
  return resendQuestions(
    relationshipId,
    waitingQuestions(open).map((q) => q.questionId),
  );
};

/**
 * Sends these questions of a relationship again, as `resendOpenQuestions` does: those still open,
 * to whoever has not answered, at most once a day. For a caller that knows which questions
 * waited (the weekly digest's nudge), so nothing lists the open questions of every relationship.
 */
export const resendQuestions = async (relationshipId: string, questionIds: readonly string[]): Promise<Resent[]> => {
  const relationship = await getRelationship(relationshipId);
  if (relationship.status === 'closed') throw new RelationshipActionRefused(`${relationshipId} has ended: no question waits on anyone`);
  const loaded = await loadRelationship(relationshipId);
  const now = clock().now();
  const resent: Resent[] = [];
  for (const questionId of questionIds) {
    const question = await getQuestion(questionId);
    if (question?.state !== 'open' || question.relationshipId !== relationshipId || isStanding(question.kind)) continue;
    const kind: QuestionKind = QUESTION_KINDS[question.kind];
    const context = kind.beforeAsking ? await kind.beforeAsking(loaded) : loaded;
    const readers = notYetAnswered(kind.asked(context, question.subject as never), question);
    const sent = await writeTo(
      context,
      readers,
      `${question.kind}-resend`,
      () => resendKey(question.subject, now, context.coordinator.timeZone),
      (reader) => kind.letter(reader.t, reader, question, 'first', (answer) => responseUrl(question.links[reader.person.personId]!, answer)),
    );
    resent.push({
      questionId,
      kind: question.kind,
      subject: question.subject,
      to: readers.map(({ person }) => ({ personId: person.personId, name: person.name })),
      sent,
    });
  }
  return resent;
};
