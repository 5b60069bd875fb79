import { DateTime } from 'luxon';
import type { RelationshipCalendar } from './program/schedule.ts';

/**
 * A relationship is a chain of phase executions, each far below Step Functions' one-year and
 * 25,000-event limits. The last state of each phase starts the next ("continue as new").
 */
export const STATE_MACHINES = ['Introduction', 'Meetings', 'Closure'] as const;
export type StateMachineKind = (typeof STATE_MACHINES)[number];

/** Meetings run in blocks of at most this many months, so no phase execution nears a year. */
export const MONTHS_PER_MEETINGS_PHASE = 6;

export type Phase = 'introduction' | `meetings-${number}` | 'closure';

export const meetingsPhaseCount = (lengthMonths: number): number => Math.ceil(lengthMonths / MONTHS_PER_MEETINGS_PHASE);

export const phasesOf = (lengthMonths: number): Phase[] => [
  'introduction',
  ...Array.from({ length: meetingsPhaseCount(lengthMonths) }, (_, i): Phase => `meetings-${i + 1}`),
  'closure',
];

export const nextPhase = (phase: Phase, lengthMonths: number): Phase | undefined => {
  const all = phasesOf(lengthMonths);
  return all[all.indexOf(phase) + 1];
};

export const stateMachineOf = (phase: Phase): StateMachineKind =>
  phase === 'introduction' ? 'Introduction' : phase === 'closure' ? 'Closure' : 'Meetings';

/** Deterministic, so starting a phase twice starts it once. */
export const executionName = (relationshipId: string, phase: Phase): string => `${relationshipId}-${phase}`;

export const isPhase = (value: string): value is Phase =>
  value === 'introduction' || value === 'closure' || /^meetings-[1-9]\d*$/.test(value);

/** The half-open window [from, until) of program time whose meetings a meetings phase runs. */
export const meetingsWindow = (calendar: RelationshipCalendar, phase: `meetings-${number}`): { from: Date; until: Date } => {
  const index = Number(phase.slice('meetings-'.length)) - 1;
  const start = DateTime.fromISO(calendar.startDate, { zone: calendar.timeZone }).startOf('day');
  const length = calendar.program.relationship.lengthMonths;
  return {
    from: start.plus({ months: index * MONTHS_PER_MEETINGS_PHASE }).toJSDate(),
    until: start.plus({ months: Math.min(length, (index + 1) * MONTHS_PER_MEETINGS_PHASE) }).toJSDate(),
  };
};

/**
 * The meetings window a meeting falls in. A meeting may move only within it, so no phase
 * runs past its window and an execution stays far from the one-year limit.
 */
export const meetingsWindowOf = (calendar: RelationshipCalendar, instant: Date): { from: Date; until: Date } => {
  const phases = meetingsPhaseCount(calendar.program.relationship.lengthMonths);
  for (let n = 1; n <= phases; n++) {
    const window = meetingsWindow(calendar, `meetings-${n}`);
    if (instant < window.until) return window;
  }
  return meetingsWindow(calendar, `meetings-${phases}`);
};
