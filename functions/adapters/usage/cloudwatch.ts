import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { clientSettings, once } from '#platform/aws';
import { setting } from '#platform/environment';
import type { UsageMetric, UsagePoint } from '#domain/report/usage';

/** CloudWatch: the real service on AWS, the local runtime's meter when CLOUDWATCH_ENDPOINT is set. */
const cloudWatch = once(() => new CloudWatchClient(clientSettings(setting('CLOUDWATCH_ENDPOINT'))));

/** A day's sums: CloudWatch keeps hourly and coarser data 15 months, so a year's report reads whole days. */
const DAY_SECONDS = 86_400;
/** GetMetricData takes at most this many queries a request. */
const QUERIES_PER_REQUEST = 500;

/** Each metric's sum per day over [from, until), as the usage measures it adds to. */
export const metricSums = async (metrics: readonly UsageMetric[], { from, until }: { from: Date; until: Date }): Promise<UsagePoint[]> => {
  const measureOf = new Map(metrics.map((m) => [m.id, m.measure]));
  const points = new Map<string, UsagePoint>();
  for (let i = 0; i < metrics.length; i += QUERIES_PER_REQUEST) {
    const queries: MetricDataQuery[] = metrics.slice(i, i + QUERIES_PER_REQUEST).map((m) => ({
      Id: m.id,
      MetricStat: {
        Metric: { Namespace: m.namespace, MetricName: m.metricName, Dimensions: Object.entries(m.dimensions).map(([Name, Value]) => ({ Name, Value })) },
        Period: DAY_SECONDS,
        Stat: 'Sum',
      },
      ReturnData: true,
    }));
    let next: string | undefined;
    do {
      const page = await cloudWatch().send(
        new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: from, EndTime: until, ScanBy: 'TimestampAscending', NextToken: next }),
      );
      for (const result of page.MetricDataResults ?? []) {
        const measure = measureOf.get(result.Id ?? '');
        if (!measure) continue;
        (result.Timestamps ?? []).forEach((at, j) => {
          const day = at.toISOString().slice(0, 10);
          const key = `${day} ${measure}`;
          const point = points.get(key) ?? { day, measure, value: 0 };
          point.value += result.Values?.[j] ?? 0;
          points.set(key, point);
        });
      }
      next = page.NextToken;
    } while (next);
  }
  return [...points.values()].sort((a, b) => a.day.localeCompare(b.day) || a.measure.localeCompare(b.measure));
};
