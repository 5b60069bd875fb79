import type { Construct } from 'constructs';
import type { WorkflowFunctions } from '../handlers.ts';
import { step } from './invoke.ts';

/** Payload fragments: the state carries ids and numbers, handlers read the rest from DynamoDB. */
export const relationshipOf = { 'relationshipId.$': '$.relationshipId' };
export const phaseOf = { ...relationshipOf, 'phase.$': '$.phase' };
export const meetingOf = { ...relationshipOf, 'meetingNo.$': '$.step.meetingNo', 'occurrence.$': '$.step.occurrence' };

/** The program's answer windows, as a phase's plan hands them over. */
export const planWindows = (path: string) => ({
  answer: `${path}.windows.answer`,
  reminder: `${path}.windows.reminder`,
  escalation: `${path}.windows.escalation`,
});

/** Every main-line phase ends by starting the next one in a fresh execution ("continue as new"). */
export const startNextPhase = (scope: Construct, fn: WorkflowFunctions, name = 'Start the next phase') => step(scope, name, fn.startNextPhase, phaseOf);

/**
 * Records a question as it ended: `answered` after an answer settled it, or after its last
 * wait timed out. Both lead on to `then`; the result (outcomes, counts) lands at `resultPath`.
 */
export const recordBoth = (scope: Construct, fn: WorkflowFunctions, names: [string, string], payload: Record<string, unknown>, resultPath: string) => ({
  answered: step(scope, names[0], fn.recordAnswer, { ...payload, timedOut: false }, resultPath),
  unanswered: step(scope, names[1], fn.recordAnswer, { ...payload, timedOut: true }, resultPath),
});
