import { isPhase, type Phase } from './phases.ts';

/** How enrolment names a relationship: `rel-` and twelve hex digits. The one spelling every pattern below is made of. */
const RELATIONSHIP = 'rel-[0-9a-f]+';
/** What a phase started again after a pause adds to its name. */
const AFTER_PAUSE = '-after-pause-';

export const RELATIONSHIP_ID = new RegExp(`^${RELATIONSHIP}$`);
const EXECUTION_NAME = new RegExp(`^(${RELATIONSHIP})-(.+?)(?:${AFTER_PAUSE}(\\d+))?$`);
const NAMED_FOR_A_RELATIONSHIP = new RegExp(`^(${RELATIONSHIP})-`);

export const isRelationshipId = (value: string): boolean => RELATIONSHIP_ID.test(value);

/**
 * Deterministic, so starting a phase twice starts it once. A phase restarted after a pause
 * gets a name of its own: Step Functions keeps a name for 90 days after its execution closed.
 */
export const executionName = (relationshipId: string, phase: Phase, afterPause = 0): string =>
  afterPause ? `${relationshipId}-${phase}${AFTER_PAUSE}${afterPause}` : `${relationshipId}-${phase}`;

/** The relationship, phase and pause a name was made from; undefined for a name not made here. */
export const parseExecutionName = (name: string): { relationshipId: string; phase: Phase; afterPause: number } | undefined => {
  const match = EXECUTION_NAME.exec(name);
  if (!match || !isPhase(match[2]!)) return undefined;
  return { relationshipId: match[1]!, phase: match[2], afterPause: Number(match[3] ?? 0) };
};

/** The relationship an execution belongs to, also for a name made by hand (a restart under a new name); undefined for others. */
export const relationshipOfExecution = (name: string): string | undefined => NAMED_FOR_A_RELATIONSHIP.exec(name)?.[1];
