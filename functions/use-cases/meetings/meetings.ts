import { isMeetingsPhase } from '#domain/lifecycle/phases';
import { meetingsPhaseAt, meetingsWindow, meetingsWindowOf, type Window } from '#domain/lifecycle/meetings-windows';
import { addHours, DAY_SECONDS, meetingSlot, reviewDue, wholeSeconds } from '#domain/program/schedule';
import { isInvited, type Meeting } from '#domain/model';
import { loadRelationship, type RelationshipContext } from '#use-cases/relationship-context';
import { lastMeeting, nextPlannedMeeting, planMeeting } from '#adapters/store';
import type { PhaseTask } from '#domain/task-payloads';
import { reviewKey } from '#domain/lifecycle/review-keys';

/** Seconds a question may wait before its reminder, and after it: for the state machine's timeouts. */
interface AnswerWindows {
  answerWindowSeconds: number;
  reminderWindowSeconds: number;
}

export type NextStep =
  | { next: 'end' }
  | ({ next: 'meeting'; meetingNo: number; occurrence: number; invited: boolean; checkInAt: string } & AnswerWindows)
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

/** The reviews still to do, in the order they fall due. */
const reviewsToDo = (context: RelationshipContext) => {
  const done = new Set(context.relationship.reviewsDone ?? []);
  return context.program.reviewMonths
    .map((month) => ({ review: reviewKey(month), dueAt: reviewDue(context.calendar, month) }))
    .filter(({ review }) => !done.has(review));
};

const isWithin = (instant: Date, window: Window) => instant >= window.from && instant < window.until;

/** The review due next in this window, if any is still to do. */
const reviewDueIn = (context: RelationshipContext, window: Window) => reviewsToDo(context).find(({ dueAt }) => isWithin(dueAt, window));

/**
 * The review a meetings phase asks before the meeting at `nextAt`, if one is still to do: when
 * it falls due and the answer windows its ask will have. The check-in before it carries it.
 */
export const reviewBefore = (context: RelationshipContext, nextAt: Date) => {
  const due = reviewsToDo(context).find(({ dueAt }) => {
    const phase = meetingsPhaseAt(context.calendar, dueAt);
    return dueAt < nextAt && phase.startsWith('meetings-') && isWithin(dueAt, meetingsWindow(context.calendar, phase));
  });
  if (!due) return undefined;
  const { until } = meetingsWindowOf(context.calendar, due.dueAt);
  const windows = answerWindows(context, due.dueAt, nextAt < until ? nextAt : undefined);
  return { ...due, windows: { answer: windows.answerWindowSeconds, reminder: windows.reminderWindowSeconds } };
};

/**
 * The earliest meeting still planned (a moved one, or the next, already announced), or a new
 * one on the next slot of the rhythm; none past the window, which the next phase then takes.
 */
const nextMeeting = async (context: RelationshipContext, window: { until: Date }): Promise<Meeting | undefined> => {
  const { relationshipId } = context.relationship;
  const planned = await nextPlannedMeeting(relationshipId);
  if (planned) return new Date(planned.startsAt) < window.until ? planned : undefined;
  const last = await lastMeeting(relationshipId);
  const meetingNo = (last?.meetingNo ?? 0) + 1;
  const at = meetingSlot(context.calendar, meetingNo);
  if (!at || at >= window.until || (last && at <= new Date(last.startsAt))) return undefined;
  return planMeeting(relationshipId, meetingNo, at);
};

/**
 * What a meetings phase does next: the next meeting, a review that falls before it, or (when
 * neither is left in the phase's window) the end of the phase. A meeting whose invitation is
 * not in the members' calendars yet (the first after a move or a pause) is sent it at once.
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
  const following = meetingSlot(context.calendar, meeting.meetingNo + 1);
  // A review due soon may wait for this check-in to settle; the next meeting's check-in may not.
  const nextAt = following && following < window.until ? following : undefined;
  return {
    next: 'meeting',
    meetingNo: meeting.meetingNo,
    occurrence: meeting.occurrence,
    invited: isInvited(meeting),
    checkInAt: checkInAt.toISOString(),
    ...answerWindows(context, checkInAt, nextAt),
  };
};
