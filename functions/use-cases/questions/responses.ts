import { clock } from '#platform/clock';
import { formatWhen, translator } from '#presentation/messages/index';
import { answerFormPage, browserLocale, messagePage, messageResponse, pageResponse, type PageResponse } from '#presentation/pages/answer-page';
import type { AnswerRequest } from '#http/answer-request';
import { logger } from '#platform/logger';
import type { Question, ResponseLink } from '#domain/model';
import { resumeWaitingTask } from '#adapters/workflow/waiting-tasks';
import { settleAndResume } from '#use-cases/relationship/settle';
import { QUESTION_PAGES } from './pages.ts';
import type { AnswerPage } from '#use-cases/relationship/question-kind';
import { zoneOf } from '#presentation/pages/question-page';
import { addAnswer, getLink, getQuestion } from '#adapters/store';

const ANSWER_METHODS = ['GET', 'HEAD', 'POST'];

const formBody = ({ body, isBase64Encoded }: AnswerRequest): URLSearchParams =>
  new URLSearchParams(body ? (isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body) : '');

/** The question's state as this reader should hear it, or undefined while it waits for their answer. */
const alreadySettled = (question: Question, link: ResponseLink) => {
  const t = translator(link.locale);
  const mine = question.answers[link.personId];
  if (question.state === 'answered' || mine) {
    const at = mine?.answeredAt ?? question.settledAt ?? clock().now().toISOString();
    const said = t('answerPage.alreadyAnswered', { when: formatWhen(at, zoneOf(question, link), link.locale) });
    return pageResponse(200, messagePage(link.locale, t('answerPage.alreadyAnsweredTitle'), [said]), 'GET', link.locale);
  }
  if (question.state === 'closed' || new Date(question.closesAt) < clock().now()) return messageResponse(410, 'closed', 'GET', link.locale);
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
    await resumeWaitingTask(question.taskToken, question.outcome).catch((error: Error) =>
      logger.debug('settled question not resumed again', { questionId: question.questionId, error: error.name }),
    );
  }
};

/**
 * GET and HEAD show the question and change nothing: mail scanners open every link. Only a
 * POST from the page's button records an answer, once per person, and resumes the waiting
 * execution when the answers settle the question.
 */
export const respondToLink = async (request: AnswerRequest): Promise<PageResponse> => {
  const { method, linkId } = request;
  // Any other method is refused before anything is read, whatever state the link is in.
  if (!ANSWER_METHODS.includes(method)) return messageResponse(405, 'methodNotAllowed', method, browserLocale(request), { allow: ANSWER_METHODS.join(', ') });
  const link = /^[A-Za-z0-9_-]{20,64}$/.test(linkId) ? await getLink(linkId) : undefined;
  const question = link && (await getQuestion(link.questionId));
  if (!link || !question) return messageResponse(404, 'notFound', method, browserLocale(request));

  const t = translator(link.locale);
  const kind = QUESTION_PAGES[question.kind];
  const now = clock().now();
  const settled = alreadySettled(question, link);
  if (settled) {
    // Pressing again finishes what the first press left undone; opening the page changes nothing.
    if (method === 'POST') await actOnAnswers(question, kind, link.personId, now.toISOString());
    return { ...settled, body: method === 'HEAD' ? '' : settled.body };
  }

  if (method === 'GET' || method === 'HEAD') {
    const draft = new URLSearchParams(request.query.answer ? { answer: request.query.answer } : {});
    return pageResponse(200, answerFormPage(t, link.locale, { kind: question.kind, ...kind.page(t, question, link, draft) }), method, link.locale);
  }

  const form = formBody(request);
  const parsed = kind.parse(form, question, link, t, now);
  if (!parsed.ok)
    return pageResponse(
      400,
      answerFormPage(t, link.locale, { kind: question.kind, ...kind.page(t, question, link, form), error: t('answerPage.invalid', { reason: parsed.reason }) }),
      method,
      link.locale,
    );

  const answer = { role: link.role, answeredAt: now.toISOString(), outcome: parsed.outcome, details: parsed.details };
  const stored = await addAnswer(question.questionId, link.personId, answer);
  // Read back: answers given at the same moment by others count too.
  const current = (await getQuestion(question.questionId))!;
  await actOnAnswers(current, kind, link.personId, now.toISOString());
  if (!stored) return alreadySettled(current, link) ?? messageResponse(410, 'closed', method, link.locale);
  // The thank-you page: what was recorded, then what comes next.
  return pageResponse(
    200,
    messagePage(link.locale, t('answerPage.thanksTitle'), kind.thanks(t, answer, question, link.locale, zoneOf(question, link))),
    method,
    link.locale,
  );
};
