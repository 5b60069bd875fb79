import type { TFunction } from 'i18next';
import { clock } from '#platform/clock';
import { escapeHtml } from '#adapters/mail/letters';
import { formatDeadline } from '#adapters/messages/index';
import { isMeetingMode, MEETING_MODES, type MeetingMode } from '#domain/check-in-details';
import { updateRelationship } from '#adapters/store';
import { members } from '#use-cases/write-to';
import { modeOptions } from '#use-cases/meetings/check-in';
import { checkboxRow, noteField, noteOf, radioRow } from '#adapters/pages/form';
import { whenAllAnswered, type Parsed, type QuestionKind } from '#use-cases/answering/kind';

export const FREQUENCIES = ['weekly', 'every-two-weeks', 'monthly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

const isFrequency = (value: unknown): value is Frequency => FREQUENCIES.includes(value as Frequency);

const FREQUENCY_LABELS = {
  weekly: 'workingAgreement.weekly',
  'every-two-weeks': 'workingAgreement.everyTwoWeeks',
  monthly: 'workingAgreement.monthly',
} as const;

const frequencyOptions = (t: TFunction) => FREQUENCIES.map((value) => ({ value, label: t(FREQUENCY_LABELS[value]) }));

/** "a, b and c" in the reader's language: one error names everything still missing. */
const listOf = (items: string[], locale: string) => new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);

/** The ways to meet an answer names, in the page's order; unknown values are dropped. */
const modesOf = (raw: string | number | boolean | null | undefined): MeetingMode[] => {
  const given = new Set(typeof raw === 'string' ? raw.split(',') : []);
  return MEETING_MODES.filter((mode) => given.has(mode));
};

/** One box that must be ticked: the browser asks for it, `parse` insists on it. */
const agreeBox = (name: string, label: string, checked: boolean) =>
  `<label class="option"><input type="checkbox" name="${name}" value="yes"${checked ? ' checked' : ''} required> ${escapeHtml(label)}</label>`;

/**
 * After the first meeting: each of them confirms, for themself, that what they discuss stays
 * between them, and says how and how often they would like to meet. The relationship keeps
 * the ways to meet all of them named and one rhythm: the mentor's, or else the most named.
 */
export const workingAgreement: QuestionKind = {
  name: 'working-agreement',
  questionId: (relationshipId) => `${relationshipId}.working-agreement`,
  prepare: async () => ({}),
  asked: members,

  letter: (t, { person, partner }, question, attempt, link) => ({
    subject: t(attempt === 'first' ? 'workingAgreement.subject' : 'workingAgreement.reminderSubject', { partner: partner.name }),
    paragraphs: [
      t(attempt === 'first' ? 'workingAgreement.body' : 'workingAgreement.reminderBody', { partner: partner.name }),
      t('workingAgreement.each'),
      t('workingAgreement.deadline', { deadline: formatDeadline(question.closesAt, person.timeZone, person.locale) }),
    ],
    actions: [{ label: t('workingAgreement.action'), url: link() }],
  }),

  page: (t, _question, _reader, draft) => ({
    title: t('workingAgreement.pageTitle'),
    intro: t('workingAgreement.pageIntro'),
    fields: [
      agreeBox('confidential', t('workingAgreement.confidential'), draft.get('confidential') === 'yes'),
      checkboxRow('modes', t('workingAgreement.modes'), modeOptions(t), draft.getAll('modes')),
      radioRow('frequency', t('workingAgreement.frequency'), frequencyOptions(t), draft.get('frequency')),
      noteField(t('answerPage.note'), draft),
    ].join('\n'),
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
  thanks: (t) => t('workingAgreement.thanks'),

  record: async (context, question) => {
    const answers = Object.entries(question.answers);
    // An answer is only accepted with confidentiality ticked, so everyone who answered agreed to it.
    const acknowledgedBy = answers.map(([personId]) => personId);
    const agreed = Object.keys(question.links).every((personId) => acknowledgedBy.includes(personId));
    if (answers.length === 0) return { agreed: false, answered: 0 };

    const modes = MEETING_MODES.filter((mode) => answers.some(([, a]) => modesOf(a.details.modes).includes(mode)));
    const mentorSaid = answers.find(([, a]) => a.role === 'mentor')?.[1].details.frequency;
    const said = answers.map(([, a]) => a.details.frequency).filter(isFrequency);
    // Ties go to the more frequent rhythm: meeting closer together suits the start of a relationship.
    const times = (f: Frequency) => said.filter((s) => s === f).length;
    const mostSaid = said.length ? FREQUENCIES.reduce((best, f) => (times(f) > times(best) ? f : best)) : undefined;
    const frequency = isFrequency(mentorSaid) ? mentorSaid : mostSaid;

    await updateRelationship(context.relationship.relationshipId, {
      workingAgreement: { modes, ...(frequency ? { frequency } : {}), acknowledgedBy, at: clock().now().toISOString() },
    });
    return { agreed, answered: answers.length };
  },
};
