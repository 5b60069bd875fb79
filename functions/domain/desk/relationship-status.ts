import { DateTime } from 'luxon';
import { relationshipAtRisk, type AtRiskReasonName, type MeetingFacts, type SafetyNetThresholds } from '../at-risk.ts';
import { STANDING_KIND_NAMES, type GivenAnswer, type Meeting, type Person, type Question, type Relationship } from '../model.ts';
import { relationshipEnd, relationshipStart, type RelationshipCalendar } from '../program/schedule.ts';
import { subjectKey } from '../lifecycle/asking.ts';
import { memberStanding, outcomeOf, type MemberStanding, type Outcome, type OutcomeFacts } from './outcome.ts';

/**
 * How a relationship stands, as its coordinator reads it at their desk: pure, over what the
 * relationship records, so `mentoring status`, the digest and the report all judge it alike.
 */

/** A digest's kind in the mail log: it is kept in the log of the coordinator's first relationship, but is about none. */
export const DIGEST = 'digest';

/** A relationship's own e-mails: its mail log without the coordinator's digests kept in it. */
export const relationshipMail = <M extends { kind: string }>(mail: readonly M[]): M[] => mail.filter((m) => m.kind !== DIGEST);

/** One word for where a relationship is: still being matched, meeting as planned, at risk, paused or ended. */
export type Health = 'matching' | 'on-track' | 'at-risk' | 'paused' | 'ended';

/** A question still open, and who it still waits on. */
export interface Waiting {
  questionId: string;
  kind: Question['kind'];
  subject: Question['subject'];
  closesAt: string;
  /** Person ids asked who have not answered yet. */
  waitingFor: string[];
}

/** The next thing due: a meeting, the planned return from a pause, or the closure. */
export type NextDue = { what: 'meeting'; meetingNo: number; at: string } | { what: 'return'; at: string } | { what: 'closure'; at: string };

export interface RelationshipStatus {
  health: Health;
  /** What happened so far, in the labels the summary and the report use. */
  outcome: Outcome;
  /** Why it is at risk, by the safety net's rule; empty otherwise. */
  atRisk: AtRiskReasonName[];
  next?: NextDue;
  /** The latest answer anyone gave, of any kind. */
  lastAnswer?: { kind: Question['kind']; at: string };
  /** E-mails the relationship's log records as sent, to anyone. */
  emailsSent: number;
  waiting: Waiting[];
}

export interface StatusFacts {
  relationship: Pick<Relationship, 'status' | 'pauses' | 'ending' | 'extensions'>;
  calendar: RelationshipCalendar;
  meetings: readonly (MeetingFacts & Pick<Meeting, 'startsAt'>)[];
  saved: readonly { kind: Question['kind']; answers: Record<string, Pick<GivenAnswer, 'answeredAt' | 'outcome'>>; settledAt?: string }[];
  mail: readonly { kind: string }[];
  /** The relationship's open questions. */
  open: readonly Pick<Question, 'questionId' | 'kind' | 'subject' | 'closesAt' | 'links' | 'answers'>[];
  thresholds: SafetyNetThresholds;
}

/** Open questions that wait on nobody: the standing ones (links to end, the digest's actions), and the coordinator's "resume now" of a pause. */
const STANDING: readonly Question['kind'][] = [...STANDING_KIND_NAMES, 'pause'];

/** The open questions still waiting on someone, soonest to close first; the standing ones wait on nobody. */
export const waitingQuestions = (open: StatusFacts['open']): Waiting[] =>
  open
    .filter((q) => !STANDING.includes(q.kind))
    .map((q) => ({
      questionId: q.questionId,
      kind: q.kind,
      subject: q.subject,
      closesAt: q.closesAt,
      waitingFor: Object.keys(q.links).filter((personId) => !q.answers[personId]),
    }))
    .filter((q) => q.waitingFor.length > 0)
    .sort((a, b) => a.closesAt.localeCompare(b.closesAt));

/**
 * The coordinator may send a question's e-mail again at most once a day, on their own calendar:
 * the day is part of the send's key, so a second resend that day finds it sent.
 */
export const resendKey = (subject: Question['subject'], now: Date, coordinatorZone: string): string =>
  `${subjectKey(subject)}/day-${DateTime.fromJSDate(now, { zone: coordinatorZone }).toISODate()}`;

