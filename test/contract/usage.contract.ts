import { expect, test } from 'vitest';
import type { Usage } from '#adapters/usage/port';
import { usageMetrics, type UsagePoint } from '#domain/report/usage';

/** What a deployment used, as both the twin and the local CloudWatch are given it: sums at instants of program time. */
export const USED: { at: string; point: Omit<UsagePoint, 'day'> }[] = [
  { at: '2027-01-10T22:00:00.000Z', point: { measure: 'stateTransitions', value: 5 } },
  { at: '2027-01-11T09:00:00.000Z', point: { measure: 'lambdaInvocations', value: 2 } },
  { at: '2027-01-11T15:30:00.000Z', point: { measure: 'lambdaInvocations', value: 3 } },
  { at: '2027-01-12T23:59:00.000Z', point: { measure: 'lambdaDurationMs', value: 1500 } },
  { at: '2027-01-13T00:00:00.000Z', point: { measure: 'logBytes', value: 100 } },
];

/** What CloudWatch's GetMetricData gives the report, as the local CloudWatch and the twin must too. */
export const usageContract = (serviceName: string, service: () => Usage): void => {
  const metrics = usageMetrics({ prefix: 'mentoring', tables: ['mentoring', 'mentoring-responses'] });

  test(`${serviceName}: each measure summed per day of the span, nothing before or after it`, async () => {
    const { points } = await service().measure(metrics, { from: new Date('2027-01-11T00:00:00.000Z'), until: new Date('2027-01-13T00:00:00.000Z') });
    expect(points).toEqual([
      { day: '2027-01-11', measure: 'lambdaInvocations', value: 5 },
      { day: '2027-01-12', measure: 'lambdaDurationMs', value: 1500 },
    ]);
  });

  test(`${serviceName}: a measure the report does not ask for is not read`, async () => {
    const { points } = await service().measure(
      metrics.filter((m) => m.measure !== 'lambdaInvocations'),
      { from: new Date('2027-01-10T00:00:00.000Z'), until: new Date('2027-01-14T00:00:00.000Z') },
    );
    expect(points.map((p) => p.measure).sort()).toEqual(['lambdaDurationMs', 'logBytes', 'stateTransitions']);
  });
};
