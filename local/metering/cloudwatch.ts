import { DEFAULT_PREFIX, metricsNamespace } from '#domain/operator/deployment';
import { STATE_TRANSITIONS_METRIC } from '#domain/report/usage';
import type { HistoryEvent, LocalStepFunctions } from '../stepfunctions/index.ts';
import { withoutExecutionData } from '../stepfunctions/history.ts';
import { startProtocolServer, type ProtocolServer } from '../stepfunctions/server.ts';
import { SfnServiceError } from '../stepfunctions/errors.ts';
import { UsageMeter, type MetricKey } from './meter.ts';

/**
 * CloudWatch's GetMetricData on loopback, answered from the local runtime's meter: the program
 * report's usage adapter (@aws-sdk/client-cloudwatch) reads a local run as it reads a deployed
 * stack. What Step Functions adds (the transitions a metric filter counts from each machine's
 * log, and that log's bytes) is read from the executions' histories when asked.
 */

/** The record Step Functions writes to a machine's log for one history event, without execution data (as the stack logs). */
const logRecord = (event: HistoryEvent, executionArn: string): string => {
  const plain = withoutExecutionData(event) as unknown as Record<string, unknown>;
  const details = Object.entries(plain).find(([key]) => key.endsWith('EventDetails'))?.[1] ?? {};
  return `${JSON.stringify({
    id: String(event.id),
    type: event.type,
    details,
    previous_event_id: String(event.previousEventId),
    event_timestamp: String(event.timestamp!.getTime()),
    execution_arn: executionArn,
    redrive_count: '0',
  })}\n`;
};

/** The state machines' share, from their executions' histories: transitions (every state entered) and log bytes. */
export const machineUsage = (stepFunctions: LocalStepFunctions): UsageMeter => {
  const usage = new UsageMeter(() => new Date(0));
  for (const execution of stepFunctions.listAll()) {
    const machine = execution.stateMachineArn.split(':').at(-1)!;
    for (const event of stepFunctions.history(execution.executionArn)) {
      const at = event.timestamp!;
      if (event.type?.endsWith('StateEntered'))
        usage.add({ namespace: metricsNamespace(DEFAULT_PREFIX), metricName: STATE_TRANSITIONS_METRIC, dimensions: {} }, 1, at);
      usage.add(
        { namespace: 'AWS/Logs', metricName: 'IncomingBytes', dimensions: { LogGroupName: `/aws/vendedlogs/states/${machine}` } },
        Buffer.byteLength(logRecord(event, execution.executionArn)),
        at,
      );
    }
  }
  return usage;
};

interface Query {
  Id: string;
  MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions?: { Name: string; Value: string }[] }; Period: number; Stat: string };
}

const getMetricData = (meter: UsageMeter, stepFunctions: LocalStepFunctions, body: Record<string, unknown>) => {
  const [start, end] = [Number(body.StartTime) * 1000, Number(body.EndTime) * 1000];
  const machines = machineUsage(stepFunctions);
  return {
    MetricDataResults: (body.MetricDataQueries as Query[]).map(({ Id, MetricStat }) => {
      if (!MetricStat || MetricStat.Stat !== 'Sum') throw new SfnServiceError('InvalidParameterValue', 'the local meter sums metrics (Stat: Sum)');
      const key: MetricKey = {
        namespace: MetricStat.Metric.Namespace,
        metricName: MetricStat.Metric.MetricName,
        dimensions: Object.fromEntries((MetricStat.Metric.Dimensions ?? []).map((d) => [d.Name, d.Value])),
      };
      const periodMs = MetricStat.Period * 1000;
      const sums = new Map<number, number>();
      const hours = machines.hours(key).length ? machines.hours(key) : meter.hours(key);
      for (const [hour, value] of hours) {
        if (hour < start || hour >= end) continue;
        const bucket = start + Math.floor((hour - start) / periodMs) * periodMs;
        sums.set(bucket, (sums.get(bucket) ?? 0) + value);
      }
      const buckets = [...sums.entries()].sort(([a], [b]) => a - b);
      return { Id, Label: key.metricName, Timestamps: buckets.map(([at]) => new Date(at)), Values: buckets.map(([, v]) => v), StatusCode: 'Complete' };
    }),
    Messages: [],
  };
};

/** The facade on 127.0.0.1, and the same without a socket for clients in this process. */
export const startLocalCloudWatch = (meter: UsageMeter, stepFunctions: LocalStepFunctions, begin: () => () => void): Promise<ProtocolServer> =>
  startProtocolServer(
    0,
    async (operation, body) => {
      if (operation !== 'GetMetricData') throw new SfnServiceError('UnknownOperationException', `The local meter answers GetMetricData only, not ${operation}`);
      return getMetricData(meter, stepFunctions, body);
    },
    begin,
    { targetPrefix: 'GraniteServiceVersion20100801.', contentType: 'application/x-amz-json-1.0' },
  );

/** What a local run used, in all: the run record's `usage.json`. */
export const usageTotals = (meter: UsageMeter, stepFunctions: LocalStepFunctions, emails: number) => {
  const all = [...meter.totals(), ...machineUsage(stepFunctions).totals()];
  const sum = (namespace: string, metricName: string, by?: string) => {
    const matching = all.filter((m) => m.key.namespace === namespace && m.key.metricName === metricName);
    const total = matching.reduce((n, m) => n + m.total, 0);
    if (!by) return total;
    const each: [string, number][] = matching.map((m) => [m.key.dimensions[by] ?? '', m.total]);
    return { total, [`by${by}`]: Object.fromEntries(each.sort(([a], [b]) => a.localeCompare(b))) };
  };
  return {
    measuredBy: 'the local runtime, on program time; durations are wall time on this machine',
    dynamoDb: {
      readUnits: sum('AWS/DynamoDB', 'ConsumedReadCapacityUnits', 'TableName'),
      writeUnits: sum('AWS/DynamoDB', 'ConsumedWriteCapacityUnits', 'TableName'),
    },
    lambda: { invocations: sum('AWS/Lambda', 'Invocations', 'FunctionName'), durationMs: sum('AWS/Lambda', 'Duration', 'FunctionName') },
    stepFunctions: { stateTransitions: sum(metricsNamespace(DEFAULT_PREFIX), STATE_TRANSITIONS_METRIC) },
    answerPages: { requests: sum('AWS/ApiGateway', 'Count') },
    logs: { incomingBytes: sum('AWS/Logs', 'IncomingBytes', 'LogGroupName') },
    ses: { emails },
  };
};
