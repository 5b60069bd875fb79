import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DateTime } from 'luxon';
import { clock } from '#core/clock';
import { formatDay, formatWhen, translator } from '#core/messages/index';
import { answerFormPage, messagePage } from '#core/answer-page';
import { answerOutput } from '#core/check-in';
import { MEETING_OUTCOMES, type MeetingOutcome, type Question, type ResponseLink } from '#core/model';
import { answerQuestion, getLink, getQuestion } from '#core/store';
import { logger } from '#core/logger';
import { stepFunctions } from '#core/workflow-client';

const page = (statusCode: number, html: string, method: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    // The URL holds the link id: never leak it to another site, never cache or index it.
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'x-robots-tag': 'noindex',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    'x-content-type-options': 'nosniff',
  },
  body: method === 'HEAD' ? '' : html,
});

const formBody = (event: APIGatewayProxyEventV2): URLSearchParams =>
  new URLSearchParams(event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '');

const isOutcome = (value: string | null | undefined): value is MeetingOutcome => MEETING_OUTCOMES.includes(value as MeetingOutcome);

type Parsed = { ok: true; outcome: MeetingOutcome; movedTo?: string } | { ok: false; reason: string };

/** Checks a posted answer against the question; a moved meeting needs a future date within the relationship. */
const parseAnswer = (form: URLSearchParams, question: Question, t: ReturnType<typeof translator>, locale: string): Parsed => {
  const outcome = form.get('answer');
  if (!isOutcome(outcome)) return { ok: false, reason: t('answerPage.chooseOption') };
  if (outcome !== 'moved') return { ok: true, outcome };
  const raw = form.get('movedTo')?.trim();
  if (!raw) return { ok: false, reason: t('answerPage.needDate') };
  const movedTo = DateTime.fromISO(raw, { zone: question.timeZone });
  if (!movedTo.isValid || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(raw)) return { ok: false, reason: t('answerPage.badDate') };
  if (movedTo.toJSDate() <= clock().now()) return { ok: false, reason: t('answerPage.pastDate') };
  if (movedTo.toJSDate() >= new Date(question.moveBefore))
    return { ok: false, reason: t('answerPage.lateDate', { when: formatDay(question.moveBefore, question.timeZone, locale) }) };
  return { ok: true, outcome, movedTo: movedTo.toUTC().toISO()! };
};

/**
 * GET and HEAD show the question and change nothing: mail scanners open every link. Only a
 * POST from the page's button records the answer, once, and resumes the waiting execution.
 */
export const respondToLink = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const method = event.requestContext.http.method.toUpperCase();
  const linkId = event.pathParameters?.linkId ?? '';
  const link: ResponseLink | undefined = /^[A-Za-z0-9_-]{20,64}$/.test(linkId) ? await getLink(linkId) : undefined;
  const question = link && (await getQuestion(link.questionId));
  if (!link || !question) return page(404, messagePage(translator('en'), translator('en')('answerPage.notFound')), method);

  const t = translator(link.locale);
  const when = formatWhen(question.meetingStartsAt, question.timeZone, link.locale);
  const zone = question.timeZone;
  if (question.state === 'answered')
    return page(200, messagePage(t, t('answerPage.alreadyAnswered', { when: formatWhen(question.answeredAt!, question.timeZone, link.locale) })), method);
  if (question.state === 'closed' || new Date(question.closesAt) < clock().now()) return page(410, messagePage(t, t('answerPage.closed')), method);

  if (method === 'GET' || method === 'HEAD') {
    const chosen = event.queryStringParameters?.answer;
    return page(200, answerFormPage(t, { when, zone, chosen: isOutcome(chosen) ? chosen : undefined }), method);
  }
  if (method !== 'POST') return { statusCode: 405, headers: { allow: 'GET, HEAD, POST' }, body: '' };

  const form = formBody(event);
  const parsed = parseAnswer(form, question, t, link.locale);
  if (!parsed.ok)
    return page(
      400,
      answerFormPage(t, { when, zone, chosen: form.get('answer') ?? undefined, movedTo: form.get('movedTo') ?? undefined, error: t('answerPage.invalid', { reason: parsed.reason }) }),
      method,
    );

  const answered = { outcome: parsed.outcome, movedTo: parsed.movedTo, answeredBy: link.role, answeredAt: clock().now().toISOString() };
  if (!(await answerQuestion(question.questionId, answered))) {
    const now = await getQuestion(question.questionId);
    return now?.state === 'answered'
      ? page(200, messagePage(t, t('answerPage.alreadyAnswered', { when: formatWhen(now.answeredAt!, question.timeZone, link.locale) })), method)
      : page(410, messagePage(t, t('answerPage.closed')), method);
  }
  try {
    await stepFunctions().send(new SendTaskSuccessCommand({ taskToken: question.taskToken, output: answerOutput({ ...question, ...answered }) }));
  } catch (error) {
    // The answer is stored: the waiting step finds it when its wait ends, so it is not lost.
    logger.warn('answer stored, execution not resumed yet', { questionId: question.questionId, error: (error as Error).name });
  }
  const thanks = parsed.outcome === 'moved' ? t('answerPage.thanksMoved', { when: formatWhen(parsed.movedTo!, question.timeZone, link.locale) }) : t('answerPage.thanks');
  return page(200, messagePage(t, thanks), method);
};
