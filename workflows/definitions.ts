import { Duration } from 'aws-cdk-lib';
import type { IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { StateMachineKind } from '#domain/lifecycle/phases';
import type { WorkflowFunctions } from './handlers.ts';
import { PHASE_LIMIT_DAYS } from '#domain/program/limits';
import { matchingMachine } from './machines/matching.ts';
import { agreementMachine } from './machines/agreement.ts';
import { meetingsMachine } from './machines/meetings.ts';
import { closureMachine } from './machines/closure.ts';
import { followUpMachine } from './machines/follow-up.ts';
import { pauseMachine } from './machines/pause.ts';
import { conclusionMachine } from './machines/conclusion.ts';
import { coordinatorActionMachine } from './machines/coordinator-action.ts';

/** A state machine of the lifecycle: the chain its states make, and what the console shows of it. */
interface Machine {
  build: (scope: Construct, fn: WorkflowFunctions) => IChainable;
  /** Longest one of its runs may last; a program whose phases could run longer is refused when loaded. */
  timeout: Duration;
  description: string;
}

const limit = Duration.days(PHASE_LIMIT_DAYS);

/** The lifecycle's state machines, written once: deployed by infra/, run locally by local/. */
export const MACHINES: Record<StateMachineKind, Machine> = {
  Matching: {
    build: matchingMachine,
    timeout: limit,
    description: 'Proposes the match; on acceptance introduces the pair and starts their meetings, otherwise asks for a rematch.',
  },
  Agreement: {
    build: agreementMachine,
    timeout: limit,
    description: 'After the first meeting: the working agreement, goals proposed, confirmed and endorsed.',
  },
  Meetings: {
    build: meetingsMachine,
    timeout: limit,
    description: 'Six months of meetings (or an extension): reminder, check-in, reviews; then the next phase.',
  },
  Closure: {
    build: closureMachine,
    timeout: limit,
    description: 'At the anniversary: the look back, an extension if approved, or recognition, summaries and closure.',
  },
  FollowUp: { build: followUpMachine, timeout: limit, description: 'Months after closure: asks whether the progress held and completes the record.' },
  Pause: {
    build: pauseMachine,
    timeout: limit,
    description: 'Leave or illness: waits for the return, then resumes the relationship with its schedule moved on.',
  },
  Conclusion: {
    build: conclusionMachine,
    // Minutes of work, but a used-up sending quota is waited out for up to 26 hours (steps/invoke.ts).
    timeout: Duration.days(3),
    description: 'Ends a relationship early without blame, or lets a mentee leave a circle.',
  },
  CoordinatorAction: {
    build: coordinatorActionMachine,
    // Minutes of work, but a used-up sending quota is waited out for up to 26 hours (steps/invoke.ts).
    timeout: Duration.days(3),
    description: 'Carries out what the coordinator chose in a weekly digest: nudge the pair, pause, or end without blame.',
  },
};

/** Each machine's states in a scope of their own, so state names only need to be unique per machine. */
export const buildMachineChains = (scope: Construct, fn: WorkflowFunctions): Record<StateMachineKind, IChainable> =>
  Object.fromEntries(Object.entries(MACHINES).map(([kind, machine]) => [kind, machine.build(new Construct(scope, `${kind}States`), fn)])) as Record<
    StateMachineKind,
    IChainable
  >;
