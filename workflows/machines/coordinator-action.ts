import type { Construct } from 'constructs';
import type { WorkflowFunctions } from '../handlers.ts';
import { step } from '../steps/invoke.ts';
import { phaseOf, tasksOf } from '../steps/payloads.ts';

/**
 * What the coordinator chose in a weekly digest, by its two-click link: nudge the pair, pause
 * the relationship, or end it without blame (which starts the conclusion). One run per action
 * and week, so the console shows each choice beside the relationship's phases.
 */
export const coordinatorActionMachine = (scope: Construct, fn: WorkflowFunctions) =>
  step(scope, "Carry out the coordinator's choice", tasksOf(fn).actForCoordinator, phaseOf);
