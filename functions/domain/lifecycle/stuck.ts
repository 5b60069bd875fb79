import type { Relationship } from '../model.ts';

/** When the daily checks run, in UTC: on AWS by the schedule, locally once a program day. */
export const DAILY_CHECKS_AT_UTC = { hour: 3, minute: 0 } as const;

/** Enrolment stores a relationship a moment before it starts its first phase: no alarm for that moment. */
export const STARTING_GRACE_MS = 3_600_000;

/**
 * A relationship that has not closed always has an execution running: a phase of its main
 * line, a pause or its conclusion. One with none is stuck: nothing will ever move it on.
 */
export const isStuck = (relationship: Pick<Relationship, 'status' | 'enrolledAt'>, hasRunningExecution: boolean, now: Date): boolean =>
  relationship.status !== 'closed' && !hasRunningExecution && now.getTime() - new Date(relationship.enrolledAt).getTime() >= STARTING_GRACE_MS;
