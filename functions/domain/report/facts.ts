import { DateTime } from 'luxon';
import type { GivenAnswer, Goal, Meeting, Person, Question, Relationship } from '../model.ts';
import type { HeldDetails } from '../check-in-details.ts';
import type { RelationshipCalendar } from '../program/schedule.ts';
import type { Period } from '../desk/export-rows.ts';

/**
 * What the program report reads of one relationship: its record, its calendar (the program in
 * it), meetings, goals, saved answers and e-mail log. Ids, dates, kinds, outcomes and numbers:
 * a name, an address or a note is never read into a figure.
 */
export interface RelationshipFacts {
  relationship: Pick<
    Relationship,
    | 'relationshipId'
    | 'mentorId'
    | 'coordinatorId'
    | 'mentees'
    | 'startDate'
    | 'status'
    | 'ending'
    | 'enrolledAt'
    | 'closedAt'
    | 'pauses'
    | 'extensions'
    | 'reviewsDone'
    | 'recordCompletedAt'
    | 'safetyNetAlerts'
  >;
  calendar: RelationshipCalendar;
  meetings: readonly (Pick<Meeting, 'meetingNo' | 'startsAt' | 'status' | 'moves'> & HeldDetails)[];
  goals: readonly Pick<Goal, 'menteeId' | 'goalNo' | 'competency' | 'baseline' | 'target' | 'ratings' | 'endorsedAt'>[];
  saved: readonly {
    kind: Question['kind'];
    subject: Question['subject'];
    /** The settled outcome handed to the workflow. */
    outcome?: string;
    answers: Record<string, Pick<GivenAnswer, 'role' | 'answeredAt' | 'outcome' | 'details'>>;
  }[];
  mail: readonly { kind: string; recipientRole: string; sentAt: string; messageKey: string }[];
}

/** Whose undeliverable mark the report counts: the person's id and the mark, never their address. */
export type MarkFacts = Pick<Person, 'personId' | 'undeliverableSince' | 'undeliverableBecause'>;

export type { Period };

/** An instant (ISO) within the period: from inclusive, until exclusive, either end open. */
export const within = (at: string | undefined, { from, until }: Period): at is string => at !== undefined && (!from || at >= from) && (!until || at < until);

/**
 * A relationship's enrolment cohort: the month its year starts (`2027-01`). A cohort enrolled
 * over a few days stays one cohort; one started months later is another.
 */
export const cohortOf = (relationship: Pick<Relationship, 'startDate'>): string => relationship.startDate.slice(0, 7);

/** The share `part / whole`, or undefined when there is nothing to share. */
export const shareOf = (part: number, whole: number): number | undefined => (whole > 0 ? part / whole : undefined);

export const mean = (values: readonly number[]): number | undefined => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined);

/** The nearest-rank percentile (`p` from 0 to 100) of the values: one of them, never an average of two. */
export const percentile = (values: readonly number[], p: number): number | undefined => {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/** Adds one to a count kept by key. */
export const tally = <K extends PropertyKey>(counts: Partial<Record<K, number>>, key: K, by = 1): void => {
  counts[key] = (counts[key] ?? 0) + by;
};

/** A month (YYYY-MM) of an instant, in a time zone: meetings count in the month the program's calendar shows. */
export const monthIn = (at: string, timeZone: string): string => DateTime.fromISO(at, { zone: timeZone }).toFormat('yyyy-MM');
