import { afterAll, beforeAll } from 'vitest';
import { cloudWatchUsage } from '#adapters/usage/port';
import { usageMetrics } from '#domain/report/usage';
import { forgetClients, useEndpointSettings } from '#platform/aws';
import { loopbackSettings } from '#local/services/loopback';
import { UsageMeter } from '#local/metering/meter';
import { startLocalCloudWatch } from '#local/metering/cloudwatch';
import type { LocalStepFunctions } from '#local/stepfunctions/index';
import type { ProtocolServer } from '#local/stepfunctions/server';
import { USED, usageContract } from './usage.contract.ts';

/**
 * The report's GetMetricData requests (@aws-sdk/client-cloudwatch) against the local CloudWatch,
 * over loopback, answered from a meter given what the contract says was used.
 */
const before = process.env.CLOUDWATCH_ENDPOINT;
const meter = new UsageMeter(() => new Date(0));
const metricOf = Object.fromEntries(usageMetrics({ prefix: 'mentoring', tables: ['mentoring'] }).map((m) => [m.measure, m]));
for (const { at, point } of USED) {
  const { namespace, metricName, dimensions } = metricOf[point.measure]!;
  meter.add({ namespace, metricName, dimensions }, point.value, new Date(at));
}
// Another program's function: not among the metrics the report reads of this one.
meter.add({ namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions: { FunctionName: 'other-plan-phase' } }, 1000, new Date('2027-01-11T10:00:00.000Z'));
const noExecutions = { listAll: () => [], history: () => [] } as unknown as LocalStepFunctions;
let cloudWatch: ProtocolServer;

beforeAll(async () => {
  cloudWatch = await startLocalCloudWatch(meter, noExecutions, () => () => {});
  process.env.CLOUDWATCH_ENDPOINT = cloudWatch.endpoint;
  useEndpointSettings(loopbackSettings);
  forgetClients();
});
afterAll(async () => {
  await cloudWatch?.close();
  if (before === undefined) delete process.env.CLOUDWATCH_ENDPOINT;
  else process.env.CLOUDWATCH_ENDPOINT = before;
  useEndpointSettings(undefined);
  forgetClients();
});

usageContract('the local CloudWatch', () => cloudWatchUsage);
