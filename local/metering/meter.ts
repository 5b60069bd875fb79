/**
 * What the local runtime measures of its own use, as CloudWatch would count it on AWS: each
 * datum a metric (namespace, name, dimensions) with a value at a program instant, summed per
 * hour. The local CloudWatch facade answers GetMetricData from it, so the program report reads
 * a local run and a deployed stack the same way.
 */
export interface MetricKey {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
}

const HOUR_MS = 3_600_000;

export const keyOf = ({ namespace, metricName, dimensions }: MetricKey): string =>
  [
    namespace,
    metricName,
    ...Object.entries(dimensions)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => `${name}=${value}`),
  ].join('|');

export class UsageMeter {
  private readonly sums = new Map<string, { key: MetricKey; hours: Map<number, number> }>();
  private stopped = false;

  constructor(private readonly now: () => Date) {}

  add(key: MetricKey, value: number, at: Date = this.now()): void {
    if (this.stopped || !value) return;
    const id = keyOf(key);
    const metric = this.sums.get(id) ?? this.sums.set(id, { key, hours: new Map() }).get(id)!;
    const hour = Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
    metric.hours.set(hour, (metric.hours.get(hour) ?? 0) + value);
  }

  /** From now on nothing is added: what reads the run's record afterwards is not the program's use. */
  stop(): void {
    this.stopped = true;
  }

  /** Each hour's sum of one metric, oldest first. */
  hours(key: MetricKey): [number, number][] {
    return [...(this.sums.get(keyOf(key))?.hours ?? new Map<number, number>()).entries()].sort(([a], [b]) => a - b);
  }

  /** Every metric measured, with its total. */
  totals(): { key: MetricKey; total: number }[] {
    return [...this.sums.values()].map(({ key, hours }) => ({ key, total: [...hours.values()].reduce((a, b) => a + b, 0) }));
  }
}

let current: UsageMeter | undefined;

/** The meter the runtime's services add to; none outside a runtime. */
export const useMeter = (meter: UsageMeter | undefined): void => {
  current = meter;
};

export const meter = (): UsageMeter | undefined => current;
