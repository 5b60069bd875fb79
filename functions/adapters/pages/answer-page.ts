import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { TFunction } from 'i18next';
import { escapeHtml } from '#adapters/mail/letters';
import { PAGE_SECURITY_HEADERS } from './headers.ts';

const layout = (t: TFunction, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(t('answerPage.title'))}</title>
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
    t,
    `<h1>${escapeHtml(form.title)}</h1>
<p>${escapeHtml(form.intro)}</p>
${form.error ? `<p class="error" role="alert">${escapeHtml(form.error)}</p>` : ''}
<form method="post" data-question="${escapeHtml(form.kind)}">
${form.fields}
<button type="submit">${escapeHtml(t('answerPage.send'))}</button>
</form>
<p class="note">${escapeHtml(form.privacy)}</p>`,
  );

export const messagePage = (t: TFunction, message: string): string => layout(t, `<h1>${escapeHtml(t('answerPage.title'))}</h1><p>${escapeHtml(message)}</p>`);

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
