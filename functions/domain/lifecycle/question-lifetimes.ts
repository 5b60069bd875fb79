import * as z from 'zod';
import type { Pause, QuestionKindName, QuestionSubject } from '../model.ts';
import { addDays, addMonths, DAY_SECONDS, relationshipEnd, wholeSeconds, type RelationshipCalendar } from '../program/schedule.ts';

/** Which wait of a question is asking: the first, its reminder, or the escalation to the coordinator. */
export const attempts = z.enum(['first', 'reminder', 'escalation']);
export type Attempt = z.infer<typeof attempts>;

/** The seconds each wait of a question lasts, as the state machine waits them. */
export interface AnswerWindows {
  answer: number;
  reminder: number;
  escalation?: number;
}

/** What a question's close time is worked out from: when and how it is asked, about what, on which calendar. */
export interface Asking {
  now: Date;
  attempt: Attempt;
  windows: AnswerWindows;
  subject: QuestionSubject;
  calendar: RelationshipCalendar;
  pauses: Pick<Pause, 'pauseNo' | 'plannedUntil'>[];
}

/** A pause's link answers this long past the planned return, while the pause's own wait ends and the pair is welcomed back. */
export const PAUSE_LINK_GRACE_DAYS = 1;

/** The seconds one wait of a question lasts: the first until its reminder, the reminder until its own wait ends, the escalation until its. */
export const waitSeconds = (attempt: Attempt, windows: AnswerWindows): number =>
  attempt === 'first' ? windows.answer : attempt === 'reminder' ? windows.reminder : (windows.escalation ?? windows.reminder);

/**
 * Asked with a reminder: open from this attempt until the last wait it may still lead to ends,
 * so the deadline its letter gives is the one the state machine keeps. The first asks until its
 * reminder's wait ends; the reminder and the escalation until their own do.
 */
const untilItsWaitsEnd = ({ now, attempt, windows }: Asking): Date =>
  new Date(now.getTime() + (attempt === 'first' ? windows.answer + windows.reminder : waitSeconds(attempt, windows)) * 1000);

const pauseOf = ({ pauses, subject }: Pick<Asking, 'pauses' | 'subject'>) => pauses.find((p) => p.pauseNo === subject.pauseNo);

/** How long a pause waits for its planned return (or for the coordinator to resume before it), in seconds. */
export const pauseWaitSeconds = (pause: Pick<Pause, 'plannedUntil'>, now: Date): number =>
  wholeSeconds(Math.min(Math.max(60, (new Date(pause.plannedUntil ?? now).getTime() - now.getTime()) / 1000), DAY_SECONDS * 200));

/** A pause's "resume now" link: open until the pause ends by itself, and a little past it. */
const untilThePauseEnds = (asking: Asking): Date => {
  const pause = pauseOf(asking);
  const waitsUntil = new Date(asking.now.getTime() + pauseWaitSeconds(pause ?? {}, asking.now) * 1000);
  return addDays(waitsUntil, PAUSE_LINK_GRACE_DAYS);
};

/**
 * The links to end a relationship: open as long as it may run on this calendar, every
 * extension the program allows, the follow-up, the longest pause still to come and a
 * question's every wait included. A pause that starts moves this on again.
 */
export const endLinksCloseAt = (calendar: RelationshipCalendar): Date => {
  const { program } = calendar;
  const lastEnd = relationshipEnd({ ...calendar, extensions: program.extension.maxTimes });
  const followedUp = addMonths(lastEnd, program.followUp.afterMonths, calendar.timeZone);
  const { windowDays, reminderWindowDays, escalationWindowDays } = program.answers;
  return addDays(followedUp, program.pause.maxDays + windowDays + reminderWindowDays + escalationWindowDays);
};

/** A weekly digest's action links answer two weeks from its week's start: the next digest brings fresh ones, and a busy week is no reason to lose these. */
export const coordinatorLinksCloseAt = (weekStart: Date): Date => addDays(weekStart, 14);

/**
 * When each kind of question closes, in one place: its links answer until then, and its
 * record and links are kept a while after (see the questions store), never less. Every kind
 * closes no sooner than the wait it is asked for ends.
 */
export const QUESTION_CLOSES: Record<QuestionKindName, (asking: Asking) => Date> = {
  match: untilItsWaitsEnd,
  'working-agreement': untilItsWaitsEnd,
  goals: untilItsWaitsEnd,
  'goal-confirmation': untilItsWaitsEnd,
  'goal-endorsement': untilItsWaitsEnd,
  'check-in': untilItsWaitsEnd,
  review: untilItsWaitsEnd,
  'look-back': untilItsWaitsEnd,
  extension: untilItsWaitsEnd,
  'follow-up': untilItsWaitsEnd,
  pause: untilThePauseEnds,
  'end-relationship': ({ calendar }) => endLinksCloseAt(calendar),
  // From the digest's week start: the next digest brings fresh links, and a busy week is no reason to lose these.
  'coordinator-action': ({ now }) => coordinatorLinksCloseAt(now),
};

export const questionClosesAt = (kind: QuestionKindName, asking: Asking): Date => QUESTION_CLOSES[kind](asking);
