import type { TFunction } from 'i18next';
import { relationshipStart } from '#domain/program/schedule';
import { riskKey, type AtRisk, type AtRiskReasonName } from '#domain/at-risk';
import { safetyNetLook } from '#domain/safety-net';
import { clock } from '#platform/clock';
import type { Letter } from '#presentation/letters/letters';
import { REASON_KEYS } from '#presentation/letters/digest-letter';
import { logger } from '#platform/logger';
import { writeToMembers, type Partner } from '#use-cases/relationship/write-to';
import type { RelationshipContext } from '#use-cases/relationship/relationship-context';
import type { RecordedQuestion } from '#use-cases/relationship/question-kind';
import type { Recorded } from '#domain/task-payloads';
import { readHistory, saveSafetyNetAlerts } from '#adapters/store';
import { publish } from '#adapters/events/port';
import { atRiskAlerted } from '#domain/events/events';

/** What the pair reads: a gentle, blame-free nudge that never says what the coordinator was told. */
const nudge = (t: TFunction, partner: Partner, risk: AtRisk): Pick<Letter, 'subject' | 'paragraphs'> => {
  const key = REASON_KEYS[risk.reason];
  return {
    subject: t(`safetyNet.nudge.${key}Subject`, { partner: partner.name }),
    paragraphs: [t(`safetyNet.nudge.${key}`, { partner: partner.name }), t(`safetyNet.nudge.${key}Tip`, { partner: partner.name })],
  };
};

/**
 * The safety net, run after each recorded check-in: judges the relationship by the program's
 * thresholds and notes each new reason with the day it was found (the relationship's alert
 * log), which the coordinator's weekly digest reads: at risk, why, since when. The pair gets a
 * nudge for a new reason, at most once in 28 days, keyed by the trigger, so re-evaluating sends
 * nothing twice. Returns the reasons' names only: it ends up in execution state.
 */
const watchOver = async (context: RelationshipContext): Promise<AtRiskReasonName[]> => {
  const { relationshipId } = context.relationship;
  const { meetings, saved, mail } = await readHistory(relationshipId);
  const look = safetyNetLook(
    {
      meetings,
      saved,
      mail,
      stored: context.relationship.safetyNetAlerts,
      startedAt: relationshipStart(context.calendar).toISOString(),
      zone: context.coordinator.timeZone,
      thresholds: context.program.safetyNet,
    },
    clock().now(),
  );
  const { risks, send, nudge: risk } = look;

  // The nudge first, then the log: a retry finds it sent and only writes the log.
  if (risk)
    await writeToMembers(
      context,
      'at-risk-nudge',
      () => riskKey(risk),
      ({ t, partner }) => nudge(t, partner, risk),
    );
  if (send) await publish(atRiskAlerted(context.relationship, send, look.today, clock().now()));
  if (look.logChanged) await saveSafetyNetAlerts(relationshipId, look.log);
  if (risks.length)
    logger.info('relationship at risk', {
      reasons: risks.map((r) => r.reason),
      noted: send?.map(riskKey) ?? [],
      folded: send ? [] : look.fresh.map(riskKey),
    });
  return risks.map((r) => r.reason);
};

/**
 * After each check-in, recorded with its answers or closed unanswered, the safety net looks at
 * the relationship as the record read it; the execution gets the reasons' names (`atRisk`)
 * beside the check-in's outcome, never who said what. Any other question passes as recorded.
 */
export const watchOverAfterCheckIn = async ({ kind, context, recorded }: RecordedQuestion): Promise<Recorded> =>
  kind === 'check-in' ? { ...recorded, atRisk: await watchOver(context) } : recorded;
