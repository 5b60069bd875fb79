import { clock } from '#platform/clock';
import { setting, stateMachineArns } from '#platform/environment';
import { overlaps, type Period } from '#domain/desk/export-rows';
import { programReport, reportSpan, type ProgramReport } from '#domain/report/program-report';
import { PRICES } from '#domain/report/prices';
import { prefixOf, usageMetrics } from '#domain/report/usage';
import { getProgram, listPeople, listRelationships, MENTORING_TABLE, readHistory } from '#adapters/store';
import { measuredUsage } from '#adapters/usage/port';
import { calendarOf } from '#use-cases/relationship/relationship-context';
import { mapFew } from './status.ts';
import { programIdOf } from './lookup.ts';

/**
 * The program report for a period (`programReport`): each relationship that overlaps it read
 * once, the undeliverable marks of the program's people, and what the deployment used from
 * CloudWatch (or the local runtime's meter, which answers as CloudWatch does). Figures only.
 */
export const reportOnProgram = async (asked: string | undefined, period: Period = {}): Promise<ProgramReport> => {
  const programId = await programIdOf(asked);
  const now = clock().now();
  const [program, relationships, people] = await Promise.all([getProgram(programId), listRelationships(programId), listPeople(programId)]);
  const chosen = relationships.filter((r) => overlaps(r, period));
  const histories = await mapFew(chosen, (r) => readHistory(r.relationshipId));
  const span = reportSpan(chosen, period, now);
  const metrics = usageMetrics({
    prefix: prefixOf(stateMachineArns().Matching),
    tables: [setting('MENTORING_TABLE'), setting('RESPONSES_TABLE')],
    // Locally DynamoDB Local reports an index's units with its table's; on AWS CloudWatch keeps them apart.
    indexes: [{ table: setting('MENTORING_TABLE'), index: MENTORING_TABLE.byOwnerIndex.name }],
    ...(setting('ANSWER_ACCESS_LOG_GROUP') ? { accessLogGroup: setting('ANSWER_ACCESS_LOG_GROUP') } : {}),
  });
  const usage = await measuredUsage(metrics, { from: new Date(span.from), until: new Date(span.until) });
  return programReport({
    program,
    relationships: chosen.map((relationship, i) => ({ relationship, calendar: calendarOf(relationship, program), ...histories[i]! })),
    // The mark alone: never a name or an address.
    marks: people
      .filter((p) => p.undeliverableSince)
      .map(({ personId, undeliverableSince, undeliverableBecause }) => ({
        personId,
        undeliverableSince,
        ...(undeliverableBecause ? { undeliverableBecause } : {}),
      })),
    usage,
    period,
    now,
    prices: PRICES,
  });
};
