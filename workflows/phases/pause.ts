import { JsonPath } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { WorkflowFunctions } from '../handlers.ts';
import { askAndWait, step } from '../steps/invoke.ts';
import { phaseOf, relationshipOf } from '../steps/payloads.ts';

/**
 * Leave or illness: the pair is told, then the pause waits for its planned end or for the
 * coordinator to resume earlier, whichever comes first. Resuming moves the rest of the
 * schedule on by the pause and starts the stopped phases again.
 */
export const pausePhase = (scope: Construct, fn: WorkflowFunctions) => {
  // Resuming welcomes them back with the next meeting's invitation, then starts the stopped phases.
  const resume = step(scope, 'Welcome them back and resume the relationship', fn.resumeRelationship, phaseOf);
  const wait = askAndWait(
    scope,
    'Wait until the pause ends or the coordinator resumes',
    fn.askParticipants,
    { ...relationshipOf, kind: 'pause', 'pauseNo.$': '$.pause.pauseNo', attempt: 'first' },
    '$.pause.waitSeconds',
    JsonPath.DISCARD,
  ).addCatch(resume, { errors: ['States.Timeout'], resultPath: JsonPath.DISCARD });
  wait.next(resume);
  return step(scope, 'Plan the pause', fn.planPause, phaseOf, '$.pause')
    .next(step(scope, 'Tell them about the pause', fn.sendLetters, { ...relationshipOf, letter: 'pause', 'pauseNo.$': '$.pause.pauseNo' }))
    .next(wait);
};
