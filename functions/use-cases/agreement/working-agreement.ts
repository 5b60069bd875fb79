import { clock } from '#platform/clock';
import { formatDeadline } from '#presentation/messages/index';
import { workingAgreementOf } from '#domain/agreement';
import { frequenciesToChoose } from '#domain/pair-cadence';
import { closeStartEnd } from '#domain/program/schedule';
import { lastMeeting, saveWorkingAgreement } from '#adapters/store';
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
  // The page offers only the frequencies the program allows, and says from when they count.
  prepare: async ({ program, calendar }) => ({
    frequencies: frequenciesToChoose(program.meetings.cadence).join(','),
    closeStartUntil: closeStartEnd(calendar).toISOString(),
  }),
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
    const { relationshipId, workingAgreement: recorded } = context.relationship;
    const { agreed, answered, agreement } = workingAgreementOf(question.answers, Object.keys(question.links), clock().now().toISOString());
    if (agreement) {
      // Meetings already planned keep their dates: the rhythm spaces the next one on (a retry keeps the first record's).
      const fromMeetingNo = recorded?.fromMeetingNo ?? ((await lastMeeting(relationshipId))?.meetingNo ?? 0) + 1;
      await saveWorkingAgreement(relationshipId, { ...agreement, fromMeetingNo });
    }
    return { agreed, answered };
  },
};
