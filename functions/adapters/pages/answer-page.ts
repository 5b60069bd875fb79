import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { TFunction } from 'i18next';
import { escapeHtml } from '#adapters/mail/letters';
import { PAGE_SECURITY_HEADERS } from './headers.ts';
import { translator } from '#adapters/messages/index';
import { NOTE_MAX_LENGTH } from '#domain/check-in-details';

const layout = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>
body{margin:0;padding:24px;background:#f4f6f8;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1d2733}
main{max-width:520px;margin:0 auto;background:#fff;border-radius:8px;padding:28px}
h1{font-size:1.3rem;margin:0 0 12px}label.option{display:block;padding:12px;margin:8px 0;border:1px solid #c9d2dc;border-radius:6px;cursor:pointer}
label.option:has(input:checked){border-color:#1f5f8b;background:#eef5fa}input[type=datetime-local]{margin:6px 0 0 26px;padding:6px;font:inherit}
button{margin-top:16px;padding:12px 20px;border:0;border-radius:6px;background:#1f5f8b;color:#fff;font-family:inherit;font-size:1rem;font-weight:600;cursor:pointer}
.note{color:#5b6776;font-size:.9rem}.error{color:#a4262c;font-weight:600}
fieldset{border:0;margin:4px 0 8px 26px;padding:0}legend{font-weight:600;padding:0;margin:8px 0 4px}
.row{display:flex;flex-wrap:wrap;gap:6px;margin-top:4px}.row label{padding:8px 12px;border:1px solid #c9d2dc;border-radius:6px;cursor:pointer}
.row label:has(input:checked){border-color:#1f5f8b;background:#eef5fa}
.note-label{display:block;margin-top:16px}textarea{display:block;box-sizing:border-box;width:100%;margin-top:6px;padding:8px;font:inherit}
/* Without JavaScript: how they met and the rating show unless another answer is chosen. */
form:has(input[name=answer]:checked):not(:has(input[name=answer][value=held]:checked)) .held-only{display:none}
</style></head><body><main>${body}</main></body></html>`;

export interface AnswerForm {
  /** The question's kind, on the form: for styling and for scripts that fill it in. */
  kind: string;
  title: string;
  intro: string;
  fields: string;
  privacy: string;
  error?: string;
}

/** The page a link opens: it shows the question and records nothing until its button is pressed. */
export const answerFormPage = (t: TFunction, form: AnswerForm): string =>
  layout(
    form.title,
    `<h1>${escapeHtml(form.title)}</h1>
<p>${escapeHtml(form.intro)}</p>
${form.error ? `<p class="error" role="alert">${escapeHtml(form.error)}</p>` : ''}
<form method="post" data-question="${escapeHtml(form.kind)}">
${form.fields}
<button type="submit">${escapeHtml(t('answerPage.send'))}</button>
</form>
<p class="note">${escapeHtml(form.privacy)}</p>`,
  );

/** A page that only tells something: thanks, or what is wrong. Under a heading that fits any question, not one of them. */
export const messagePage = (t: TFunction, message: string): string => {
  const heading = t('answerPage.messageTitle');
  return layout(heading, `<h1>${escapeHtml(heading)}</h1><p>${escapeHtml(message)}</p>`);
};

/** Every answer page as the browser gets it, error pages included, with the same private headers. */
export const pageResponse = (statusCode: number, html: string, method: string, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    ...PAGE_SECURITY_HEADERS,
    ...headers,
  },
  body: method === 'HEAD' ? '' : html,
});

/**
 * The largest answer a page takes, in bytes. A form filled in on the page is a few kilobytes:
 * a note of 2,000 characters is at most 18 KB once encoded. A bigger one was not sent from the
 * page, and a page that showed it back could outgrow what Lambda may answer (6 MB).
 */
export const MAX_ANSWER_BYTES = 64 * 1024;

/** An answer too large to be one from the page: refused unread, whatever the link, saying what to do. */
export const refuseOversizedAnswer = (event: APIGatewayProxyEventV2): APIGatewayProxyStructuredResultV2 | undefined => {
  const method = event.requestContext.http.method.toUpperCase();
  if (method !== 'POST' || !event.body || Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8') <= MAX_ANSWER_BYTES) return undefined;
  const t = translator('en');
  return pageResponse(413, messagePage(t, t('answerPage.tooLarge', { max: NOTE_MAX_LENGTH.toLocaleString('en') })), method);
};
