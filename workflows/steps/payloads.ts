import type { Construct } from 'constructs';
import type { WorkflowFunctions } from '../handlers.ts';
import { step } from './invoke.ts';

/** Payload fragments: the state carries ids and numbers, handlers read the rest from DynamoDB. */
export const relationshipOf = { 'relationshipId.$': '$.relationshipId' };
export const phaseOf = { ...relationshipOf, 'phase.$': '$.phase' };
export const meetingOf = { ...relationshipOf, 'meetingNo.$': '$.meeting.meetingNo', 'occurrence.$': '$.meeting.occurrence' };

/** Every phase ends by starting the next one in a fresh execution ("continue as new"). */
export const startNextPhase = (scope: Construct, fn: WorkflowFunctions, name = 'Start the next phase') =>
  step(scope, name, fn.startNextPhase, phaseOf);
