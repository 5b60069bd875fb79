import type { Meeting, Relationship } from '../model.ts';
import { addHours, DAY_SECONDS, meetingSlot, reviewDue, wholeSeconds, type RelationshipCalendar } from '../program/schedule.ts';
import { meetingsPhaseAt, meetingsWindow, meetingsWindowOf, type Window } from './meetings-windows.ts';
import type { MeetingsPhase } from './phases.ts';
import type { AnswerWindows } from './question-lifetimes.ts';
import { reviewKey } from '../reviews.ts';

/**
 * What a meetings phase does next, decided over data: the answer windows of a check-in or a
 * review, the reviews still to do, the meeting to plan, and the step itself. The meetings use
 * case reads the relationship's meetings, asks here, and plans what this says.
 */

/** A relationship with nothing more to plan: closed, or someone asked to end it. */
export const isWindingDown = (relationship: Pick<Relationship, 'status' | 'endRequestedAt'>): boolean =>
  relationship.status === 'closed' || Boolean(relationship.endRequestedAt);

/**
 * The program's answer windows, shortened when the next meeting comes sooner: a question
 * asked at `askedAt` settles (or times out) by half-way to `nextAt`'s reminder, so a pair that
 * does not answer still gets their next reminder on time. A day at least: nobody can be
 * expected to answer sooner, even when a moved meeting crowds the next.
 */
export const answerWindowsBefore = (program: RelationshipCalendar['program'], askedAt: Date, nextAt: Date | undefined): AnswerWindows => {
  const { windowDays, reminderWindowDays } = program.answers;
  const room = nextAt ? (addHours(nextAt, -program.meetings.reminderHoursBefore).getTime() - askedAt.getTime()) / 1000 / 2 : Infinity;
  const fit = (days: number) => wholeSeconds(Math.max(DAY_SECONDS, Math.min(days * DAY_SECONDS, room)));
  return { answer: fit(windowDays), reminder: fit(reminderWindowDays) };
};

export interface DueReview {
  review: string;
  dueAt: Date;
}

/** The reviews still to do, in the order they fall due. */
export const reviewsToDo = (calendar: RelationshipCalendar, reviewsDone: readonly string[] = []): DueReview[] => {
  const done = new Set(reviewsDone);
  return calendar.program.reviewMonths
    .map((month) => ({ review: reviewKey(month), dueAt: reviewDue(calendar, month) }))
    .filter(({ review }) => !done.has(review));
};

const isWithin = (instant: Date, window: Window) => instant >= window.from && instant < window.until;

/**
 * The review a meetings phase asks before the meeting at `nextAt`, if one is still to do: when
 * it falls due and the answer windows its ask will have. The check-in before it carries it.
 */
export const reviewBefore = (
  calendar: RelationshipCalendar,
  reviewsDone: readonly string[] | undefined,
  nextAt: Date,
): (DueReview & { windows: AnswerWindows }) | undefined => {
  const due = reviewsToDo(calendar, reviewsDone).find(({ dueAt }) => {
    const phase = meetingsPhaseAt(calendar, dueAt);
    return dueAt < nextAt && phase.startsWith('meetings-') && isWithin(dueAt, meetingsWindow(calendar, phase));
  });
  if (!due) return undefined;
  const { until } = meetingsWindowOf(calendar, due.dueAt);
  return { ...due, windows: answerWindowsBefore(calendar.program, due.dueAt, nextAt < until ? nextAt : undefined) };
};

/**
 * The meeting to plan when none is planned: the next slot of the rhythm after the last one,
 * unless it falls past the window (the next phase then takes it) or not after the last
 * meeting (a moved one already took its place).
 */
export const meetingToPlan = (
  calendar: RelationshipCalendar,
  last: Pick<Meeting, 'meetingNo' | 'startsAt'> | undefined,
  window: Pick<Window, 'until'>,
): { meetingNo: number; at: Date } | undefined => {
  const meetingNo = (last?.meetingNo ?? 0) + 1;
  const at = meetingSlot(calendar, meetingNo);
  if (!at || at >= window.until || (last && at <= new Date(last.startsAt))) return undefined;
  return { meetingNo, at };
};

/** A planned meeting the phase still holds: one that starts before its window ends. */
export const isInWindow = (meeting: Pick<Meeting, 'startsAt'>, window: Pick<Window, 'until'>): boolean => new Date(meeting.startsAt) < window.until;

/** When a meeting's check-in is asked: once it is over, and the program's hours after. */
export const checkInTime = (program: RelationshipCalendar['program'], startsAt: Date): Date =>
  addHours(startsAt, program.meetings.durationMinutes / 60 + program.meetings.checkInHoursAfter);

export type NextStep =
  | { next: 'end' }
  | { next: 'meeting'; meetingNo: number; occurrence: number; invited: boolean; checkInAt: Date; windows: AnswerWindows }
  | { next: 'review'; review: string; dueAt: Date; windows: AnswerWindows };

/**
 * What a meetings phase does next, given the meeting it holds (planned or announced, if any):
 * a review that falls due no later than that meeting comes first; then the meeting, its
 * check-in's answers due by half-way to the following meeting of this window; else the end
 * of the phase. Only the first year's phases ask reviews; an extension's close has its own.
 */
export const nextStep = (
  calendar: RelationshipCalendar,
  {
    phase,
    reviewsDone,
    meeting,
  }: { phase: MeetingsPhase; reviewsDone?: readonly string[]; meeting?: Pick<Meeting, 'meetingNo' | 'occurrence' | 'startsAt'> & { invited: boolean } },
): NextStep => {
  const window = meetingsWindow(calendar, phase);
  const dueReview = phase.startsWith('meetings-') ? reviewsToDo(calendar, reviewsDone).find(({ dueAt }) => isWithin(dueAt, window)) : undefined;
  const startsAt = meeting && new Date(meeting.startsAt);
  if (dueReview && (!startsAt || dueReview.dueAt <= startsAt)) {
    return { next: 'review', review: dueReview.review, dueAt: dueReview.dueAt, windows: answerWindowsBefore(calendar.program, dueReview.dueAt, startsAt) };
  }
  if (!meeting || !startsAt) return { next: 'end' };
  const checkInAt = checkInTime(calendar.program, startsAt);
  const following = meetingSlot(calendar, meeting.meetingNo + 1);
  // A review due soon may wait for this check-in to settle; the next meeting's check-in may not.
  const nextAt = following && following < window.until ? following : undefined;
  return {
    next: 'meeting',
    meetingNo: meeting.meetingNo,
    occurrence: meeting.occurrence,
    invited: meeting.invited,
    checkInAt,
    windows: answerWindowsBefore(calendar.program, checkInAt, nextAt),
  };
};
