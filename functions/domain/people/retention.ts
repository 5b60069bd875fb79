import type { Relationship } from '../model.ts';
import { addMonths } from '../program/schedule.ts';

/** What an erased person's name reads as wherever a record or a letter still names them. */
export const ERASED_NAME = '(erased)';

type Ended = Pick<Relationship, 'status' | 'closedAt' | 'recordCompletedAt' | 'timeZone' | 'personalDataErasedAt'>;

/** When a relationship's record ended: its follow-up, or its closure when it had none; undefined while it is not closed. */
export const endedAt = (relationship: Ended): Date | undefined => {
  if (relationship.status !== 'closed') return undefined;
  const end = relationship.recordCompletedAt ?? relationship.closedAt;
  return end ? new Date(end) : undefined;
};

/** From when an ended relationship's personal data is erased: `keepMonths` after its end, in its own time zone. */
export const personalDataKeptUntil = (relationship: Ended, keepMonths: number): Date | undefined => {
  const end = endedAt(relationship);
  return end && addMonths(end, keepMonths, relationship.timeZone);
};

/** An ended relationship kept past the program's retention, whose personal data is not erased yet. */
export const isDueForErasure = (relationship: Ended, keepMonths: number, now: Date): boolean => {
  const until = personalDataKeptUntil(relationship, keepMonths);
  return !relationship.personalDataErasedAt && until !== undefined && until <= now;
};
