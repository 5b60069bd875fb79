import { meetingsWindow } from '#workflows/lifecycle';
import { addHours, firstMeeting, meetingAfter, DAY_SECONDS } from '#workflows/program/schedule';
import { clock } from '#core/clock';
import { formatWhen } from '#core/messages/index';
import { meetingInvite } from '#core/calendar-invite';
import type { AtRiskReasonName } from '#core/at-risk';
import { isMeetingMode, isRating, type HeldDetails } from '#core/check-in-details';
import type { GivenAnswer, Meeting, MeetingStatus } from '#core/model';
import { writeToThePair } from '#core/pair-letters';
import { loadRelationship } from '#core/relationship-context';
import { closeQuestion, concludeMeeting, getQuestion, lastMeeting, moveMeeting, planMeeting, saveAnswer } from '#core/store';
import type { MeetingTask, PhaseTask, RecordTask } from '#core/task-input';
import { checkInQuestionId } from '#core/questions/check-in';
import { watchOver } from '#core/safety-net';

export type PlannedMeeting =
  | { due: false }
  | {
      due: true;
      meetingNo: number;
      occurrence: number;
      /** Wall-clock instants for the state machine's waits. */
      remindAt: string;
      checkInAt: string;
      answerWindowSeconds: number;
      reminderWindowSeconds: number;
    };

/**
 * The next meeting of this phase: the one still planned, or a new one a cadence step after
 * the last. A meeting that falls after the phase's window is left to the next phase.
 */
export const planNextMeeting = async ({ relationshipId, phase }: PhaseTask): Promise<PlannedMeeting> => {
  if (!phase.startsWith('meetings-')) throw new Error(`${phase} is not a meetings phase`);
  const { relationship, calendar, program } = await loadRelationship(relationshipId);
  if (relationship.status === 'closed') return { due: false };
  const window = meetingsWindow(calendar, phase as `meetings-${number}`);

  const last = await lastMeeting(relationshipId);
  let meeting: Meeting;
  if (last?.status === 'planned') {
    meeting = last;
  } else {
    const at = last ? meetingAfter(calendar, new Date(last.startsAt)) : firstMeeting(calendar);
    if (!at || at >= window.until) return { due: false };
    meeting = await planMeeting({
      relationshipId,
      meetingNo: (last?.meetingNo ?? 0) + 1,
      occurrence: 1,
      startsAt: at.toISOString(),
      status: 'planned',
      moves: [],
    });
  }

  const startsAt = new Date(meeting.startsAt);
  const { reminderHoursBefore, durationMinutes, checkInHoursAfter } = program.meetings;
  const engine = clock();
  return {
    due: true,
    meetingNo: meeting.meetingNo,
    occurrence: meeting.occurrence,
    remindAt: engine.engineInstant(addHours(startsAt, -reminderHoursBefore)),
    checkInAt: engine.engineInstant(addHours(startsAt, durationMinutes / 60 + checkInHoursAfter)),
    answerWindowSeconds: engine.engineSeconds(program.answers.windowDays * DAY_SECONDS),
    reminderWindowSeconds: engine.engineSeconds(program.answers.reminderWindowDays * DAY_SECONDS),
  };
};

const plannedMeeting = async (relationshipId: string, meetingNo: number, occurrence: number) => {
  const meeting = await lastMeeting(relationshipId);
  if (!meeting || meeting.meetingNo !== meetingNo) throw new Error(`Meeting ${meetingNo} of ${relationshipId} is not the current meeting`);
  return { ...meeting, occurrence };
};

export const sendMeetingReminder = async ({ relationshipId, meetingNo, occurrence }: MeetingTask): Promise<{ sent: number }> => {
  const context = await loadRelationship(relationshipId);
  const meeting = await plannedMeeting(relationshipId, meetingNo, occurrence);
  const invite = meetingInvite(meeting, context.program.meetings.durationMinutes, context.program.name, [context.mentor, context.mentee]);
  const sent = await writeToThePair(context, 'meeting-reminder', () => `${meetingNo}/${occurrence}`, ({ t, person, partner }) => {
    const when = formatWhen(meeting.startsAt, person.timeZone, person.locale);
    return {
      subject: t('meetingReminder.subject', { partner: partner.name, when }),
      paragraphs: [t('meetingReminder.body', { partner: partner.name, when }), ...(occurrence > 1 ? [t('meetingReminder.moved')] : [])],
      calendar: { filename: `meeting-${meetingNo}.ics`, content: invite },
    };
  });
  return { sent };
};

/** How a held meeting went, from the pair's answer: kept on the meeting for the safety net. */
const heldDetails = (details: GivenAnswer['details'] = {}): HeldDetails => ({
  ...(isMeetingMode(details.mode) ? { mode: details.mode } : {}),
  ...(isRating(details.rating) ? { rating: details.rating } : {}),
});

/**
 * Records how a meeting went: the answer given, or "unanswered" once the question closes
 * without one. An answer that arrives just as the question closes wins. Then the safety net
 * looks at the relationship; the result names its reasons only, never who said what.
 */
export const recordCheckIn = async ({
  relationshipId,
  meetingNo,
  occurrence,
  timedOut,
}: RecordTask): Promise<{ outcome: MeetingStatus | 'moved'; atRisk: AtRiskReasonName[] }> => {
  const questionId = checkInQuestionId(relationshipId, meetingNo, occurrence);
  const question = timedOut ? await closeQuestion(questionId) : await getQuestion(questionId);
  if (!question) throw new Error(`Question ${questionId} was never asked`);
  const now = clock().now().toISOString();

  const answer = Object.values(question.answers)[0];
  let outcome: Exclude<MeetingStatus, 'planned'> | 'moved';
  if (question.state === 'answered' && question.outcome === 'moved' && answer?.details.movedTo) {
    const meeting = await plannedMeeting(relationshipId, meetingNo, occurrence);
    await moveMeeting(relationshipId, meetingNo, occurrence, meeting.startsAt, String(answer.details.movedTo));
    outcome = 'moved';
  } else {
    outcome = question.state === 'answered' ? (question.outcome === 'held' ? 'held' : 'not-held') : 'unanswered';
    await concludeMeeting(relationshipId, meetingNo, occurrence, outcome, now, outcome === 'held' ? heldDetails(answer?.details) : {});
  }
  if (question.state === 'answered') await saveAnswer(relationshipId, question);
  return { outcome, atRisk: await watchOver(await loadRelationship(relationshipId)) };
};
