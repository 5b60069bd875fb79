import { Duration } from 'aws-cdk-lib';
import type { IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { StateMachineKind } from '#domain/lifecycle/phases';
import type { WorkflowFunctions } from './handlers.ts';
import { PHASE_LIMIT_DAYS } from '#domain/program/limits';
import { matchingPhase } from './phases/matching.ts';
import { agreementPhase } from './phases/agreement.ts';
import { meetingsPhase } from './phases/meetings.ts';
import { closurePhase } from './phases/closure.ts';
import { followUpPhase } from './phases/follow-up.ts';
import { pausePhase } from './phases/pause.ts';
import { conclusionPhase } from './phases/conclusion.ts';

interface PhaseMachine {
  build: (scope: Construct, fn: WorkflowFunctions) => IChainable;
  /** Longest the phase may run; a program whose phases could run longer is refused when loaded. */
  timeout: Duration;
  description: string;
}

const limit = Duration.days(PHASE_LIMIT_DAYS);

/** The lifecycle's state machines, written once: deployed by infra/, run locally by local/. */
export const PHASE_MACHINES: Record<StateMachineKind, PhaseMachine> = {
  Matching: {
    build: matchingPhase,
    timeout: limit,
    description: 'Proposes the match; on acceptance introduces the pair and starts their meetings, otherwise asks for a rematch.',
  },
  Agreement: { build: agreementPhase, timeout: limit, description: 'After the first meeting: the working agreement, goals proposed, confirmed and endorsed.' },
  Meetings: {
    build: meetingsPhase,
    timeout: limit,
    description: 'Six months of meetings (or an extension): reminder, check-in, reviews; then the next phase.',
  },
  Closure: {
    build: closurePhase,
    timeout: limit,
    description: 'At the anniversary: the look back, an extension if approved, or recognition, summaries and closure.',
  },
  FollowUp: { build: followUpPhase, timeout: limit, description: 'Months after closure: asks whether the progress held and completes the record.' },
  Pause: {
    build: pausePhase,
    timeout: limit,
    description: 'Leave or illness: waits for the return, then resumes the relationship with its schedule moved on.',
  },
  Conclusion: {
    build: conclusionPhase,
    // Minutes of work, but a used-up sending quota is waited out for up to 26 hours (steps/invoke.ts).
    timeout: Duration.days(3),
    description: 'Ends a relationship early without blame, or lets a mentee leave a circle.',
  },
};

/** Each machine's states in a scope of their own, so state names only need to be unique per machine. */
export const buildPhaseChains = (scope: Construct, fn: WorkflowFunctions): Record<StateMachineKind, IChainable> =>
  Object.fromEntries(Object.entries(PHASE_MACHINES).map(([kind, machine]) => [kind, machine.build(new Construct(scope, `${kind}States`), fn)])) as Record<
    StateMachineKind,
    IChainable
  >;
