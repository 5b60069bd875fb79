import { randomBytes } from 'node:crypto';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { meetingsWindowOf } from '#workflows/lifecycle';
import { addDays } from '#workflows/program/schedule';
import { clock } from '#core/clock';
import { formatDay, formatWhen } from '#core/messages/index';
import type { Question } from '#core/model';
import { thePair, writeToThePair } from '#core/pair-letters';
import { loadRelationship } from '#core/relationship-context';
import { lastMeeting, openQuestion, saveLinks } from '#core/store';
import type { QuestionTask } from '#core/task-input';
import { stepFunctions } from '#core/workflow-client';

export const checkInQuestionId = (relationshipId: string, meetingNo: number, occurrence: number): string =>
  `${relationshipId}.check-in.${meetingNo}.${occurrence}`;

/** At least 128 bits, so a link cannot be guessed. */
const newLinkId = (): string => randomBytes(18).toString('base64url');

export const responseUrl = (linkId: string, answer?: string): string =>
  `${process.env.RESPONSE_BASE_URL ?? 'http://127.0.0.1:3000'}/r/${linkId}${answer ? `?answer=${answer}` : ''}`;

/**
 * Asks the pair how a meeting went and leaves the execution waiting for the answer. The
 * reminder asks again with the waiting task's new token; the links in both e-mails stay
 * the same. If an answer came in between, the execution resumes at once without a reminder.
 */
export const askHowTheMeetingWent = async ({ relationshipId, meetingNo, occurrence, taskToken, attempt }: QuestionTask): Promise<{ sent: number }> => {
  const context = await loadRelationship(relationshipId);
  const { program } = context;
  const meeting = await lastMeeting(relationshipId);
  if (!meeting || meeting.meetingNo !== meetingNo) throw new Error(`Meeting ${meetingNo} of ${relationshipId} is not the current meeting`);

  const now = clock().now();
  const closesAt = addDays(now, attempt === 'first' ? program.answers.windowDays + program.answers.reminderWindowDays : program.answers.reminderWindowDays);
  const question = await openQuestion({
    questionId: checkInQuestionId(relationshipId, meetingNo, occurrence),
    relationshipId,
    kind: 'check-in',
    meetingNo,
    occurrence,
    taskToken,
    state: 'open',
    links: Object.fromEntries(thePair(context).map(({ person }) => [person.personId, newLinkId()])),
    closesAt: closesAt.toISOString(),
    meetingStartsAt: meeting.startsAt,
    timeZone: context.relationship.timeZone,
    moveBefore: meetingsWindowOf(context.calendar, new Date(meeting.startsAt)).until.toISOString(),
  });
  await saveLinks(
    thePair(context).map(({ person, role }) => ({
      linkId: question.links[person.personId]!,
      questionId: question.questionId,
      personId: person.personId,
      role,
      locale: person.locale,
      expiresAt: question.closesAt,
    })),
  );

  if (question.state === 'answered') {
    await resumeWithAnswer(taskToken, question);
    return { sent: 0 };
  }

  const sent = await writeToThePair(
    context,
    attempt === 'first' ? 'check-in' : 'check-in-reminder',
    () => `${meetingNo}/${occurrence}`,
    ({ t, person, partner }) => {
      const link = question.links[person.personId]!;
      return {
        subject: t(attempt === 'first' ? 'checkIn.subject' : 'checkInReminder.subject', { partner: partner.name }),
        paragraphs: [
          t(attempt === 'first' ? 'checkIn.body' : 'checkInReminder.body', { partner: partner.name, when: formatWhen(meeting.startsAt, person.timeZone, person.locale) }),
          t('checkIn.window', { deadline: formatDay(question.closesAt, person.timeZone, person.locale) }),
        ],
        actions: [
          { label: t('checkIn.held'), url: responseUrl(link, 'held') },
          { label: t('checkIn.moved'), url: responseUrl(link, 'moved') },
          { label: t('checkIn.notHeld'), url: responseUrl(link, 'not-held') },
        ],
      };
    },
  );
  return { sent };
};

/** What the waiting execution receives: the outcome only; who answered and any date stay in the table. */
export const answerOutput = (question: Question) => JSON.stringify({ outcome: question.outcome });

const resumeWithAnswer = async (taskToken: string, question: Question) => {
  await stepFunctions().send(new SendTaskSuccessCommand({ taskToken, output: answerOutput(question) }));
};
