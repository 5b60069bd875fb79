import { AT_RISK_REASONS, type AtRiskReasonName } from '../at-risk.ts';
import type { Role, Undeliverable } from '../model.ts';
import { OUTCOME_WORDS, outcomeOf, type OutcomeName } from '../desk/outcome.ts';
import { mean, shareOf, tally, within, type MarkFacts, type Period, type RelationshipFacts } from './facts.ts';

/**
 * How the program looked after its relationships: the safety net's alerts to coordinators and
 * their reasons, pauses, how relationships came out (in the labels `status` and the summary
 * use), e-mails per participant and the addresses that stopped taking mail. Counts only: who
 * asked to end a relationship is not among them (`askerStaysUnsaid`), nor any name.
 */

export interface CareFigures {
  alerts: {
    /**
     * The safety net's alerts: each day it noted new reasons about a relationship for its
     * coordinator (named in their weekly digest; before the digest, each was an e-mail of its own).
     */
    sent: number;
    relationships: number;
    /** Alerts per relationship that got under way (matched). */
    perRelationship?: number;
    /** Reasons the alerts named, each once per day it was named. */
    reasons: Record<AtRiskReasonName, number>;
  };
  pauses: { started: number; relationships: number; meanDays?: number };
  outcomes: Record<OutcomeName, number>;
  followedUp: number;
  extended: number;
  paused: number;
}

export interface MailRow {
  role: Role;
  people: number;
  emails: number;
  mean?: number;
  max: number;
}

export interface DeliveryFigures {
  /** Mentors, mentees and line managers of the relationships. */
  participants: number;
  undeliverable: number;
  because: Record<Undeliverable, number>;
  share?: number;
}

const DAY_MS = 86_400_000;

/** Under way at some point: matched, whatever came after. */
const gotUnderWay = ({ relationship: r }: RelationshipFacts) => r.status !== 'matching' && r.ending !== 'not-matched';

export const careFigures = (relationships: readonly RelationshipFacts[], period: Period): CareFigures => {
  const reasons = Object.fromEntries(AT_RISK_REASONS.map((r) => [r, 0])) as Record<AtRiskReasonName, number>;
  const outcomes = Object.fromEntries(Object.keys(OUTCOME_WORDS).map((o) => [o, 0])) as Record<OutcomeName, number>;
  let sent = 0;
  let alerted = 0;
  let started = 0;
  const pausedFor: number[] = [];
  const pausedRelationships = new Set<string>();
  let followedUp = 0;
  let extended = 0;
  let paused = 0;
  for (const facts of relationships) {
    const { relationship: r } = facts;
    const days = Object.entries(r.safetyNetAlerts?.alerted ?? {}).filter(([day]) => within(`${day}T00:00:00.000Z`, period));
    sent += days.length;
    if (days.length) alerted += 1;
    for (const [, keys] of days) for (const key of keys) tally(reasons, key.split('/')[0] as AtRiskReasonName);
    for (const pause of r.pauses) {
      if (!within(pause.from, period)) continue;
      started += 1;
      pausedRelationships.add(r.relationshipId);
      if (pause.resumedAt) pausedFor.push((Date.parse(pause.resumedAt) - Date.parse(pause.from)) / DAY_MS);
    }
    const outcome = outcomeOf(facts);
    tally(outcomes, outcome.name);
    if (outcome.followedUp) followedUp += 1;
    if (outcome.extensions) extended += 1;
    if (outcome.pauses) paused += 1;
  }
  const underWay = relationships.filter(gotUnderWay).length;
  const perRelationship = shareOf(sent, underWay);
  const meanDays = mean(pausedFor);
  return {
    alerts: { sent, relationships: alerted, ...(perRelationship !== undefined ? { perRelationship } : {}), reasons },
    pauses: { started, relationships: pausedRelationships.size, ...(meanDays !== undefined ? { meanDays } : {}) },
    outcomes,
    followedUp,
    extended,
    paused,
  };
};

/**
 * Whom a logged e-mail went to: its message key ends with the reader's person id, a line
 * manager's with the mentee's after it (`write-to.ts` keys every letter so).
 */
export const readerOf = (mail: { messageKey: string; recipientRole: string }): string => {
  const parts = mail.messageKey.split('/');
  return (mail.recipientRole === 'manager' ? parts.at(-2) : parts.at(-1)) ?? '';
};

const ROLES_MAILED: Role[] = ['mentee', 'mentor', 'manager', 'coordinator'];

/** Each relationship's people by role: everyone counts, the one who got no e-mail too. */
const peopleByRole = (relationships: readonly RelationshipFacts[]): Map<Role, Set<string>> => {
  const people = new Map<Role, Set<string>>(ROLES_MAILED.map((role) => [role, new Set()]));
  for (const { relationship: r } of relationships) {
    people.get('mentor')!.add(r.mentorId);
    people.get('coordinator')!.add(r.coordinatorId);
    for (const m of r.mentees) {
      people.get('mentee')!.add(m.personId);
      people.get('manager')!.add(m.managerId);
    }
  }
  return people;
};

/** E-mails sent in the period per person, by the role they read them in. */
export const mailRows = (relationships: readonly RelationshipFacts[], period: Period): MailRow[] => {
  const people = peopleByRole(relationships);
  const received = new Map<string, number>();
  for (const { mail } of relationships)
    for (const m of mail) {
      if (!within(m.sentAt, period)) continue;
      const key = `${m.recipientRole}\u0000${readerOf(m)}`;
      received.set(key, (received.get(key) ?? 0) + 1);
    }
  return ROLES_MAILED.map((role) => {
    const counts = [...people.get(role)!].map((personId) => received.get(`${role}\u0000${personId}`) ?? 0);
    const emails = counts.reduce((a, b) => a + b, 0);
    return { role, people: counts.length, emails, ...(counts.length ? { mean: emails / counts.length } : {}), max: Math.max(0, ...counts) };
  });
};

/** Participants (mentors, mentees, line managers) whose address was marked undeliverable in the period, by why. */
export const deliveryFigures = (relationships: readonly RelationshipFacts[], marks: readonly MarkFacts[], period: Period): DeliveryFigures => {
  const roles = peopleByRole(relationships);
  const participants = new Set([...roles.get('mentor')!, ...roles.get('mentee')!, ...roles.get('manager')!]);
  const because: Record<Undeliverable, number> = { bounce: 0, complaint: 0, refused: 0 };
  for (const person of marks)
    if (participants.has(person.personId) && within(person.undeliverableSince, period)) tally(because, person.undeliverableBecause ?? 'refused');
  const undeliverable = because.bounce + because.complaint + because.refused;
  const share = shareOf(undeliverable, participants.size);
  return { participants: participants.size, undeliverable, because, ...(share !== undefined ? { share } : {}) };
};
