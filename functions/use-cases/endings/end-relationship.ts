import { startPhaseExecution } from '#adapters/workflow/executions';
import { conclusionFor } from '#domain/lifecycle/end-requests';
import { escapeHtml } from '#presentation/letters/letters';
import { noteField, noteOf, withNote } from '#presentation/pages/form';
import type { QuestionPage } from '#use-cases/relationship/question-kind';

export const endQuestionId = (relationshipId: string) => `${relationshipId}.end-relationship`;

/**
 * A standing question no execution waits on: each mentor and mentee has a private link (in the
 * foot of their e-mails) to end the relationship early, without blame. An answer starts the
 * relationship's one conclusion, or, for a circle's mentee, a conclusion of their own that
 * works out whether they leave or the circle ends with them (see `conclusionFor`). Both are
 * named, so pressing again after a failure starts what the first press could not, and two
 * people asking at once end the relationship once. Nobody is told who asked.
 */
export const endRelationship: QuestionPage = {
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
  afterAnswer: async (question, personId) => {
    const answer = question.answers[personId];
    if (answer) await startPhaseExecution(question.relationshipId, conclusionFor({ personId, role: answer.role }, Object.keys(question.links)));
  },
};
