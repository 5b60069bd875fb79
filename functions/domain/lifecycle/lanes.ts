import type { Phase } from './phases.ts';

/** The lines a relationship's phases run on at once: the main line, the agreement beside it, a pause, a conclusion. */
export type Lane = 'main' | 'agreement' | 'pause' | 'conclusion';

/** Where a relationship notes its current run on each lane. */
export const RUN_FIELD: Record<Lane, 'mainRun' | 'agreementRun' | 'pauseRun' | 'conclusionRun'> = {
  main: 'mainRun',
  agreement: 'agreementRun',
  pause: 'pauseRun',
  conclusion: 'conclusionRun',
};

export const laneOf = (phase: Phase): Lane =>
  phase === 'agreement' ? 'agreement' : phase.startsWith('pause-') ? 'pause' : phase.startsWith('conclusion') ? 'conclusion' : 'main';
