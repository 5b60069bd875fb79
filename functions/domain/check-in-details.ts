/** What a meeting came to: planned until its check-in (or a cancellation) concludes it. */
export type MeetingStatus = 'planned' | 'held' | 'not-held' | 'unanswered' | 'cancelled';

/** How a pair met, as the check-in page offers it. */
export const MEETING_MODES = ['face-to-face', 'phone', 'video', 'email'] as const;
export type MeetingMode = (typeof MEETING_MODES)[number];

/** 1 (not useful) to 5 (very useful). */
export const RATINGS = [1, 2, 3, 4, 5] as const;

/** A private note may say a lot, but not a whole report. */
export const NOTE_MAX_LENGTH = 2000;

export const isMeetingMode = (value: unknown): value is MeetingMode => MEETING_MODES.includes(value as MeetingMode);
export const isRating = (value: unknown): value is number => RATINGS.includes(value as (typeof RATINGS)[number]);

/** What a held meeting's check-in adds to the meeting item, so rules read it without the responses table. */
export interface HeldDetails {
  mode?: MeetingMode;
  rating?: number;
}
