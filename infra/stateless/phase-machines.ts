import { RemovalPolicy } from 'aws-cdk-lib';
import { FilterPattern, LogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, type CfnStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { buildMachineChains, MACHINES } from '#workflows/definitions';
import type { WorkflowFunctions } from '#workflows/handlers';
import { STATE_MACHINES, type StateMachineKind } from '#domain/lifecycle/phases';
import { metricsNamespace } from '#domain/operator/deployment';
import { STATE_TRANSITIONS_METRIC } from '#domain/report/usage';
import { LOG_RETENTION } from './program-functions.ts';

/** One Standard state machine per phase kind, named so a deploy finds the running relationships in it. */
export const createPhaseMachines = (scope: Construct, prefix: string, functions: WorkflowFunctions): Record<StateMachineKind, StateMachine> => {
  const chains = buildMachineChains(scope, functions);
  return Object.fromEntries(
    STATE_MACHINES.map((kind) => {
      // The vended-logs prefix keeps the account's log resource policy small.
      const logGroup = new LogGroup(scope, `${kind}Logs`, {
        logGroupName: `/aws/vendedlogs/states/${prefix}-${kind}`,
        retention: LOG_RETENTION,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      // Step Functions bills each state entered, and no metric of its own counts them per machine: its log does.
      new MetricFilter(scope, `${kind}StateTransitions`, {
        logGroup,
        filterPattern: FilterPattern.regexValue('$.type', '=', 'StateEntered$'),
        metricNamespace: metricsNamespace(prefix),
        metricName: STATE_TRANSITIONS_METRIC,
        metricValue: '1',
      });
      const machine = new StateMachine(scope, kind, {
        stateMachineName: `${prefix}-${kind}`,
        definitionBody: DefinitionBody.fromChainable(chains[kind]),
        timeout: MACHINES[kind].timeout,
        comment: MACHINES[kind].description,
        logs: {
          destination: logGroup,
          level: LogLevel.ALL,
          // Task tokens and answers pass through the state; they stay out of the logs.
          includeExecutionData: false,
        },
        tracingEnabled: true,
      });
      // Replacing a machine would stop every running relationship in it.
      (machine.node.defaultChild as CfnStateMachine).overrideLogicalId(`${kind}StateMachine`);
      return [kind, machine];
    }),
  ) as Record<StateMachineKind, StateMachine>;
};
