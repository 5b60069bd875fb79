import { Duration } from 'aws-cdk-lib';
import type { IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { StateMachineKind } from './lifecycle.ts';
import type { WorkflowFunctions } from './handlers.ts';
import { introductionPhase } from './phases/introduction.ts';
import { meetingsPhase } from './phases/meetings.ts';
import { closurePhase } from './phases/closure.ts';

interface PhaseMachine {
  build: (scope: Construct, fn: WorkflowFunctions) => IChainable;
  /** Longest the phase may run: its waits plus every answer window, with margin. */
  timeout: Duration;
  description: string;
}

/** The lifecycle's state machines, written once: deployed by infra/, run locally by local/. */
export const PHASE_MACHINES: Record<StateMachineKind, PhaseMachine> = {
  Introduction: {
    build: introductionPhase,
    timeout: Duration.days(7),
    description: 'Introduces mentor and mentee, then starts their meetings.',
  },
  Meetings: {
    build: meetingsPhase,
    timeout: Duration.days(300),
    description: 'Six months of meetings: reminder, check-in, reminder to answer, record; then the next phase.',
  },
  Closure: {
    build: closurePhase,
    timeout: Duration.days(120),
    description: "Waits for the relationship's anniversary and closes it with thanks.",
  },
};

/** Each machine's states in a scope of their own, so state names only need to be unique per machine. */
export const buildPhaseChains = (scope: Construct, fn: WorkflowFunctions): Record<StateMachineKind, IChainable> =>
  Object.fromEntries(
    Object.entries(PHASE_MACHINES).map(([kind, machine]) => [kind, machine.build(new Construct(scope, `${kind}States`), fn)]),
  ) as Record<StateMachineKind, IChainable>;
