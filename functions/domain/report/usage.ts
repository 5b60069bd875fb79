import { STATE_MACHINES } from '../lifecycle/phases.ts';
import { ANSWER_STAGE, DEPLOYED_FUNCTIONS, metricsNamespace } from '../operator/deployment.ts';

/**
 * What a program used of AWS, as CloudWatch counts it: the same metrics whether they come from a
 * deployed stack or from the local runtime's meter (which answers the same queries). Each
 * measure is a sum per day; e-mails come from the program's own log of what it sent.
 */

export const MEASURES = [
  'dynamoDbReadUnits',
  'dynamoDbWriteUnits',
  'lambdaInvocations',
  'lambdaDurationMs',
  'stateTransitions',
  'apiRequests',
  'logBytes',
  'emails',
] as const;
export type Measure = (typeof MEASURES)[number];

/** The state transitions Step Functions bills, counted by a metric filter on each machine's log (every `…StateEntered` event). */
export const STATE_TRANSITIONS_METRIC = 'StateTransitions';

/** One metric to read: a CloudWatch metric by namespace, name and dimensions, summed, and the measure it adds to. */
export interface UsageMetric {
  id: string;
  measure: Exclude<Measure, 'emails'>;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
}

/** A deployment's resources by name, as its stack names them. */
export interface Deployed {
  prefix: string;
  tables: string[];
  /** The tables' global secondary indexes: CloudWatch counts what writing them consumes apart from the table's own. */
  indexes?: { table: string; index: string }[];
  /** The answer pages' access log group, where the stack says which it is. */
  accessLogGroup?: string;
}

/** The program's prefix, from its Matching machine's name (`<prefix>-Matching`). */
export const prefixOf = (matchingArn: string): string =>
  matchingArn
    .split(':')
    .at(-1)!
    .replace(/-Matching$/, '');

/** Every metric the report reads of a deployment: its tables, functions, machines, answer pages and log groups. */
export const usageMetrics = ({ prefix, tables, indexes = [], accessLogGroup }: Deployed): UsageMetric[] => {
  const functions = DEPLOYED_FUNCTIONS.map((file) => `${prefix}-${file}`);
  const logGroups = [
    ...functions.map((name) => `/aws/lambda/${name}`),
    ...STATE_MACHINES.map((kind) => `/aws/vendedlogs/states/${prefix}-${kind}`),
    ...(accessLogGroup ? [accessLogGroup] : []),
  ];
  const metric = (measure: UsageMetric['measure'], namespace: string, metricName: string, dimensions: Record<string, string>) => ({
    measure,
    namespace,
    metricName,
    dimensions,
  });
  return [
    ...[...tables.map((TableName) => ({ TableName })), ...indexes.map(({ table, index }) => ({ TableName: table, GlobalSecondaryIndexName: index }))].flatMap(
      (dimensions: Record<string, string>) => [
        metric('dynamoDbReadUnits', 'AWS/DynamoDB', 'ConsumedReadCapacityUnits', dimensions),
        metric('dynamoDbWriteUnits', 'AWS/DynamoDB', 'ConsumedWriteCapacityUnits', dimensions),
      ],
    ),
    ...functions.flatMap((FunctionName) => [
      metric('lambdaInvocations', 'AWS/Lambda', 'Invocations', { FunctionName }),
      metric('lambdaDurationMs', 'AWS/Lambda', 'Duration', { FunctionName }),
    ]),
    metric('stateTransitions', metricsNamespace(prefix), STATE_TRANSITIONS_METRIC, {}),
    metric('apiRequests', 'AWS/ApiGateway', 'Count', { ApiName: `${prefix}-answer-pages`, Stage: ANSWER_STAGE }),
    ...logGroups.map((LogGroupName) => metric('logBytes', 'AWS/Logs', 'IncomingBytes', { LogGroupName })),
    // GetMetricData wants ids that start with a lower-case letter and hold letters, digits and underscores.
  ].map((m, i) => ({ id: `m${i}`, ...m }));
};

/** A measure's sum on one day (YYYY-MM-DD, UTC). */
export interface UsagePoint {
  day: string;
  measure: Measure;
  value: number;
}

/** Where the figures were read: a deployed stack's CloudWatch, or the local runtime's meter. */
export interface MeasuredUsage {
  source: 'cloudwatch' | 'local runtime';
  points: UsagePoint[];
}

export type UsageTotals = Record<Measure, number>;

export const totalsOf = (points: readonly UsagePoint[]): UsageTotals => {
  const totals = Object.fromEntries(MEASURES.map((m) => [m, 0])) as UsageTotals;
  for (const { measure, value } of points) totals[measure] += value;
  return totals;
};

/** The e-mails the program's log records as sent, per day: SES bills each one. */
export const emailPoints = (sentAt: readonly string[]): UsagePoint[] => {
  const byDay = new Map<string, number>();
  for (const at of sentAt) byDay.set(at.slice(0, 10), (byDay.get(at.slice(0, 10)) ?? 0) + 1);
  return [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, value]) => ({ day, measure: 'emails', value }));
};
