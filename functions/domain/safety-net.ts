import { DateTime } from 'luxon';
import {
  coordinatorAlert,
  NO_ALERTS,
  newRisks,
  relationshipAtRisk,
  type AlertLog,
  type AtRisk,
  type MeetingFacts,
  type SafetyNetThresholds,
} from './at-risk.ts';
import type { GivenAnswer, Question } from './model.ts';
import { addDays } from './program/schedule.ts';

/**
 * What the safety net decides after a check-in, over what the relationship records: which
 * reasons it is at risk for, which are noted today in its log (the coordinator's weekly digest
 * reads it), and whether the pair gets a nudge. `safety-net.ts` reads, writes the nudge and the
 * log, and nothing else.
 */

/**
 * The pair hears from the safety net at most once in this many days: one gentle note helps, a
 * stream of them nags. The coordinator reads of every reason in their weekly digest.
 */
export const NUDGE_GAP_DAYS = 28;

/** An e-mail the relationship's mail log records, as far as the safety net reads it. */
export interface SentMail {
  messageKey: string;
  kind: string;
  sentAt: string;
}

export type CheckInAnswer = Pick<Question, 'kind' | 'subject' | 'answers' | 'settledAt'>;

/** The pair's answer per meeting: the one that settled its latest date. */
export type PairAnswers = Map<number, GivenAnswer>;

/** The pair may be nudged now: no nudge went in the last `NUDGE_GAP_DAYS` days. */
export const mayNudge = (mail: readonly Pick<SentMail, 'kind' | 'sentAt'>[], now: Date): boolean => {
  const since = addDays(now, -NUDGE_GAP_DAYS);
  return !mail.some((m) => m.kind === 'at-risk-nudge' && m.sentAt !== undefined && new Date(m.sentAt) > since);
};

/** Alerts sent before each day's alert was one: each named one reason, in its message key; counted on the coordinator's calendar (`zone`). */
export const legacyAlerts = (mail: readonly SentMail[], zone: string): AlertLog['alerted'] =>
  mail
    .filter((m) => m.kind === 'at-risk-alert' && !m.messageKey.startsWith('at-risk-alert/day-'))
    .reduce<AlertLog['alerted']>((alerted, m) => {
      const [, reason, trigger] = m.messageKey.split('/');
      const day = DateTime.fromISO(m.sentAt, { zone }).toISODate()!;
      return { ...alerted, [day]: [...(alerted[day] ?? []), `${reason}/${trigger}`] };
    }, {});

/** The relationship's settled check-ins, oldest first. */
export const settledCheckIns = (saved: readonly CheckInAnswer[]): CheckInAnswer[] =>
  saved.filter((a) => a.kind === 'check-in' && a.settledAt).sort((a, b) => Date.parse(a.settledAt!) - Date.parse(b.settledAt!));

/** The pair's answer per meeting, from its settled check-ins (oldest first): a later date's answer replaces an earlier one. */
export const pairAnswers = (checkIns: readonly CheckInAnswer[]): PairAnswers =>
  new Map(checkIns.flatMap((a) => (a.subject.meetingNo && Object.values(a.answers)[0] ? [[a.subject.meetingNo, Object.values(a.answers)[0]!]] : [])));

export interface SafetyNetFacts {
  meetings: MeetingFacts[];
  /** The relationship's saved answers; the check-ins among them count. */
  saved: readonly CheckInAnswer[];
  mail: readonly SentMail[];
  /** The log kept with the relationship, if any. */
  stored?: AlertLog;
  /** When the relationship started: a silence counts from there when nobody answered yet. */
  startedAt: string;
  /** The coordinator's time zone: their day is the day of an alert. */
  zone: string;
  thresholds: SafetyNetThresholds;
}

export interface SafetyNetLook {
  /** Every reason the relationship is at risk for now. */
  risks: AtRisk[];
  /** The coordinator's day (YYYY-MM-DD): today's alert is keyed by it. */
  today: string;
  /** The reasons today's alert names, when one is due. */
  send?: AtRisk[];
  /** The reasons new since the last look: alerted now or folded into the next alert. */
  fresh: AtRisk[];
  /** The log as it stands once the alert went. */
  log: AlertLog;
  /** Whether the log differs from the one kept: only then is it written. */
  logChanged: boolean;
  /** The reason the pair is nudged about, when one is new and no nudge went lately. */
  nudge?: AtRisk;
}

/**
 * One look of the safety net at `now`: the reasons by the program's thresholds, the
 * coordinator's alert (at most one a day, naming every reason not named before; one found
 * after today's alert is folded into the next), and a nudge to the pair for the first new
 * reason, at most once in `NUDGE_GAP_DAYS`. The same facts give the same look, so a retried
 * step sends nothing twice.
 */
export const safetyNetLook = ({ meetings, saved, mail, stored, startedAt, zone, thresholds }: SafetyNetFacts, now: Date): SafetyNetLook => {
  const checkIns = settledCheckIns(saved);
  const risks = relationshipAtRisk({ meetings, lastAnsweredAt: checkIns.at(-1)?.settledAt, startedAt }, now, thresholds);
  const kept = stored ?? NO_ALERTS;
  const before: AlertLog = { alerted: { ...legacyAlerts(mail, zone), ...kept.alerted }, folded: kept.folded };
  const today = DateTime.fromJSDate(now, { zone }).toISODate()!;
  const { send, log } = coordinatorAlert(risks, before, today);
  const fresh = newRisks(risks, before);
  const first = fresh[0];
  return {
    risks,
    today,
    ...(send ? { send } : {}),
    fresh,
    log,
    logChanged: log !== before,
    ...(first && mayNudge(mail, now) ? { nudge: first } : {}),
  };
};
