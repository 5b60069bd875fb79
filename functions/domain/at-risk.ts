import type { HeldDetails, MeetingStatus } from './check-in-details.ts';

/**
 * The safety net's rule: when is a mentoring relationship at risk? Pure, so the thresholds
 * and edge cases are tested without a table or a clock. `safety-net.ts` acts on it.
 */

/**
 * Meetings missed in a row: `missedInARow` of them (a setting, 1 to 12) not held or unanswered.
 * Its name says "two" from when the count was fixed; it is stored (the alert keys on a
 * relationship, the message keys of alerts sent) and so stays spelt as it is, here alone.
 */
export const MISSED_IN_A_ROW = 'two-missed-in-a-row';
export const AT_RISK_REASONS = [MISSED_IN_A_ROW, 'low-rating', 'silent'] as const;
export type AtRiskReasonName = (typeof AT_RISK_REASONS)[number];

/** The program's thresholds (`safetyNet` in the program file). */
export interface SafetyNetThresholds {
  /** Meetings in a row not held or unanswered. */
  missedInARow: number;
  /** A rating of this or less; 0 never counts. */
  lowRating: number;
  /** Whole days without an answered check-in. */
  silentDays: number;
}

/** What the rule reads of a meeting: its number, date, status and rating (the meeting item has them). */
export type MeetingFacts = { meetingNo: number; startsAt: string; status: MeetingStatus } & Pick<HeldDetails, 'rating'>;

/**
 * One reason, with what triggered it. `trigger` names the triggering meeting (or the start of
 * a silence): the same trigger is the same alert, however often the rule is evaluated.
 */
export type AtRisk =
  | { reason: typeof MISSED_IN_A_ROW; trigger: string; meetings: MeetingFacts[] }
  | { reason: 'low-rating'; trigger: string; meetings: [MeetingFacts]; rating: number }
  | { reason: 'silent'; trigger: string; since: string; days: number };

const DAY_MS = 86_400_000;
const isMiss = (meeting: MeetingFacts) => meeting.status === 'not-held' || meeting.status === 'unanswered';

/**
 * The reasons a relationship is at risk now, judged on its concluded meetings: a meeting
 * still planned (moved to a new date, or not yet due) is neither a miss nor a held meeting.
 * - missed in a row: the latest concluded meetings include `missedInARow` misses with no held meeting after them;
 * - low-rating: the latest rated meeting was rated `lowRating` or less;
 * - silent: no check-in answered for `silentDays` days, counted from the last answer or else the relationship's start.
 */
export const relationshipAtRisk = (
  { meetings, lastAnsweredAt, startedAt }: { meetings: MeetingFacts[]; lastAnsweredAt?: string; startedAt: string },
  now: Date,
  thresholds: SafetyNetThresholds,
): AtRisk[] => {
  const concluded = meetings.filter((m) => m.status !== 'planned').sort((a, b) => a.meetingNo - b.meetingNo);
  const reasons: AtRisk[] = [];

  const firstOfRun = concluded.findLastIndex((m) => !isMiss(m)) + 1;
  const run = concluded.slice(firstOfRun);
  if (run.length >= thresholds.missedInARow) {
    // The meeting that made the run long enough: a longer run is still the same alert.
    reasons.push({ reason: MISSED_IN_A_ROW, trigger: `meeting-${run[thresholds.missedInARow - 1]!.meetingNo}`, meetings: run });
  }

  const rated = concluded.findLast((m) => m.status === 'held' && m.rating !== undefined);
  if (rated && rated.rating! <= thresholds.lowRating) {
    reasons.push({ reason: 'low-rating', trigger: `meeting-${rated.meetingNo}`, meetings: [rated], rating: rated.rating! });
  }

  const since = lastAnsweredAt && new Date(lastAnsweredAt) > new Date(startedAt) ? lastAnsweredAt : startedAt;
  const days = Math.floor((now.getTime() - new Date(since).getTime()) / DAY_MS);
  if (days >= thresholds.silentDays) reasons.push({ reason: 'silent', trigger: `since-${since}`, since, days });

  return reasons;
};

/** A reason's identity: the same reason and trigger is the same alert. */
export const riskKey = (risk: Pick<AtRisk, 'reason' | 'trigger'>): string => `${risk.reason}/${risk.trigger}`;

/**
 * The safety net's log of one relationship, kept with it: the day each reason was first noted,
 * which the weekly digest reads (its field names are stored, from when each day's note was an
 * alert e-mail of its own).
 */
export interface AlertLog {
  /** Per day of the coordinator's calendar (YYYY-MM-DD), the reasons first noted that day. */
  alerted: Record<string, string[]>;
  /** Reasons found later on a day already noted: the next day's note names them. */
  folded: AtRisk[];
}

export const NO_ALERTS: AlertLog = { alerted: {}, folded: [] };

/** The reasons the coordinator has not heard of yet, alerted or folded. */
export const newRisks = (risks: AtRisk[], log: AlertLog): AtRisk[] => {
  const known = new Set([...Object.values(log.alerted).flat(), ...log.folded.map(riskKey)]);
  return risks.filter((risk) => !known.has(riskKey(risk)));
};

/**
 * The log notes reasons per day of the coordinator's calendar (they look after pairs in many
 * zones). Of the reasons found now, those never noted before are new. With nothing noted yet
 * `today`, today's note names the new reasons and those folded earlier; after that, new ones are
 * folded and named on the next day noted. Returns today's note, if any, and the log after it.
 */
export const coordinatorAlert = (risks: AtRisk[], log: AlertLog, today: string): { send?: AtRisk[]; log: AlertLog } => {
  const fresh = newRisks(risks, log);
  if (log.alerted[today]) return { log: fresh.length ? { ...log, folded: [...log.folded, ...fresh] } : log };
  const send = [...log.folded, ...fresh];
  if (!send.length) return { log };
  return { send, log: { alerted: { ...log.alerted, [today]: send.map(riskKey) }, folded: [] } };
};
