import { DateTime } from 'luxon';
import { isMeetingsPhase } from './lifecycle/phases.ts';
import { meetingsToCancel } from './meeting-changes.ts';
import type { Meeting, Pause, Relationship } from './model.ts';
import { addDays, DAY_SECONDS, meetingSlot, type RelationshipCalendar } from './program/schedule.ts';

/** A pause the coordinator asked for: the Pause record to store, or why it may not start, said to them as it is. */
export type PauseStart = { pause: Pause } | { refused: string };

/** The latest return a pause starting `now` may have: the program's longest pause. */
export const latestReturn = (now: Date, maxDays: number): Date => addDays(now, maxDays);

/** Why this relationship may not pause now; undefined when it may. A relationship pauses while it is active and meeting. */
export const whyNotPausable = ({ relationshipId, status, phase }: Pick<Relationship, 'relationshipId' | 'status' | 'phase'>): string | undefined =>
  status === 'active' && isMeetingsPhase(phase)
    ? undefined
    : `${relationshipId} cannot be paused: it is ${status === 'active' ? `in its ${phase} phase` : status}; a relationship pauses during its meetings`;

/**
 * A pause from `now` until `until`, or until the longest pause the program allows when the
 * coordinator gave no date. `until` must lie after `now` and no later than that longest pause.
 */
export const startPause = (
  relationship: Pick<Relationship, 'relationshipId' | 'status' | 'phase' | 'pauses'>,
  { now, maxDays, until }: { now: Date; maxDays: number; until?: Date },
): PauseStart => {
  const refused = whyNotPausable(relationship);
  if (refused) return { refused };
  const latest = latestReturn(now, maxDays);
  if (until && until <= now) return { refused: `the pause must end after today` };
  if (until && until > latest) return { refused: `a pause lasts at most ${maxDays} days (until ${latest.toISOString().slice(0, 10)})` };
  return { pause: { pauseNo: relationship.pauses.length + 1, from: now.toISOString(), plannedUntil: (until ?? latest).toISOString() } };
};

/** The whole days a pause moves the rest of the schedule when it ends at `now`: at least one, a day begun counting whole. */
export const shiftDaysAt = (pause: Pick<Pause, 'from'>, now: Date): number =>
  Math.max(1, Math.ceil((now.getTime() - new Date(pause.from).getTime()) / (DAY_SECONDS * 1000)));

/** What resuming does now: resume the paused relationship, only welcome it back (resumed by an earlier attempt), or nothing. */
export const resumeStep = (relationship: Pick<Relationship, 'status'>, pause: Pick<Pause, 'resumedAt'>): 'resume' | 'welcome-back' | 'nothing' =>
  relationship.status === 'paused' && !pause.resumedAt ? 'resume' : relationship.status === 'active' ? 'welcome-back' : 'nothing';

/** The relationship's pauses once pause `pauseNo` ended at `now`, moving the schedule `shiftDays`: a new list, the others as they were. */
export const resumedPauses = (pauses: Pause[], pauseNo: number, now: Date, shiftDays: number): Pause[] =>
  pauses.map((p) => (p.pauseNo === pauseNo ? { ...p, resumedAt: now.toISOString(), shiftDays } : p));

/**
 * The meetings a pause covers: those still planned and not yet begun when it starts. They go
 * out of the calendars when it starts and move on by its length when it ends; a meeting begun
 * before it keeps its date, its check-in still to be answered.
 */
export const meetingsPauseCovers = <M extends Pick<Meeting, 'status' | 'startsAt'>>(meetings: M[], pause: Pick<Pause, 'from'>): M[] =>
  meetingsToCancel(meetings, pause.from);

/** A covered meeting's new start: `days` later on the pair's own calendar, at the same time of day across a change of clocks. */
export const shiftedStart = (startsAt: string, days: number, timeZone: string): string =>
  DateTime.fromISO(startsAt, { zone: timeZone }).plus({ days }).toJSDate().toISOString();

/**
 * When a pause covered no meeting (none was planned after it began), the meeting that replaces
 * the one it held up: the slot after the last meeting on the calendar moved on by the pause, if
 * the relationship has one there and it comes after that last meeting. Undefined otherwise.
 */
export const replacementMeeting = (
  meetings: Pick<Meeting, 'meetingNo' | 'startsAt'>[],
  covered: number,
  shifted: RelationshipCalendar,
): { meetingNo: number; startsAt: Date } | undefined => {
  const last = meetings.at(-1);
  if (covered > 0 || !last) return undefined;
  const next = meetingSlot(shifted, last.meetingNo + 1);
  if (!next || next <= new Date(last.startsAt)) return undefined;
  return { meetingNo: last.meetingNo + 1, startsAt: next };
};
