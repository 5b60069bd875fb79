import { DateTime } from 'luxon';
import { relationshipAtRisk, riskKey, type AtRisk, type AtRiskReasonName, type MeetingFacts, type SafetyNetThresholds } from '../at-risk.ts';
import { goalsReached, meetingsHeld, satisfactionOf, wouldMentor } from '../closure.ts';
import { settledCheckIns, type CheckInAnswer } from '../safety-net.ts';
import type { Goal, GivenAnswer, Person, Question, Relationship, Undeliverable } from '../model.ts';
import { relationshipEnd, relationshipStart, reviewDue, type RelationshipCalendar } from '../program/schedule.ts';
import { WEEKDAYS, type Weekday } from '../program/settings.ts';
import { subjectKey } from '../lifecycle/asking.ts';
import { outcomeOf, type Outcome } from './outcome.ts';
import { waitingQuestions } from './relationship-status.ts';

/**
 * The coordinator's weekly digest: once a week, at the start of their working week in their own
 * zone, one e-mail listing what needs them, instead of an alert per event. Pure: when a week's
 * digest is due, and what it says about each relationship, from what the relationship records.
 */

/** The digest goes at this hour of the coordinator's first working day. */
export const DIGEST_HOUR = 8;
/** The schedule runs every hour: a digest is due in the hour after its week starts, and then only. */
const DUE_FOR_MS = 3_600_000;
const WEEK_DAYS = 7;

/** The first day of a working week: a working day after one that is not; Monday when every day is one. */
export const weekStartDay = (workingDays: readonly Weekday[]): Weekday =>
  WEEKDAYS.find((day, i) => workingDays.includes(day) && !workingDays.includes(WEEKDAYS[(i + 6) % 7]!)) ?? 'mon';

/** The latest start of a digest week at or before `now`, in the coordinator's zone. */
export const weekStartBefore = (now: Date, zone: string, workingDays: readonly Weekday[]): DateTime => {
  const local = DateTime.fromJSDate(now, { zone });
  const weekday = WEEKDAYS.indexOf(weekStartDay(workingDays)) + 1;
  let start = local.minus({ days: (local.weekday - weekday + 7) % 7 }).set({ hour: DIGEST_HOUR, minute: 0, second: 0, millisecond: 0 });
  if (start > local) start = start.minus({ weeks: 1 });
  return start;
};

/** The week whose digest is due at `now`: its start, and the key that sends it once. None outside the hour after a week starts. */
export const digestDue = (now: Date, zone: string, workingDays: readonly Weekday[]): { week: string; startsAt: Date; since: Date } | undefined => {
  const start = weekStartBefore(now, zone, workingDays);
  if (now.getTime() - start.toMillis() >= DUE_FOR_MS) return undefined;
  return { week: `week-${start.toISODate()}`, startsAt: start.toJSDate(), since: start.minus({ weeks: 1 }).toJSDate() };
};

/** The next instant a digest of this coordinator is due, after `now`. */
export const nextDigestAt = (now: Date, zone: string, workingDays: readonly Weekday[]): Date =>
  weekStartBefore(now, zone, workingDays).plus({ weeks: 1 }).toJSDate();

/** Something the coordinator should know about one relationship this week. */
export type DigestItem =
  /** At risk by the safety net's rule: each reason, and the day it was first found. */
  | { item: 'at-risk'; risks: (AtRisk & { notedOn?: string })[] }
  /** Reasons the safety net noted since the last digest that no longer hold: the coordinator still hears of them. */
  | { item: 'recovered'; reasons: AtRiskReasonName[] }
  /** A question whose reminder went, still unanswered: who, what, since when it was asked. */
  | { item: 'unanswered'; kind: Question['kind']; subject: Question['subject']; waitingFor: string[]; askedAt: string; closesAt: string }
  | { item: 'pause-ends'; at: string }
  | { item: 'review-due'; review: string; at: string }
  | { item: 'closure-due'; at: string }
  /** A member SES can no longer reach (a bounce or their complaint), since the last digest. */
  | { item: 'undeliverable'; personId: string; because: Undeliverable; since: string }
  /** Ended or closed since the last digest, with what it came to. */
  | {
      item: 'ended';
      at: string;
      outcome: Outcome;
      meetingsHeld: number;
      goals: number;
      goalsReached: number;
      satisfaction?: { average: number; answers: number };
      wouldMentor: string[];
    };

