import { JsonPath } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { pausePlan } from '#domain/task-payloads';
import type { WorkflowFunctions } from '../handlers.ts';
import { askAndWait, step } from '../steps/invoke.ts';
import { pathsOf, phaseOf, relationshipOf, tasksOf } from '../steps/payloads.ts';

/**
 * Leave or illness: the pair is told, then the pause waits for its planned end or for the
 * coordinator to resume earlier, whichever comes first. Resuming moves the rest of the
 * schedule on by the pause and starts the stopped phases again.
 */
export const pauseMachine = (scope: Construct, fn: WorkflowFunctions) => {
  const task = tasksOf(fn);
  const pause = pathsOf('$.pause', pausePlan);
  // Resuming welcomes them back with the next meeting's invitation, then starts the stopped phases.
  const resume = step(scope, 'Welcome them back and resume the relationship', task.resumeRelationship, phaseOf);
  const wait = askAndWait(
    scope,
    'Wait until the pause ends or the coordinator resumes',
    task.askParticipants,
    { ...relationshipOf, kind: 'pause', pauseNo: pause.pauseNo, attempt: 'first' },
    pause.waitSeconds,
  ).addCatch(resume, { errors: ['States.Timeout'], resultPath: JsonPath.DISCARD });
  wait.next(resume);
  return step(scope, 'Plan the pause', task.planPause, phaseOf, pause)
    .next(step(scope, 'Tell them about the pause', task.sendLetters, { ...relationshipOf, letter: 'pause', pauseNo: pause.pauseNo }))
    .next(wait);
};
