import { monthOf, relationshipEnd, type RelationshipCalendar } from '#domain/program/schedule';
import { meetingsPhaseCount, MONTHS_PER_MEETINGS_PHASE, phaseNumber, type MeetingsPhase } from './phases.ts';

export interface Window {
  from: Date;
  until: Date;
}

/** The half-open window [from, until) of program time whose meetings (and reviews) a meetings phase runs. */
export const meetingsWindow = (calendar: RelationshipCalendar, phase: MeetingsPhase): Window => {
  const n = phaseNumber(phase);
  if (phase.startsWith('extension-')) {
    return { from: relationshipEnd({ ...calendar, extensions: n - 1 }), until: relationshipEnd({ ...calendar, extensions: n }) };
  }
  const length = calendar.program.relationship.lengthMonths;
  return {
    from: monthOf(calendar, (n - 1) * MONTHS_PER_MEETINGS_PHASE),
    until: monthOf(calendar, Math.min(length, n * MONTHS_PER_MEETINGS_PHASE)),
  };
};

/** The meetings phase a moment falls in: the first year's blocks, then each approved extension. */
export const meetingsPhaseAt = (calendar: RelationshipCalendar, instant: Date): MeetingsPhase => {
  const blocks = meetingsPhaseCount(calendar.program.relationship.lengthMonths);
  const phases: MeetingsPhase[] = [
    ...Array.from({ length: blocks }, (_, i): MeetingsPhase => `meetings-${i + 1}`),
    ...Array.from({ length: calendar.extensions ?? 0 }, (_, i): MeetingsPhase => `extension-${i + 1}`),
  ];
  return phases.find((phase) => instant < meetingsWindow(calendar, phase).until) ?? phases.at(-1)!;
};

/**
 * The meetings window a meeting falls in. A meeting may move only within it, so no phase
 * runs past its window and an execution stays far from the one-year limit.
 */
export const meetingsWindowOf = (calendar: RelationshipCalendar, instant: Date): Window => meetingsWindow(calendar, meetingsPhaseAt(calendar, instant));
