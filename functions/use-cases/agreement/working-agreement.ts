import { clock } from '#platform/clock';
import { formatDeadline } from '#presentation/messages/index';
import { MEETING_MODES, type MeetingMode } from '#domain/check-in-details';
import { updateRelationship } from '#adapters/store';
import { members } from '#use-cases/relationship/write-to';
import type { QuestionKind } from '#use-cases/relationship/question-kind';
import { FREQUENCIES, isFrequency, workingAgreementPage, type Frequency } from '#presentation/pages/questions/working-agreement-page';

export { FREQUENCIES, type Frequency } from '#presentation/pages/questions/working-agreement-page';

/** The ways to meet an answer names, in the page's order; unknown values are dropped. */
const modesOf = (raw: string | number | boolean | null | undefined): MeetingMode[] => {
  const given = new Set(typeof raw === 'string' ? raw.split(',') : []);
  return MEETING_MODES.filter((mode) => given.has(mode));
};

/**
 * After the first meeting: each of them confirms, for themself, that what they discuss stays
 * between them, and says how and how often they would like to meet. The relationship keeps
 * the ways to meet all of them named and one rhythm: the mentor's, or else the most named.
 */
export const workingAgreement: QuestionKind = {
  ...workingAgreementPage,
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
  carried: (t, { person, partner }, question, link) => ({
    paragraph: t('workingAgreement.carried', { partner: partner.name, deadline: formatDeadline(question.closesAt, person.timeZone, person.locale) }),
    action: { label: t('workingAgreement.action'), url: link },
  }),

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