export interface DigestFacts {
  relationship: Pick<
    Relationship,
    'relationshipId' | 'status' | 'ending' | 'pauses' | 'extensions' | 'closedAt' | 'mentees' | 'reviewsDone' | 'safetyNetAlerts'
  >;
  calendar: RelationshipCalendar;
  meetings: readonly MeetingFacts[];
  saved: readonly (CheckInAnswer & { answers: Record<string, GivenAnswer> })[];
  goals: readonly Pick<Goal, 'ratings' | 'target'>[];
  mail: readonly { kind: string; messageKey: string; sentAt?: string }[];
  open: readonly Pick<Question, 'questionId' | 'kind' | 'subject' | 'closesAt' | 'links' | 'answers'>[];
  /** The relationship's members and managers, as far as SES can reach them. */
  people: readonly Pick<Person, 'personId' | 'undeliverableSince' | 'undeliverableBecause'>[];
  thresholds: SafetyNetThresholds;
}

/** The week a digest covers: from the last digest's start (`since`) to this one's (`now`), and the week ahead. */
export interface DigestWeek {
  since: Date;
  now: Date;
}

const within = (iso: string | undefined, from: Date, to: Date) => iso !== undefined && iso >= from.toISOString() && iso < to.toISOString();

/**
 * The day the safety net first noted a reason, by its log (a day of the coordinator's calendar,
 * given as its midday in UTC, which is that day in every zone within twelve hours); none when
 * it was found here first.
 */
const firstNoted = (risk: AtRisk, log: DigestFacts['relationship']['safetyNetAlerts']): string | undefined => {
  const day = Object.entries(log?.alerted ?? {})
    .filter(([, keys]) => keys.includes(riskKey(risk)))
    .map(([d]) => d)
    .sort()[0];
  return day && `${day}T12:00:00.000Z`;
};

/** The reasons the safety net noted on a day from `since`'s to before `now`'s (its log keeps days), and those folded since. */
const notedBetween = (log: DigestFacts['relationship']['safetyNetAlerts'], since: Date, now: Date): string[] => [
  ...Object.entries(log?.alerted ?? {})
    .filter(([day]) => day >= since.toISOString().slice(0, 10) && day < now.toISOString().slice(0, 10))
    .flatMap(([, keys]) => keys),
  ...(log?.folded ?? []).map(riskKey),
];

/** A question's e-mail of `kind` to `personId` about its subject, as the relationship's mail log has it. */
const mailAbout = (mail: DigestFacts['mail'], kind: string, subject: Question['subject'], personId: string) =>
  mail.filter((m) => m.kind === kind && m.messageKey.startsWith(`${kind}/${subjectKey(subject)}/${personId}`));

