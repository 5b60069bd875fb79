import { isMeetingsPhase } from '#domain/lifecycle/phases';
import { meetingsWindow } from '#domain/lifecycle/meetings-windows';
import { addHours, DAY_SECONDS, firstMeeting, meetingAfter, reviewDue, wholeSeconds } from '#domain/program/schedule';
import { formatWhen } from '#adapters/messages/index';
import { meetingInvite } from '#adapters/mail/calendar-invite';
import type { Meeting } from '#domain/model';
import { writeToMembers } from '#use-cases/write-to';
import { loadRelationship, type RelationshipContext } from '#use-cases/relationship-context';
import { lastMeeting, planMeeting } from '#adapters/store';
import type { MeetingTask, PhaseTask } from '#domain/task-payloads';
import { reviewKey } from '#use-cases/reviews/review';
import { clock } from '#platform/clock';
import { setting } from '#platform/environment';

/** Seconds a question may wait before its reminder, and after it: for the state machine's timeouts. */
interface AnswerWindows {
  answerWindowSeconds: number;
  reminderWindowSeconds: number;
}

export type NextStep =
  | { next: 'end' }
  | ({ next: 'meeting'; meetingNo: number; occurrence: number; remindAt: string; checkInAt: string } & AnswerWindows)
  | ({ next: 'review'; review: string; dueAt: string } & AnswerWindows);

/**
 * The program's answer windows, shortened when the next meeting comes sooner: a question
 * asked at `askedAt` settles (or times out) by half-way to `nextAt`'s reminder, so a pair that
 * does not answer still gets their next reminder on time.
 */
const answerWindows = (context: RelationshipContext, askedAt: Date, nextAt: Date | undefined): AnswerWindows => {
  const { windowDays, reminderWindowDays } = context.program.answers;
  const room = nextAt ? (addHours(nextAt, -context.program.meetings.reminderHoursBefore).getTime() - askedAt.getTime()) / 1000 / 2 : Infinity;
  // A day at least: nobody can be expected to answer sooner, even when a moved meeting crowds the next.
  const fit = (days: number) => wholeSeconds(Math.max(DAY_SECONDS, Math.min(days * DAY_SECONDS, room)));
  return { answerWindowSeconds: fit(windowDays), reminderWindowSeconds: fit(reminderWindowDays) };
};

/** The review due next in this window, if any is still to do. */
const reviewDueIn = (context: RelationshipContext, window: { from: Date; until: Date }) => {
  const done = new Set(context.relationship.reviewsDone ?? []);
  return context.program.reviewMonths
    .map((month) => ({ review: reviewKey(month), dueAt: reviewDue(context.calendar, month) }))
    .find(({ review, dueAt }) => !done.has(review) && dueAt >= window.from && dueAt < window.until);
};

/** The meeting still planned, or a new one a cadence step after the last; none past the window. */
const nextMeeting = async (context: RelationshipContext, window: { until: Date }): Promise<Meeting | undefined> => {
  const { relationshipId } = context.relationship;
  const last = await lastMeeting(relationshipId);
  if (last?.status === 'planned') return last;
  const at = last ? meetingAfter(context.calendar, new Date(last.startsAt)) : firstMeeting(context.calendar);
  if (!at || at >= window.until) return undefined;
  return planMeeting({ relationshipId, meetingNo: (last?.meetingNo ?? 0) + 1, occurrence: 1, startsAt: at.toISOString(), status: 'planned', moves: [] });
};

/**
 * What a meetings phase does next: the next meeting, a review that falls before it, or (when
 * neither is left in the phase's window) the end of the phase. Meetings are planned one at a
 * time from the previous one, so a moved meeting or a pause re-plans the rest.
 */
export const planNextStep = async ({ relationshipId, phase }: PhaseTask): Promise<NextStep> => {
  if (!isMeetingsPhase(phase)) throw new Error(`${phase} is not a meetings phase`);
  const context = await loadRelationship(relationshipId);
  const { relationship, program } = context;
  if (relationship.status === 'closed' || relationship.endRequestedAt) return { next: 'end' };
  const window = meetingsWindow(context.calendar, phase);
  const meeting = await nextMeeting(context, window);
  const dueReview = phase.startsWith('meetings-') ? reviewDueIn(context, window) : undefined;

  if (dueReview && (!meeting || dueReview.dueAt <= new Date(meeting.startsAt))) {
    return {
      next: 'review',
      review: dueReview.review,
      dueAt: dueReview.dueAt.toISOString(),
      ...answerWindows(context, dueReview.dueAt, meeting && new Date(meeting.startsAt)),
    };
  }
  if (!meeting) return { next: 'end' };

  const startsAt = new Date(meeting.startsAt);
  const checkInAt = addHours(startsAt, program.meetings.durationMinutes / 60 + program.meetings.checkInHoursAfter);
  const following = meetingAfter(context.calendar, startsAt);
  // A review due soon may wait for this check-in to settle; the next meeting's reminder may not.
  const nextAt = following && following < window.until ? following : undefined;
  return {
    next: 'meeting',
    meetingNo: meeting.meetingNo,
    occurrence: meeting.occurrence,
    remindAt: addHours(startsAt, -program.meetings.reminderHoursBefore).toISOString(),
    checkInAt: checkInAt.toISOString(),
    ...answerWindows(context, checkInAt, nextAt),
  };
};

export const sendMeetingReminder = async ({ relationshipId, meetingNo, occurrence }: MeetingTask): Promise<{ sent: number }> => {
  const context = await loadRelationship(relationshipId);
  const meeting = await lastMeeting(relationshipId);
  if (!meeting || meeting.meetingNo !== meetingNo) throw new Error(`Meeting ${meetingNo} of ${relationshipId} is not the current meeting`);
  const invite = meetingInvite({
    uid: `${relationshipId}-meeting-${meetingNo}@mentoring`,
    sequence: occurrence - 1,
    method: 'REQUEST',
    startsAt: new Date(meeting.startsAt),
    durationMinutes: context.program.meetings.durationMinutes,
    timeZone: context.relationship.timeZone,
    summary: `Mentoring meeting ${meetingNo}`,
    description: context.program.name,
    organizer: { name: context.program.name, email: setting('MAIL_FROM') },
    attendees: [
      { name: context.mentor.name, email: context.mentor.email, role: 'mentor' },
      ...context.mentees.map((m) => ({ name: m.name, email: m.email, role: 'mentee' as const })),
    ],
    stamp: clock().now(),
  });
  const sent = await writeToMembers(
    context,
    'meeting-reminder',
    () => `${meetingNo}/${occurrence}`,
    ({ t, person, partner }) => {
      const when = formatWhen(meeting.startsAt, person.timeZone, person.locale);
      return {
        subject: t('meetingReminder.subject', { partner: partner.name, when }),
        paragraphs: [
          t(meetingNo === 1 ? 'meetingReminder.first' : 'meetingReminder.body', { partner: partner.name, when }),
          ...(occurrence > 1 ? [t('meetingReminder.moved')] : []),
        ],
        calendar: { filename: `meeting-${meetingNo}.ics`, content: invite },
      };
    },
  );
  return { sent };
};
