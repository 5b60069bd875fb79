import type { Construct } from 'constructs';
import type { WorkflowFunctions } from '../handlers.ts';
import { step } from '../steps/invoke.ts';
import { phaseOf, tasksOf } from '../steps/payloads.ts';

/**
 * A no-fault conclusion, asked for at any point by the mentor or a mentee (privately) or the
 * coordinator: whatever runs stops, everyone is told kindly, nobody is told who asked, and
 * each mentee gets a rematch. A mentee leaving a circle leaves alone and the circle goes on.
 */
export const conclusionMachine = (scope: Construct, fn: WorkflowFunctions) =>
  step(scope, 'End the relationship without blame', tasksOf(fn).endWithoutBlame, phaseOf);
