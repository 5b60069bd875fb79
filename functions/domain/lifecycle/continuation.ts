import type { Relationship } from '../model.ts';
import type { Phase } from './phases.ts';

/** How the main line of phases goes on from one to the next, beyond which phase is next (`nextPhase`). */

/** A closed relationship goes on only from its closure, to its follow-up; any other phase of it stops. */
export const goesOnAfter = (relationship: Pick<Relationship, 'status'>, phase: Phase): boolean =>
  relationship.status !== 'closed' || phase === 'closure' || phase.startsWith('closure-');

/** The agreement on goals runs beside the first months of meetings: it starts with them, after the matching. */
export const startsAgreement = (phase: Phase, next: Phase): boolean => phase === 'matching' && next === 'meetings-1';

/** The phase the relationship records as its own: the conclusion runs in a lane of its own, and is not one. */
export const isRecordedPhase = (next: Phase): boolean => next !== 'conclusion';