/** What the digest says about one relationship for the week; empty when nothing needs the coordinator. */
export const digestItems = (facts: DigestFacts, { since, now }: DigestWeek): DigestItem[] => {
  const { relationship: r, calendar } = facts;
  const weekAhead = new Date(now.getTime() + WEEK_DAYS * 86_400_000);
  const items: DigestItem[] = [];

  if (r.status === 'active') {
    const checkIns = settledCheckIns(facts.saved);
    const risks = relationshipAtRisk(
      { meetings: [...facts.meetings], lastAnsweredAt: checkIns.at(-1)?.settledAt, startedAt: relationshipStart(calendar).toISOString() },
      now,
      facts.thresholds,
    );
    if (risks.length)
      items.push({
        item: 'at-risk',
        risks: risks.map((risk) => {
          const notedOn = firstNoted(risk, r.safetyNetAlerts);
          return notedOn ? { ...risk, notedOn } : risk;
        }),
      });
  }
  const current = new Set(items.flatMap((i) => (i.item === 'at-risk' ? i.risks.map(riskKey) : [])));
  // A relationship that ended meanwhile is told as ended instead.
  const gone = r.status === 'closed' ? [] : notedBetween(r.safetyNetAlerts, since, now).filter((key) => !current.has(key));
  const reasons = [...new Set(gone.map((key) => key.split('/')[0] as AtRiskReasonName))];
  if (reasons.length) items.push({ item: 'recovered', reasons });

  for (const q of waitingQuestions(facts.open)) {
    const reminded = q.waitingFor.filter((personId) => mailAbout(facts.mail, `${q.kind}-reminder`, q.subject, personId).length > 0);
    if (!reminded.length) continue;
    const asked = reminded.flatMap((personId) => mailAbout(facts.mail, q.kind, q.subject, personId).map((m) => m.sentAt ?? ''));
    items.push({ item: 'unanswered', kind: q.kind, subject: q.subject, waitingFor: reminded, askedAt: asked.sort()[0] ?? '', closesAt: q.closesAt });
  }

  if (r.status === 'paused') {
    const until = r.pauses.findLast((p) => !p.resumedAt)?.plannedUntil;
    if (until && within(until, now, weekAhead)) items.push({ item: 'pause-ends', at: until });
  }
  if (r.status === 'active') {
    for (const month of calendar.program.reviewMonths) {
      const at = reviewDue(calendar, month).toISOString();
      if (!r.reviewsDone?.includes(`month-${month}`) && within(at, now, weekAhead)) items.push({ item: 'review-due', review: `month-${month}`, at });
    }
    const end = relationshipEnd(calendar).toISOString();
    if (within(end, now, weekAhead)) items.push({ item: 'closure-due', at: end });
  }

  for (const person of facts.people)
    if (person.undeliverableSince && within(person.undeliverableSince, since, now))
      items.push({ item: 'undeliverable', personId: person.personId, because: person.undeliverableBecause ?? 'refused', since: person.undeliverableSince });

  const satisfaction = satisfactionOf([...facts.saved]);
  if (r.status === 'closed' && within(r.closedAt, since, now))
    items.push({
      item: 'ended',
      at: r.closedAt!,
      outcome: outcomeOf({ relationship: r, meetings: facts.meetings, saved: facts.saved }),
      meetingsHeld: meetingsHeld([...facts.meetings]),
      goals: facts.goals.length,
      goalsReached: goalsReached([...facts.goals]),
      ...(satisfaction ? { satisfaction } : {}),
      wouldMentor: wouldMentor(r.mentees, [...facts.saved]).map((m) => m.personId),
    });
  return items;
};

/** Whether a relationship's record is read for this week's digest: open, or closed since the last one. */
export const concernsTheWeek = (r: Pick<Relationship, 'status' | 'closedAt'>, { since }: Pick<DigestWeek, 'since'>): boolean =>
  r.status !== 'closed' || (r.closedAt !== undefined && r.closedAt >= since.toISOString());

/** A rematch request, as far as the digest reads it. */
export interface RematchFacts {
  menteeId: string;
  relationshipId: string;
  reason: string;
  openedAt: string;
}

/** Rematch requests new since the last digest, and how many older ones are still open. */
export const rematchesOfTheWeek = (requests: readonly RematchFacts[], { since, now }: DigestWeek) => ({
  fresh: requests.filter((r) => within(r.openedAt, since, now)).sort((a, b) => a.openedAt.localeCompare(b.openedAt)),
  stillOpen: requests.filter((r) => r.openedAt < since.toISOString()).length,
});

/**
 * A proposed rematch waits on the coordinator's approval: a reason to write for this many weeks
 * after its request opened; after that it is listed only in a digest that goes anyway.
 */
export const REMATCH_NEWS_WEEKS = 4;

export const rematchProposalIsNews = (openedAt: string, now: Date): boolean =>
  now.getTime() - Date.parse(openedAt) < REMATCH_NEWS_WEEKS * WEEK_DAYS * 86_400_000;

/** A digest has something to say when a relationship has an item or a rematch request is new; older open requests alone are no reason to write. */
export const hasSomethingToSay = (entries: readonly { items: DigestItem[] }[], fresh: readonly RematchFacts[]): boolean =>
  fresh.length > 0 || entries.some((e) => e.items.length > 0);
