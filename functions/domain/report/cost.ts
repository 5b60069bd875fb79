import { FIXED_RESOURCES, FUNCTION_MEMORY_MB } from '../operator/deployment.ts';
import type { PriceTable } from './prices.ts';
import { totalsOf, type Measure, type MeasuredUsage, type UsagePoint, type UsageTotals } from './usage.ts';

/**
 * What the measured usage costs at list prices: a pure product of usage and the price table,
 * per service, per month, plus the deployment's fixed monthly cost for the days the period covers.
 */

export const SERVICES = ['dynamoDb', 'lambda', 'stepFunctions', 'ses', 'api', 'logs', 'fixed'] as const;
export type Service = (typeof SERVICES)[number];

export type CostByService = Record<Service, number>;

export interface CostFigures {
  source: MeasuredUsage['source'];
  prices: Pick<PriceTable, 'region' | 'asOf' | 'currency'>;
  /** The days the period covers, fractions included: the fixed cost is for these. */
  days: number;
  usage: UsageTotals;
  /** Lambda's GB-seconds: the measured duration at every function's memory. */
  gbSeconds: number;
  byService: CostByService;
  /** The fixed cost of a whole month, and of what it is made. */
  fixedMonthly: { total: number; items: { item: keyof PriceTable['monthly']; count: number; price: number }[] };
  byMonth: ({ month: string } & CostByService)[];
  total: number;
}

const MILLION = 1_000_000;
const GIB = 1024 ** 3;
const DAY_MS = 86_400_000;
/** Months are billed per hour of the month; a day is its share of an average month. */
const DAYS_PER_MONTH = 365 / 12;

const FIXED_ITEMS: { item: keyof PriceTable['monthly']; count: number }[] = [
  { item: 'webAcl', count: FIXED_RESOURCES.webAcls },
  { item: 'webAclRule', count: FIXED_RESOURCES.webAclRules },
  { item: 'kmsKey', count: FIXED_RESOURCES.kmsKeys },
  { item: 'secret', count: FIXED_RESOURCES.secrets },
  { item: 'alarm', count: FIXED_RESOURCES.alarms },
  { item: 'dashboard', count: FIXED_RESOURCES.dashboards },
];

const zero = (): CostByService => Object.fromEntries(SERVICES.map((s) => [s, 0])) as CostByService;

/** What one measure's amount costs, and of which service. */
const priced = (measure: Measure, value: number, prices: PriceTable): [Exclude<Service, 'fixed'>, number] => {
  switch (measure) {
    case 'dynamoDbReadUnits':
      return ['dynamoDb', (value / MILLION) * prices.dynamoDb.perMillionReadUnits];
    case 'dynamoDbWriteUnits':
      return ['dynamoDb', (value / MILLION) * prices.dynamoDb.perMillionWriteUnits];
    case 'lambdaInvocations':
      return ['lambda', (value / MILLION) * prices.lambda.perMillionRequests];
    case 'lambdaDurationMs':
      return ['lambda', gbSecondsOf(value) * prices.lambda.perGbSecond];
    case 'stateTransitions':
      return ['stepFunctions', (value / 1000) * prices.stepFunctions.perThousandTransitions];
    case 'emails':
      return ['ses', (value / 1000) * prices.ses.perThousandEmails];
    case 'apiRequests':
      return ['api', (value / MILLION) * (prices.api.perMillionRequests + prices.api.firewallPerMillionRequests)];
    case 'logBytes':
      return ['logs', (value / GIB) * prices.logs.perGbIngested];
  }
};

const gbSecondsOf = (durationMs: number): number => (durationMs / 1000) * (FUNCTION_MEMORY_MB / 1024);

/** The days of [from, until) as UTC day keys, each with the share of it the period covers. */
const daysOf = (from: Date, until: Date): { day: string; share: number }[] => {
  const days: { day: string; share: number }[] = [];
  for (let start = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()); start < until.getTime(); start += DAY_MS) {
    const covered = Math.min(until.getTime(), start + DAY_MS) - Math.max(from.getTime(), start);
    days.push({ day: new Date(start).toISOString().slice(0, 10), share: covered / DAY_MS });
  }
  return days;
};

export const costOf = (
  usage: { source: MeasuredUsage['source']; points: readonly UsagePoint[] },
  span: { from: Date; until: Date },
  prices: PriceTable,
): CostFigures => {
  const months = new Map<string, CostByService>();
  const month = (key: string) => months.get(key) ?? months.set(key, zero()).get(key)!;
  const byService = zero();
  for (const point of usage.points) {
    const [service, cost] = priced(point.measure, point.value, prices);
    byService[service] += cost;
    month(point.day.slice(0, 7))[service] += cost;
  }
  const items = FIXED_ITEMS.map(({ item, count }) => ({ item, count, price: prices.monthly[item] }));
  const monthly = items.reduce((sum, { count, price }) => sum + count * price, 0);
  const days = daysOf(span.from, span.until);
  for (const { day, share } of days) {
    const fixed = (monthly / DAYS_PER_MONTH) * share;
    byService.fixed += fixed;
    month(day.slice(0, 7)).fixed += fixed;
  }
  const totals = totalsOf(usage.points);
  return {
    source: usage.source,
    prices: { region: prices.region, asOf: prices.asOf, currency: prices.currency },
    days: days.reduce((sum, d) => sum + d.share, 0),
    usage: totals,
    gbSeconds: gbSecondsOf(totals.lambdaDurationMs),
    byService,
    fixedMonthly: { total: monthly, items },
    byMonth: [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, costs]) => ({ month: key, ...costs })),
    total: SERVICES.reduce((sum, s) => sum + byService[s], 0),
  };
};
