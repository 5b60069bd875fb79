import { clock } from '#platform/clock';
import { formatWhen, translator } from '#presentation/messages/index';
import { answerFormPage, messagePage } from '#presentation/pages/answer-page';
import { zoneOf } from '#presentation/pages/question-page';
import { logger } from '#platform/logger';
import type { Question, ResponseLink } from '#domain/model';
import { resumeSettled, settleAndResume } from '#use-cases/relationship/settle';
import { QUESTION_PAGES } from './pages.ts';
import type { AnswerPage } from '#use-cases/relationship/question-kind';
import { addAnswer, getLink, getQuestion } from '#adapters/store';

/** A visit to an answer link: opening it, with the e-mail's button as the answer `chosen` so far, or pressing the page's button with its form. */
export type LinkVisit = { linkId: string } & ({ pressed: false; chosen?: string } | { pressed: true; form: URLSearchParams });

/**
 * What a visit comes to: no such link, a question closed, or a page in the reader's language
 * (the form, the form sent back with what is wrong, already answered, or thanks).
 */
export type LinkPage =
  { shown: 'unknown' } | { shown: 'closed'; locale: string } | { shown: 'form' | 'refused' | 'answered' | 'thanks'; locale: string; html: string };

/** The question's state as this reader should hear it, or undefined while it waits for their answer. */
const alreadySettled = (question: Question, link: ResponseLink): LinkPage | undefined => {
  const t = translator(link.locale);
  const mine = question.answers[link.personId];
  if (question.state === 'answered' || mine) {
    const at = mine?.answeredAt ?? question.settledAt ?? clock().now().toISOString();
    const said = t('answerPage.alreadyAnswered', { when: formatWhen(at, zoneOf(question, link), link.locale) });
    return { shown: 'answered', locale: link.locale, html: messagePage(link.locale, t('answerPage.alreadyAnsweredTitle'), [said]) };
  }
  if (question.state === 'closed' || new Date(question.closesAt) < clock().now()) return { shown: 'closed', locale: link.locale };
  return undefined;
};

/**
 * Acts on the answers stored: sets going what `personId`'s answer sets going, and settles the
 * question once its answers settle it (resuming a settled one's execution, in case that failed
 * before). Each part does nothing the second time, so pressing again finishes whatever a
 * failure or a crash left undone after the answer was stored: a stored answer is always acted on.
 */
const actOnAnswers = async (question: Question, kind: AnswerPage, personId: string, at: string): Promise<void> => {
  if (kind.afterAnswer && question.answers[personId]) await kind.afterAnswer(question, personId);
  const outcome = question.state === 'open' ? kind.settle(question) : undefined;
  if (outcome) {
    await settleAndResume(question, outcome, at, (error) =>
      logger.warn('answer stored, execution not resumed yet', { questionId: question.questionId, error: error.name }),
    );
  } else if (question.state === 'answered' && question.taskToken) {
    // Most often the execution resumed long ago and Step Functions says so; that is fine.
    await resumeSettled(question.taskToken, question.outcome).catch((error: Error) =>
      logger.debug('settled question not resumed again', { questionId: question.questionId, error: error.name }),
    );
  }
};

/**
 * Opening a link shows the question and changes nothing: mail scanners open every link. Only
 * pressing the page's button records an answer, once per person, and resumes the waiting
 * execution when the answers settle the question.
 */
export const visitLink = async (visit: LinkVisit): Promise<LinkPage> => {
  const link = /^[A-Za-z0-9_-]{20,64}$/.test(visit.linkId) ? await getLink(visit.linkId) : undefined;
  const question = link && (await getQuestion(link.questionId));
  if (!link || !question) return { shown: 'unknown' };

  const t = translator(link.locale);
  const kind = QUESTION_PAGES[question.kind];
  const now = clock().now();
  const settled = alreadySettled(question, link);
  if (settled) {
    // Pressing again finishes what the first press left undone; opening the page changes nothing.
    if (visit.pressed) await actOnAnswers(question, kind, link.personId, now.toISOString());
    return settled;
  }

  if (!visit.pressed) {
    const draft = new URLSearchParams(visit.chosen ? { answer: visit.chosen } : {});
    return { shown: 'form', locale: link.locale, html: answerFormPage(t, link.locale, { kind: question.kind, ...kind.page(t, question, link, draft) }) };
  }

  const { form } = visit;
  const parsed = kind.parse(form, question, link, t, now);
  if (!parsed.ok)
    return {
      shown: 'refused',
      locale: link.locale,
      html: answerFormPage(t, link.locale, {
        kind: question.kind,
        ...kind.page(t, question, link, form),
        error: t('answerPage.invalid', { reason: parsed.reason }),
      }),
    };

  const answer = { role: link.role, answeredAt: now.toISOString(), outcome: parsed.outcome, details: parsed.details };
  // As stored: answers given at the same moment by others count too.
  const stored = await addAnswer(question.questionId, link.personId, answer);
  const current = stored ?? (await getQuestion(question.questionId))!;
  await actOnAnswers(current, kind, link.personId, now.toISOString());
  if (!stored) return alreadySettled(current, link) ?? { shown: 'closed', locale: link.locale };
  // The thank-you page: what was recorded, then what comes next.
  return {
    shown: 'thanks',
    locale: link.locale,
    html: messagePage(link.locale, t('answerPage.thanksTitle'), kind.thanks(t, answer, question, link.locale, zoneOf(question, link))),
  };
};
