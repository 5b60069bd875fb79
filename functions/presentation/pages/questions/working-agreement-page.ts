import type { TFunction } from 'i18next';
import { escapeHtml } from '#presentation/letters/letters';
import { isMeetingMode, MEETING_MODES } from '#domain/check-in-details';
import { modeOptions } from './check-in-page.ts';
import { checkboxRow, noteField, noteOf, radioRow } from '#presentation/pages/form';
import { zoneOf, type Parsed, type QuestionPage } from '#presentation/pages/question-page';
import { whenAllAnswered } from '#domain/question-answers';
import { FREQUENCIES, isFrequency, type Frequency } from '#domain/agreement';
import type { Question } from '#domain/model';
import { formatDay } from '#presentation/messages/index';

const FREQUENCY_LABELS = {
  weekly: 'workingAgreement.weekly',
  'every-two-weeks': 'workingAgreement.everyTwoWeeks',
  monthly: 'workingAgreement.monthly',
} as const;

/**
 * The frequencies the question offers: those the program allows after its close start, as the
 * ask wrote them down; none when there is nothing to choose. A question asked before the page
 * knew the program's range offers all three.
 */
const frequenciesOffered = (question: Pick<Question, 'page'>): Frequency[] => {
  const { frequencies } = question.page;
  return frequencies === undefined ? [...FREQUENCIES] : frequencies.split(',').filter(isFrequency);
};

const frequencyOptions = (t: TFunction, offered: readonly Frequency[]) => offered.map((value) => ({ value, label: t(FREQUENCY_LABELS[value]) }));

/** "a, b and c" in the reader's language: one error names everything still missing. */
const listOf = (items: string[], locale: string) => new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);

/** One box that must be ticked: the browser asks for it, `parse` insists on it. */
const agreeBox = (name: string, label: string, checked: boolean) =>
  `<label class="option"><input type="checkbox" name="${name}" value="yes"${checked ? ' checked' : ''} required> ${escapeHtml(label)}</label>`;

/** The working agreement as the answer page shows it: apart from its letter and record, so the page carries no mail code. */
export const workingAgreementPage: QuestionPage = {
  name: 'working-agreement',

  page: (t, question, reader, draft) => {
    const offered = frequenciesOffered(question);
    const { closeStartUntil } = question.page;
    // Until the close start ends the program's plan holds; the hint says from when the choice counts.
    const hint = closeStartUntil ? t('workingAgreement.frequencyHint', { day: formatDay(closeStartUntil, zoneOf(question, reader), reader.locale) }) : '';
    return {
      title: t('workingAgreement.pageTitle'),
      intro: t('workingAgreement.pageIntro'),
      fields: [
        agreeBox('confidential', t('workingAgreement.confidential'), draft.get('confidential') === 'yes'),
        checkboxRow('modes', t('workingAgreement.modes'), modeOptions(t), draft.getAll('modes')),
        ...(offered.length ? [radioRow('frequency', t('workingAgreement.frequency'), frequencyOptions(t, offered), draft.get('frequency'), hint)] : []),
        noteField(t('answerPage.note'), draft),
      ].join('\n'),
      next: t('workingAgreement.next'),
      privacy: t('workingAgreement.privacy'),
    };
  },

  parse: (form, question, { locale }, t): Parsed => {
    const modes = form.getAll('modes').filter(isMeetingMode);
    const offered = frequenciesOffered(question);
    const given = form.get('frequency');
    const frequency = offered.find((f) => f === given);
    const missing = [
      ...(form.get('confidential') === 'yes' ? [] : [t('workingAgreement.missingConfidential')]),
      ...(modes.length ? [] : [t('workingAgreement.missingMode')]),
      ...(frequency || !offered.length ? [] : [t('workingAgreement.missingFrequency')]),
    ];
    if (missing.length) return { ok: false, reason: t('workingAgreement.missing', { missing: listOf(missing, locale) }) };
    const noted = noteOf(form, t, locale);
    if ('error' in noted) return { ok: false, reason: noted.error };
    return {
      ok: true,
      outcome: 'agreed',
      details: {
        modes: MEETING_MODES.filter((mode) => modes.includes(mode)).join(','),
        ...(frequency ? { frequency } : {}),
        ...(noted.note ? { note: noted.note } : {}),
      },
    };
  },

  settle: (question) => whenAllAnswered(question, () => 'agreed'),
  thanks: (t) => [t('workingAgreement.thanks'), t('workingAgreement.thanksNext')],
};
