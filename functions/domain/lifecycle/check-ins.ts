import { isMeetingMode, isRating, type HeldDetails } from '../check-in-details.ts';
import type { GivenAnswer, Meeting, MeetingStatus, Question, Relationship } from '../model.ts';
import type { Program } from '../program/config.ts';
import { addHours, meetingSlot, type RelationshipCalendar } from '../program/schedule.ts';
import { meetingsWindowOf } from './meetings-windows.ts';

/** What a meeting's check-in decides: what became of the meeting, what it announces and carries, how far it may move. */

/** How a held meeting went, from the pair's answer: kept on the meeting for the safety net. Anything else the answer says is left out. */
export const heldDetails = (details: GivenAnswer['details'] = {}): HeldDetails => ({
  ...(isMeetingMode(details.mode) ? { mode: details.mode } : {}),
  ...(isRating(details.rating) ? { rating: details.rating } : {}),
});

export type CheckInOutcome = { outcome: 'moved'; movedTo: string } | { outcome: Exclude<MeetingStatus, 'planned' | 'cancelled'>; held?: HeldDetails };

/**
 * What became of the meeting, from its check-in as it ended: moved to the date the answer
 * gives, held (with how it went), not held, or unanswered when nobody said. An answer "moved"
 * without a date counts as not held.
 */
export const checkInOutcome = (question: Pick<Question, 'state' | 'outcome'>, answer: GivenAnswer | undefined): CheckInOutcome => {
  if (question.state === 'answered' && question.outcome === 'moved' && answer?.details.movedTo)
    return { outcome: 'moved', movedTo: String(answer.details.movedTo) };
  if (question.state !== 'answered') return { outcome: 'unanswered' };
  return question.outcome === 'held' ? { outcome: 'held', held: heldDetails(answer?.details) } : { outcome: 'not-held' };
};

/** The next meeting is announced (planned, and carried by the check-in) only while the relationship runs and nobody asked to end it. */
export const announcesNext = (relationship: Pick<Relationship, 'status' | 'endRequestedAt'>): boolean =>
  relationship.status === 'active' && !relationship.endRequestedAt;

/**
 * How far a meeting may move: before the next meeting, and within its own meetings window, so
 * no phase runs past its window. `nextMeetingAt` is given when the next meeting is the limit.
 */
export const moveLimit = (
  calendar: RelationshipCalendar,
  meeting: Pick<Meeting, 'startsAt'>,
  next: Pick<Meeting, 'startsAt'> | undefined,
): { moveBefore: string; nextMeetingAt?: string } => {
  const windowEnd = meetingsWindowOf(calendar, new Date(meeting.startsAt)).until.toISOString();
  const moveBefore = next && next.startsAt < windowEnd ? next.startsAt : windowEnd;
  return { moveBefore, ...(moveBefore !== windowEnd ? { nextMeetingAt: moveBefore } : {}) };
};

/**
 * The working agreement is asked an hour after the first meeting's check-in, never at the same
 * instant: the check-in's e-mail then carries it, and neither step races the other to ask.
 */
const AGREEMENT_AFTER_CHECK_IN_HOURS = 1;

export const workingAgreementDue = (program: Program, firstMeetingAt: Date): Date =>
  addHours(firstMeetingAt, program.meetings.durationMinutes / 60 + program.meetings.checkInHoursAfter + AGREEMENT_AFTER_CHECK_IN_HOURS);

/** The first meeting's check-in carries the working agreement while the agreement runs and nobody has answered it yet. */
export const carriesWorkingAgreement = (
  meetingNo: number,
  relationship: Pick<Relationship, 'agreementRun' | 'agreementDoneAt' | 'workingAgreement'>,
): boolean => meetingNo === 1 && Boolean(relationship.agreementRun) && !relationship.agreementDoneAt && !relationship.workingAgreement;

/** The last meeting of the year (or of an extension): nothing announced after it, no slot left, the relationship running. Its check-in carries the look back. */
export const isLastMeeting = (
  calendar: RelationshipCalendar,
  relationship: Pick<Relationship, 'status' | 'endRequestedAt'>,
  meetingNo: number,
  next: unknown,
): boolean => !next && announcesNext(relationship) && !meetingSlot(calendar, meetingNo + 1);
