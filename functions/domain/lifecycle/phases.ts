/**
 * A phase is one named part of a relationship's lifecycle (`matching`, `meetings-2`, `pause-1`,
 * `conclusion`), as an execution's input and a relationship's main line name it. An execution
 * of a phase is a run (`mainRun`; `meetings-2` runs again after a pause as
 * `…-meetings-2-after-pause-1`), and the state machine it runs on is a machine (`Meetings`,
 * built in workflows/machines/). A relationship is a chain of phases, each run far below Step
 * Functions' one-year and 25,000-event limits. The last state of each phase starts the next
 * ("continue as new"):
 *
 *   matching → meetings-1 … meetings-N → closure → [extension-1 → closure-1 …] → follow-up
 *
 * Beside that main line run the agreement (first meeting and goals, alongside meetings-1),
 * each pause (until the pair resumes) and, at any point, the no-fault conclusion and what the
 * coordinator chose in a weekly digest (`coordinator-nudge-20261207`: a nudge, a pause, an end).
 */
export const STATE_MACHINES = ['Matching', 'Agreement', 'Meetings', 'Closure', 'FollowUp', 'Pause', 'Conclusion', 'CoordinatorAction'] as const;
export type StateMachineKind = (typeof STATE_MACHINES)[number];

/** Meetings run in blocks of at most this many months, so no run of a phase nears a year. */
export const MONTHS_PER_MEETINGS_PHASE = 6;

export type MeetingsPhase = `meetings-${number}` | `extension-${number}`;
export type Phase =
  | 'matching'
  | 'agreement'
  | MeetingsPhase
  | 'closure'
  | `closure-${number}`
  | 'follow-up'
  | `pause-${number}`
  | 'conclusion'
  | `conclusion-${number}`
  | `coordinator-${'nudge' | 'pause' | 'end'}-${number}`
  | `coordinator-rematch-${number}-${number}`;

const PATTERNS: [RegExp, StateMachineKind][] = [
  [/^matching$/, 'Matching'],
  [/^agreement$/, 'Agreement'],
  [/^(meetings|extension)-[1-9]\d*$/, 'Meetings'],
  [/^closure(-[1-9]\d*)?$/, 'Closure'],
  [/^follow-up$/, 'FollowUp'],
  [/^pause-[1-9]\d*$/, 'Pause'],
  [/^conclusion(-[1-9]\d*)?$/, 'Conclusion'],
  [/^coordinator-(nudge|pause|end|rematch)(-[1-9]\d?)?-\d{8}$/, 'CoordinatorAction'],
];

export const isPhase = (value: string): value is Phase => PATTERNS.some(([pattern]) => pattern.test(value));

export const stateMachineOf = (phase: Phase): StateMachineKind => PATTERNS.find(([pattern]) => pattern.test(phase))![1];

export const isMeetingsPhase = (phase: string): phase is MeetingsPhase => /^(meetings|extension)-[1-9]\d*$/.test(phase);

/** The number in `meetings-2`, `extension-1`, `closure-1`, `pause-3`; 0 for `closure`. */
export const phaseNumber = (phase: Phase): number => Number(/-(\d+)$/.exec(phase)?.[1] ?? 0);

export const meetingsPhaseCount = (lengthMonths: number): number => Math.ceil(lengthMonths / MONTHS_PER_MEETINGS_PHASE);

/** The main line of an undisturbed relationship. */
export const phasesOf = (lengthMonths: number): Phase[] => [
  'matching',
  ...Array.from({ length: meetingsPhaseCount(lengthMonths) }, (_, i): Phase => `meetings-${i + 1}`),
  'closure',
  'follow-up',
];

/** What the main line does after `phase`, given what was decided along the way. */
export const nextPhase = (
  phase: Phase,
  { lengthMonths, extensions, endRequested }: { lengthMonths: number; extensions: number; endRequested: boolean },
): Phase | undefined => {
  if (endRequested && (phase === 'matching' || isMeetingsPhase(phase))) return 'conclusion';
  if (phase === 'matching') return 'meetings-1';
  if (phase.startsWith('meetings-')) {
    const n = phaseNumber(phase);
    return n < meetingsPhaseCount(lengthMonths) ? `meetings-${n + 1}` : 'closure';
  }
  if (phase.startsWith('extension-')) return `closure-${phaseNumber(phase)}`;
  if (stateMachineOf(phase) === 'Closure') {
    const done = phaseNumber(phase);
    return extensions > done ? `extension-${done + 1}` : 'follow-up';
  }
  return undefined;
};
