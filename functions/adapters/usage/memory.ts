import type { UsagePoint } from '#domain/report/usage';
import type { Usage } from './port.ts';

/** A deployment that used what `points` say, for use-case tests: each day within the span, as CloudWatch would sum it. */
export const usageTwin = (points: UsagePoint[]): Usage & { asked: { metrics: number; from: Date; until: Date }[] } => {
  const asked: { metrics: number; from: Date; until: Date }[] = [];
  return {
    asked,
    measure: async (metrics, span) => {
      asked.push({ metrics: metrics.length, ...span });
      const measures = new Set(metrics.map((m) => m.measure));
      const from = span.from.toISOString().slice(0, 10);
      return {
        source: 'cloudwatch',
        points: points.filter((p) => measures.has(p.measure as never) && p.day >= from && `${p.day}T00:00:00.000Z` < span.until.toISOString()),
      };
    },
  };
};
