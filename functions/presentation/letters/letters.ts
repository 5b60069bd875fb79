/** A letter is what a participant reads: rendered once to HTML and to plain text. */
export interface Letter {
  /** The reader's language: the HTML's `lang` and the message's Content-Language. */
  lang: string;
  subject: string;
  greeting: string;
  paragraphs: string[];
  /** Buttons in HTML, numbered links in text. */
  actions?: { label: string; url: string }[];
  /** Other questions this letter carries, each a paragraph and its own button (and any further ones beside it). */
  also?: { paragraph: string; action: { label: string; url: string }; more?: { label: string; url: string }[] }[];
  closing?: string[];
  signature: string;
  footer: string;
  /** Who to write to with a question: the coordinator, also the message's Reply-To. */
  contact?: string;
  /** A private link under the footer: ending the relationship without blame. */
  footerLink?: { label: string; url: string };
}

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const paragraph = (text: string) => `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(text).replace(/\n/g, '<br>')}</p>`;

const button = ({ label, url }: { label: string; url: string }) =>
  `<a href="${escapeHtml(url)}" style="display:inline-block;margin:0 8px 8px 0;padding:10px 18px;border-radius:6px;background:#1f5f8b;color:#ffffff;text-decoration:none;font-weight:600">${escapeHtml(label)}</a>`;

export const renderHtml = (letter: Letter): string => `<!doctype html>
<html lang="${escapeHtml(letter.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(letter.subject)}</title></head>
<body style="margin:0;padding:24px;background:#f4f6f8;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1d2733">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:28px">
${paragraph(letter.greeting)}
${letter.paragraphs.map(paragraph).join('\n')}
${letter.actions?.length ? `<div style="margin:8px 0 16px">${letter.actions.map(button).join('')}</div>` : ''}
${(letter.also ?? []).map(({ paragraph: text, action, more = [] }) => `${paragraph(text)}\n<div style="margin:8px 0 16px">${[action, ...more].map(button).join('')}</div>`).join('\n')}
${(letter.closing ?? []).map(paragraph).join('\n')}
${paragraph(letter.signature)}
</div>
<p style="max-width:560px;margin:16px auto 0;font-size:12px;color:#4a5563">${escapeHtml(letter.footer)}${letter.contact ? `<br>${escapeHtml(letter.contact)}` : ''}${
  letter.footerLink ? `<br><a href="${escapeHtml(letter.footerLink.url)}" style="color:#4a5563">${escapeHtml(letter.footerLink.label)}</a>` : ''
}</p>
</body></html>`;

export const renderText = (letter: Letter): string =>
  [
    letter.greeting,
    ...letter.paragraphs,
    ...(letter.actions ?? []).map(({ label, url }) => `${label}:\n${url}`),
    ...(letter.also ?? []).flatMap(({ paragraph: text, action, more = [] }) => [text, ...[action, ...more].map(({ label, url }) => `${label}:\n${url}`)]),
    ...(letter.closing ?? []),
    letter.signature,
    `--\n${letter.footer}${letter.contact ? `\n${letter.contact}` : ''}${letter.footerLink ? `\n${letter.footerLink.label}: ${letter.footerLink.url}` : ''}`,
  ].join('\n\n');
