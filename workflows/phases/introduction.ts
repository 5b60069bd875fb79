import type { Construct } from 'constructs';
import type { WorkflowFunctions } from '../handlers.ts';
import { step } from '../steps/invoke.ts';
import { relationshipOf, startNextPhase } from '../steps/payloads.ts';

/** The relationship begins: mentor and mentee meet each other by e-mail, then the meetings start. */
export const introductionPhase = (scope: Construct, fn: WorkflowFunctions) =>
  step(scope, 'Introduce mentor and mentee', fn.sendIntroduction, relationshipOf).next(startNextPhase(scope, fn, 'Start the meetings'));
