/**
 * AWS's public on-demand list prices for one region, as published on the date below, before
 * any free tier or discount. The report states them; a later price change is a new table with
 * its own date, never an edit of this one's figures.
 */
export const PRICES = {
  region: 'us-east-1',
  asOf: '2025-06-01',
  currency: 'USD',
  /** On-demand capacity: per request unit (a strongly consistent 4 KB read, a 1 KB write). */
  dynamoDb: { perMillionReadUnits: 0.125, perMillionWriteUnits: 0.625 },
  /** arm64, which every function runs on. */
  lambda: { perMillionRequests: 0.2, perGbSecond: 0.0000133334 },
  /** Standard workflows: per state transition. */
  stepFunctions: { perThousandTransitions: 0.025 },
  ses: { perThousandEmails: 0.1 },
  /** The answer pages: a REST API request, and the firewall's inspection of it. */
  api: { perMillionRequests: 3.5, firewallPerMillionRequests: 0.6 },
  logs: { perGbIngested: 0.5 },
  /** By the month, whatever the program does. */
  monthly: { webAcl: 5, webAclRule: 1, kmsKey: 1, secret: 0.4, alarm: 0.1, dashboard: 3 },
} as const;

export type PriceTable = typeof PRICES;
