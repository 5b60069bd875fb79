import { clock } from '#platform/clock';
import { formatDeadline } from '#presentation/messages/index';
import { workingAgreementOf } from '#domain/agreement';
import { saveWorkingAgreement } from '#adapters/store';
import { members } from '#use-cases/relationship/write-to';
import type { QuestionKind } from '#use-cases/relationship/question-kind';
import { workingAgreementPage } from '#presentation/pages/questions/working-agreement-page';

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
    const { agreed, answered, agreement } = workingAgreementOf(question.answers, Object.keys(question.links), clock().now().toISOString());
    if (agreement) await saveWorkingAgreement(context.relationship.relationshipId, agreement);
    return { agreed, answered };
  },
};