const latest = <T extends { at: string }>(items: T[]): T | undefined => items.reduce<T | undefined>((a, b) => (!a || b.at > a.at ? b : a), undefined);

/** Where the relationship stands at `now`. */
export const relationshipStatus = ({ relationship, calendar, meetings, saved, mail, open, thresholds }: StatusFacts, now: Date): RelationshipStatus => {
  const answers = saved.flatMap((s) => Object.values(s.answers).map((a) => ({ kind: s.kind, at: a.answeredAt })));
  const lastAnswer = latest(answers);
  const checkIns = answers.filter((a) => a.kind === 'check-in');
  const risks =
    relationship.status === 'active'
      ? relationshipAtRisk(
          { meetings: [...meetings], lastAnsweredAt: latest(checkIns)?.at, startedAt: relationshipStart(calendar).toISOString() },
          now,
          thresholds,
        )
      : [];
  const health: Health =
    relationship.status === 'closed'
      ? 'ended'
      : relationship.status === 'paused'
        ? 'paused'
        : relationship.status === 'matching'
          ? 'matching'
          : risks.length
            ? 'at-risk'
            : 'on-track';
  const waiting = waitingQuestions(open);
  return {
    health,
    outcome: outcomeOf({ relationship, meetings, saved }),
    atRisk: risks.map((r) => r.reason),
    next: nextDue(relationship, calendar, meetings, now),
    lastAnswer,
    emailsSent: relationshipMail(mail).length,
    waiting,
  };
};

const nextDue = (
  relationship: StatusFacts['relationship'],
  calendar: RelationshipCalendar,
  meetings: StatusFacts['meetings'],
  now: Date,
): NextDue | undefined => {
  if (relationship.status === 'closed') return undefined;
  if (relationship.status === 'paused') {
    const until = relationship.pauses.findLast((p) => !p.resumedAt)?.plannedUntil;
    return until ? { what: 'return', at: until } : undefined;
  }
  const meeting = meetings.filter((m) => m.status === 'planned' && new Date(m.startsAt) >= now).sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
  if (meeting) return { what: 'meeting', meetingNo: meeting.meetingNo, at: meeting.startsAt };
  return relationship.status === 'active' ? { what: 'closure', at: relationshipEnd(calendar).toISOString() } : undefined;
};

/** A person as the coordinator knows them. */
export interface Named {
  personId: string;
  name: string;
  email: string;
}

/** A relationship's people as the coordinator knows them; each mentee with whether they are still in it, and if not, why. */
export interface MembersByName {
  mentor: Named;
  mentees: (Named & { standing: MemberStanding })[];
  coordinator: Named;
}

/** A person by id as the coordinator knows them, from the people read; an id read of nobody has no name. */
export const namedFrom =
  (personOf: (personId: string) => Pick<Person, 'name' | 'email'> | undefined) =>
  (personId: string): Named => ({ personId, name: personOf(personId)?.name ?? '', email: personOf(personId)?.email ?? '' });

export const membersByName = (
  relationship: Pick<Relationship, 'mentorId' | 'mentees' | 'coordinatorId'>,
  named: (personId: string) => Named,
  saved: OutcomeFacts['saved'],
): MembersByName => ({
  mentor: named(relationship.mentorId),
  mentees: relationship.mentees.map((m) => ({ ...named(m.personId), standing: memberStanding(m, saved) })),
  coordinator: named(relationship.coordinatorId),
});

/** One relationship as `mentoring status` lists it: its people by name, and where it stands. */
export interface StatusRow extends Omit<RelationshipStatus, 'waiting'>, MembersByName {
  relationshipId: string;
  circle?: string;
  phase: string;
  waiting: (Omit<Waiting, 'waitingFor'> & { waitingFor: Named[] })[];
}

export interface ProgramStatus {
  programId: string;
  at: string;
  relationships: StatusRow[];
  /** Relationships in the program, before the filters. */
  total: number;
}

/** The coordinator's filters: at risk, waiting on an answer, or only one coordinator's relationships. */
export interface StatusFilter {
  atRisk?: boolean;
  unanswered?: boolean;
}

export const matchesFilter = (status: RelationshipStatus, { atRisk, unanswered }: StatusFilter): boolean =>
  (!atRisk || status.health === 'at-risk') && (!unanswered || status.waiting.length > 0);
