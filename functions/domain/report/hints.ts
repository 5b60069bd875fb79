import type { Program, Span } from '../program/config.ts';
import type { SafetyNetThresholds } from '../at-risk.ts';
import type { CareFigures, DeliveryFigures } from './care.ts';
import type { MeetingFigures } from './meetings.ts';
import type { QuestionRow, ReportedKind } from './questions.ts';
import type { SurveyFigures } from './survey.ts';

/**
 * Calibration hints (the guide's step 5: after a pilot, calibrate the process): each a pure rule
 * over the program's figures, given only when there are enough of them to say so, and always
 * with the figure that triggered it. A hint suggests; the coordinator decides.
 */
export type Hint =
  | { rule: 'rhythm-not-held'; step: string; every: Span; after?: Span; missed: number; planned: number; share: number; suggest?: Span }
  | { rule: 'low-response'; kind: ReportedKind; answered: number; asked: number; share: number; windowDays: number }
  | { rule: 'slow-check-ins'; p90Hours: number; count: number; windowDays: number }
  | { rule: 'moved-meetings'; moved: number; planned: number; share: number }
  | { rule: 'low-ratings'; mean: number; count: number }
  | { rule: 'low-satisfaction'; mean: number; count: number }
  | { rule: 'many-alerts'; perRelationship: number; sent: number; thresholds: SafetyNetThresholds }
  | { rule: 'bounces'; share: number; undeliverable: number; participants: number }
  | { rule: 'ended-early'; share: number; endedEarly: number; relationships: number };

/** What the rules read: a cohort's figures, or the whole program's. */
export interface HintFigures {
  meetings: MeetingFigures;
  questions: QuestionRow[];
  survey: SurveyFigures;
  care: CareFigures;
  delivery: DeliveryFigures;
  /** Relationships that got under way (matched). */
  underWay: number;
}

/** Fewer than these and a share says more about chance than about the program. */
export const ENOUGH = { meetings: 10, questions: 5, ratings: 10, surveys: 5, relationships: 5, participants: 10 } as const;

/** Where each rule speaks up. */
export const THRESHOLDS = {
  /** Meetings of a cadence step not held or unanswered. */
  missedShare: 0.25,
  answeredShare: 0.6,
  /** The slowest tenth of check-in answers came this close to the answer window's end. */
  slowShareOfWindow: 0.8,
  movedShare: 0.2,
  /** A mean rating (1 to 5) at or below this. */
  lowMean: 3,
  alertsPerRelationship: 1,
  /** SES reviews an account from 5 % bounces: speak up well before. */
  bounceShare: 0.02,
  endedEarlyShare: 0.25,
} as const;

/** Roughly how many days a span lasts, to tell a longer rhythm from a shorter one. */
const daysOf = ({ days = 0, weeks = 0, months = 0 }: Span): number => days + weeks * 7 + months * 30;

export const calibrationHints = (all: HintFigures, program: Pick<Program, 'meetings' | 'answers' | 'safetyNet'>): Hint[] => {
  const hints: Hint[] = [];
  const { meetings, questions, survey, care, delivery } = all;
  for (const row of meetings.byRhythm) {
    // The pairs chose their own rhythm after the close start: no step of the program's to change.
    if (row.agreed) continue;
    const missed = row.notHeld + row.unanswered;
    if (row.planned < ENOUGH.meetings || missed / row.planned < THRESHOLDS.missedShare) continue;
    // The first later step that meets less often, as the rhythm to try from where this one starts.
    const suggest = program.meetings.cadence.find((step) => daysOf(step.every) > daysOf(row.every))?.every;
    hints.push({
      rule: 'rhythm-not-held',
      step: row.key,
      every: row.every,
      ...(row.after ? { after: row.after } : {}),
      missed,
      planned: row.planned,
      share: missed / row.planned,
      ...(suggest ? { suggest } : {}),
    });
  }
  for (const row of questions)
    if (row.asked >= ENOUGH.questions && row.answeredShare !== undefined && row.answeredShare < THRESHOLDS.answeredShare)
      hints.push({
        rule: 'low-response',
        kind: row.kind,
        answered: row.answered,
        asked: row.asked,
        share: row.answeredShare,
        windowDays: program.answers.windowDays,
      });
  const { p90, count } = meetings.checkIns.hoursToAnswer;
  if (count >= ENOUGH.meetings && p90 !== undefined && p90 >= THRESHOLDS.slowShareOfWindow * program.answers.windowDays * 24)
    hints.push({ rule: 'slow-check-ins', p90Hours: p90, count, windowDays: program.answers.windowDays });
  const { total } = meetings;
  if (total.planned >= ENOUGH.meetings && total.moved / total.planned >= THRESHOLDS.movedShare)
    hints.push({ rule: 'moved-meetings', moved: total.moved, planned: total.planned, share: total.moved / total.planned });
  if (meetings.ratings.count >= ENOUGH.ratings && meetings.ratings.mean !== undefined && meetings.ratings.mean <= THRESHOLDS.lowMean)
    hints.push({ rule: 'low-ratings', mean: meetings.ratings.mean, count: meetings.ratings.count });
  const levels = survey.lookBack.flatMap((v) => Object.entries(v.satisfaction.byLevel).flatMap(([level, n]) => Array<number>(n).fill(Number(level))));
  if (levels.length >= ENOUGH.surveys) {
    const mean = levels.reduce((a, b) => a + b, 0) / levels.length;
    if (mean <= THRESHOLDS.lowMean) hints.push({ rule: 'low-satisfaction', mean, count: levels.length });
  }
  if (all.underWay >= ENOUGH.relationships && (care.alerts.perRelationship ?? 0) >= THRESHOLDS.alertsPerRelationship)
    hints.push({ rule: 'many-alerts', perRelationship: care.alerts.perRelationship!, sent: care.alerts.sent, thresholds: program.safetyNet });
  if (delivery.participants >= ENOUGH.participants && (delivery.share ?? 0) >= THRESHOLDS.bounceShare)
    hints.push({ rule: 'bounces', share: delivery.share!, undeliverable: delivery.undeliverable, participants: delivery.participants });
  const endedEarly = care.outcomes['ended-early'];
  if (all.underWay >= ENOUGH.relationships && endedEarly / all.underWay >= THRESHOLDS.endedEarlyShare)
    hints.push({ rule: 'ended-early', share: endedEarly / all.underWay, endedEarly, relationships: all.underWay });
  return hints;
};
