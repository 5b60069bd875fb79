import type { TFunction } from 'i18next';
import { escapeHtml } from '#presentation/letters/letters';
import { translator } from '#presentation/messages/index';
import { NOTE_MAX_LENGTH } from '#domain/check-in-details';

/** A language tag fit for `lang` and Content-Language: the locale as stored, or English when it is none. */
export const languageTag = (locale: string): string => {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en';
  } catch {
    return 'en';
  }
};

/*
 * Colours meet WCAG AA: text at least 4.5:1 on its background, borders of controls at least
 * 3:1 against white, and a focus ring of 3 px that every control shows when reached by keyboard.
 */
const STYLE = `body{margin:0;padding:24px 12px;background:#f4f6f8;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1d2733;line-height:1.45}
main{max-width:520px;margin:0 auto;background:#fff;border-radius:8px;padding:24px 28px}
h1{font-size:1.35rem;margin:0 0 12px}h2{font-size:1.05rem;margin:20px 0 4px}
fieldset{border:0;margin:12px 0;padding:0;min-width:0}legend{font-weight:600;padding:0;margin:0 0 4px}
fieldset fieldset{margin:8px 0 8px 28px}
label.option{display:block;padding:12px;margin:8px 0;border:1px solid #7a8694;border-radius:6px;cursor:pointer}
label.option:has(input:checked){border:2px solid #1f5f8b;padding:11px;background:#eef5fa}
.row{display:flex;flex-wrap:wrap;gap:6px;margin-top:4px}.row label{padding:8px 12px;border:1px solid #7a8694;border-radius:6px;cursor:pointer}
.row label:has(input:checked){border:2px solid #1f5f8b;padding:7px 11px;background:#eef5fa}
.moved-only{margin:0 0 8px 28px}.moved-only label{display:block;font-weight:600}
input[type=date],input[type=time],input[type=text],select{margin:4px 0;padding:6px;font:inherit;border:1px solid #5b6776;border-radius:4px;background:#fff;color:inherit}
label.field{display:block;margin:6px 0}input[type=text]{box-sizing:border-box;width:100%}
.note-label{display:block;margin-top:16px}textarea{display:block;box-sizing:border-box;width:100%;margin-top:6px;padding:8px;font:inherit;border:1px solid #5b6776;border-radius:4px}
.note,.hint{color:#4f5b69;font-size:.92rem}.hint{display:block;margin-bottom:4px}.next{margin:16px 0 0}
.error{color:#a4262c;font-weight:600}
button{margin-top:12px;padding:12px 20px;border:0;border-radius:6px;background:#1f5f8b;color:#fff;font-family:inherit;font-size:1rem;font-weight:600;cursor:pointer}
:focus-visible{outline:3px solid #1f5f8b;outline-offset:2px}button:focus-visible{outline-color:#1d2733}
label:has(input:focus-visible){outline:3px solid #1f5f8b;outline-offset:2px}
/* Without JavaScript: the details of one answer show unless another answer is chosen. */
form:has(input[name=answer]:checked):not(:has(input[name=answer][value=held]:checked)) .held-only{display:none}
form:has(input[name=answer]:checked):not(:has(input[name=answer][value=moved]:checked)) .moved-only{display:none}`;

/** Every page: in the reader's language, one heading, everything inside `main`. */
const layout = (locale: string, title: string, body: string) => `<!doctype html>
<html lang="${escapeHtml(languageTag(locale))}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>
${STYLE}
</style></head><body><main>${body}</main></body></html>`;

export interface AnswerForm {
  /** The question's kind, on the form: for styling and for scripts that fill it in. */
  kind: string;
  title: string;
  intro: string;
  fields: string;
  /** What pressing the button does, said before it is pressed. */
  next: string;
  privacy: string;
  error?: string;
}

/** The page a link opens: it shows the question and records nothing until its button is pressed. */
export const answerFormPage = (t: TFunction, locale: string, form: AnswerForm): string =>
  layout(
    locale,
    // A page sent back with what is wrong says so first, in its title: the first thing a screen reader reads.
    form.error ? t('answerPage.errorTitle', { title: form.title }) : form.title,
    `<h1>${escapeHtml(form.title)}</h1>
<p>${escapeHtml(form.intro)}</p>
${form.error ? `<p class="error" role="alert">${escapeHtml(form.error)}</p>` : ''}
<form method="post" data-question="${escapeHtml(form.kind)}">
${form.fields}
<p class="next">${escapeHtml(form.next)}</p>
<button type="submit">${escapeHtml(t('answerPage.send'))}</button>
</form>
<p class="note">${escapeHtml(form.privacy)}</p>`,
  );

/** A page that only tells something (thanks, or what is wrong), under a heading of its own, then what comes next. */
export const messagePage = (locale: string, heading: string, paragraphs: string[]): string =>
  layout(locale, heading, `<h1>${escapeHtml(heading)}</h1>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}`);

/** A page with one message of its own, in `locale`: its heading and text are `answerPage.<key>Title` and `answerPage.<key>`. */
export const noticePage = (key: 'notFound' | 'closed' | 'methodNotAllowed' | 'tooLarge' | 'busy', locale: string): string => {
  const t = translator(locale);
  const message = t(`answerPage.${key}`, { max: NOTE_MAX_LENGTH.toLocaleString(languageTag(locale)) });
  return messagePage(locale, t(`answerPage.${key}Title`), [message]);
};
