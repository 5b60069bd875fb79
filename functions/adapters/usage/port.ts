import type { MeasuredUsage, UsageMetric } from '#domain/report/usage';
import { setting } from '#platform/environment';
import { metricSums } from './cloudwatch.ts';

/** What a deployment used: CloudWatch's metrics (on AWS, or the local runtime's meter that answers as CloudWatch does), or a twin in fast tests. */
export interface Usage {
  measure(metrics: readonly UsageMetric[], span: { from: Date; until: Date }): Promise<MeasuredUsage>;
}

export const cloudWatchUsage: Usage = {
  measure: async (metrics, span) => ({
    // The local runtime names its meter's endpoint; a deployed stack's CloudWatch needs none.
    source: setting('CLOUDWATCH_ENDPOINT') ? 'local runtime' : 'cloudwatch',
    points: await metricSums(metrics, span),
  }),
};

let current: Usage = cloudWatchUsage;

/** The usage read from now on; none: CloudWatch again. */
export const useUsage = (usage: Usage = cloudWatchUsage): void => {
  current = usage;
};

export const measuredUsage: Usage['measure'] = (metrics, span) => current.measure(metrics, span);
