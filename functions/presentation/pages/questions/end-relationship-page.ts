import { escapeHtml } from '#presentation/letters/letters';
import { noteField, noteOf, withNote } from '#presentation/pages/form';
import type { QuestionPage } from '#presentation/pages/question-page';

/** Ending the relationship as the answer page shows it: apart from what an answer starts, so the page holds no workflow code. */
export const endRelationshipPage: QuestionPage = {
  name: 'end-relationship',
  page: (t, _question, _reader, draft) => ({
    title: t('endRelationship.pageTitle'),
    intro: t('endRelationship.pageIntro'),
    fields: [
      `<label class="option"><input type="checkbox" name="confirm" value="yes"${draft.get('confirm') === 'yes' ? ' checked' : ''} required> ${escapeHtml(t('endRelationship.confirm'))}</label>`,
      noteField(t('endRelationship.note'), draft),
    ].join('\n'),
    next: t('endRelationship.next'),
    privacy: t('endRelationship.privacy'),
  }),
  parse: (form, _question, { locale }, t) => {
    if (form.get('confirm') !== 'yes') return { ok: false, reason: t('endRelationship.chooseConfirm') };
    const noted = noteOf(form, t, locale);
    if ('error' in noted) return { ok: false, reason: noted.error };
    return { ok: true, outcome: 'end', details: withNote(noted.note) };
  },
  // Never settles: everyone keeps their own link for as long as the relationship runs.
  settle: () => undefined,
  thanks: (t) => [t('endRelationship.thanks')],
};
