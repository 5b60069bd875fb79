import type { TFunction } from 'i18next';
import { escapeHtml } from '#presentation/letters/letters';
import { isMeetingMode, MEETING_MODES } from '#domain/check-in-details';
import { modeOptions } from './check-in-page.ts';
import { checkboxRow, noteField, noteOf, radioRow } from '#presentation/pages/form';
import type { Parsed, QuestionPage } from '#presentation/pages/question-page';
import { whenAllAnswered } from '#domain/question-answers';
import { FREQUENCIES, isFrequency } from '#domain/agreement';

const FREQUENCY_LABELS = {
  weekly: 'workingAgreement.weekly',
  'every-two-weeks': 'workingAgreement.everyTwoWeeks',
  monthly: 'workingAgreement.monthly',
} as const;

const frequencyOptions = (t: TFunction) => FREQUENCIES.map((value) => ({ value, label: t(FREQUENCY_LABELS[value]) }));

/** "a, b and c" in the reader's language: one error names everything still missing. */
const listOf = (items: string[], locale: string) => new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);

/** One box that must be ticked: the browser asks for it, `parse` insists on it. */
const agreeBox = (name: string, label: string, checked: boolean) =>
  `<label class="option"><input type="checkbox" name="${name}" value="yes"${checked ? ' checked' : ''} required> ${escapeHtml(label)}</label>`;

/** The working agreement as the answer page shows it: apart from its letter and record, so the page carries no mail code. */
export const workingAgreementPage: QuestionPage = {
  name: 'working-agreement',

  page: (t, _question, _reader, draft) => ({
    title: t('workingAgreement.pageTitle'),
    intro: t('workingAgreement.pageIntro'),
    fields: [
      agreeBox('confidential', t('workingAgreement.confidential'), draft.get('confidential') === 'yes'),
      checkboxRow('modes', t('workingAgreement.modes'), modeOptions(t), draft.getAll('modes')),
      radioRow('frequency', t('workingAgreement.frequency'), frequencyOptions(t), draft.get('frequency')),
      noteField(t('answerPage.note'), draft),
    ].join('\n'),
    next: t('workingAgreement.next'),
    privacy: t('workingAgreement.privacy'),
  }),

  parse: (form, _question, { locale }, t): Parsed => {
    const modes = form.getAll('modes').filter(isMeetingMode);
    const frequency = form.get('frequency');
    const missing = [
      ...(form.get('confidential') === 'yes' ? [] : [t('workingAgreement.missingConfidential')]),
      ...(modes.length ? [] : [t('workingAgreement.missingMode')]),
      ...(isFrequency(frequency) ? [] : [t('workingAgreement.missingFrequency')]),
    ];
    if (missing.length) return { ok: false, reason: t('workingAgreement.missing', { missing: listOf(missing, locale) }) };
    const noted = noteOf(form, t, locale);
    if ('error' in noted) return { ok: false, reason: noted.error };
    return {
      ok: true,
      outcome: 'agreed',
      details: { modes: MEETING_MODES.filter((mode) => modes.includes(mode)).join(','), frequency: frequency, ...(noted.note ? { note: noted.note } : {}) },
    };
  },

  settle: (question) => whenAllAnswered(question, () => 'agreed'),
  thanks: (t) => [t('workingAgreement.thanks'), t('workingAgreement.thanksNext')],
};
