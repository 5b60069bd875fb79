import type { AtRisk } from '../at-risk.ts';
import { MISSED_IN_A_ROW } from '../at-risk.ts';
import type { Endorsement, MatchDecision } from '../agreement.ts';
import type { CheckInOutcome } from '../lifecycle/check-ins.ts';
import type { Ending, Meeting, Pause, Person, Relationship } from '../model.ts';
import { EVENT_SOURCE, type EventDetail, type EventKind, type EventOf, type RelationshipEvent } from './schemas.ts';

/**
 * Each relationship event, made from what the step that publishes it knows: pure, so each is
 * tested with worked examples. The id comes from the relationship, the kind and what the event
 * is about (a meeting's number and occurrence, a review, a pause), never from the time: a
 * retried step publishes the same event again, and consumers keep it once.
 */

type Of = Pick<Relationship, 'relationshipId' | 'programId'>;
type Own<K extends EventKind> = Omit<EventDetail<K>, 'eventId' | 'version' | 'programId' | 'relationshipId' | 'at'>;

const event = <K extends EventKind>(kind: K, r: Of, about: readonly (string | number)[], at: Date, own: Own<K>): EventOf<K> => ({
  source: EVENT_SOURCE,
  'detail-type': kind,
  detail: {
    eventId: [r.relationshipId, kind, ...about].join('/'),
    version: 1,
    programId: r.programId,
    relationshipId: r.relationshipId,
    at: at.toISOString(),
    ...own,
  } as EventDetail<K>,
});

/** The match went ahead (a circle's mentees who did not accept left it), or did not: never who declined. */
export const matchDecided = (r: Of, { decision, stayed, left }: { decision: MatchDecision; stayed: number; left: number }, at: Date): RelationshipEvent =>
  decision === 'accepted'
    ? event('MatchAccepted', r, [], at, { mentees: stayed, menteesLeft: left })
    : event('MatchDeclined', r, [], at, { outcome: decision === 'declined' ? 'declined' : 'unanswered' });

/** The line managers answered (or not) and the mentoring agreement is done: the goals proposed, and mentees by what their manager did. */
export const agreementConfirmed = (
  r: Of,
  proposed: readonly { goals: readonly unknown[] }[],
  endorsements: readonly Pick<Endorsement, 'outcome'>[],
  at: Date,
): RelationshipEvent => {
  const mentees = (outcome: Endorsement['outcome']) => endorsements.filter((e) => e.outcome === outcome).length;
  return event('AgreementConfirmed', r, [], at, {
    goals: proposed.reduce((n, m) => n + m.goals.length, 0),
    menteesEndorsed: mentees('endorse'),
    menteesToDiscuss: mentees('discuss'),
    menteesUnanswered: mentees('none'),
  });
};

type MeetingFacts = Pick<Meeting, 'meetingNo' | 'occurrence' | 'startsAt'>;
const meetingOf = ({ meetingNo, occurrence, startsAt }: MeetingFacts) => ({ meetingNo, occurrence, startsAt });

/** The meetings phase took this meeting (a new one, or a date after a move or a pause) as its next. */
export const meetingPlanned = (r: Of, meeting: MeetingFacts, at: Date): RelationshipEvent =>
  event('MeetingPlanned', r, [`${meeting.meetingNo}.${meeting.occurrence}`], at, meetingOf(meeting));

/** How a meeting's check-in was recorded: held (with how they met and its rating, if given), moved, not held or unanswered. */
export const checkInRecorded = (r: Of, meeting: MeetingFacts, decided: CheckInOutcome, at: Date): RelationshipEvent => {
  const about = [`${meeting.meetingNo}.${meeting.occurrence}`];
  const facts = meetingOf(meeting);
  if (decided.outcome === 'held') return event('MeetingHeld', r, about, at, { ...facts, ...decided.held });
  if (decided.outcome === 'moved') return event('MeetingMoved', r, about, at, { ...facts, movedTo: decided.movedTo });
  return event(decided.outcome === 'not-held' ? 'MeetingNotHeld' : 'CheckInUnanswered', r, about, at, facts);
};

/** A goal review (`month-<n>`) or the look back at the end (`final`, `final-<n>`) was recorded. */
export const reviewDone = (r: Of, review: string, { final, ratings }: { final: boolean; ratings: number }, at: Date): RelationshipEvent =>
  event('ReviewDone', r, [review], at, { review, final, ratings });

/** The safety net's new reasons of the day (`day`, on the coordinator's calendar), which their weekly digest names: the reasons and the meetings. */
export const atRiskAlerted = (r: Of, risks: readonly AtRisk[], day: string, at: Date): RelationshipEvent =>
  event('AtRiskAlerted', r, [day], at, {
    reasons: [...new Set(risks.map((risk) => (risk.reason === MISSED_IN_A_ROW ? 'missed-in-a-row' : risk.reason)))],
    meetingNos: [...new Set(risks.flatMap((risk) => ('meetings' in risk ? risk.meetings.map((m) => m.meetingNo) : [])))].sort((a, b) => a - b),
  });

export const relationshipPaused = (r: Of, pause: Pick<Pause, 'pauseNo' | 'plannedUntil'>, at: Date): RelationshipEvent =>
  event('RelationshipPaused', r, [pause.pauseNo], at, { pauseNo: pause.pauseNo, ...(pause.plannedUntil ? { plannedUntil: pause.plannedUntil } : {}) });

export const relationshipResumed = (r: Of, pauseNo: number, shiftDays: number, at: Date): RelationshipEvent =>
  event('RelationshipResumed', r, [pauseNo], at, { pauseNo, shiftDays });

export const extensionDecided = (r: Of, round: number, approved: boolean, at: Date): RelationshipEvent =>
  event('ExtensionDecided', r, [round], at, { round, approved });

/** The relationship ended, however it ended: one per relationship. */
export const relationshipClosed = (r: Of & Pick<Relationship, 'pauses' | 'extensions'>, ending: Ending, at: Date): RelationshipEvent =>
  event('RelationshipClosed', r, [], at, { ending, pauses: r.pauses.length, extensions: r.extensions ?? 0 });

export const followedUp = (r: Of, counts: { held: number; partly: number; slipped: number }, at: Date): RelationshipEvent =>
  event('FollowedUp', r, [], at, counts);

/** SES reported the person's address as bouncing for good, or its reader complained, about a message of this relationship; a later mark (after `mentoring deliverable`) is a new event. */
export const personUndeliverable = (r: Of, person: Pick<Person, 'personId' | 'undeliverableBecause' | 'undeliverableSince'>, at: Date): RelationshipEvent =>
  event('PersonUndeliverable', r, [person.personId, person.undeliverableSince ?? ''], at, {
    personId: person.personId,
    because: person.undeliverableBecause === 'complaint' ? 'complaint' : 'bounce',
  });
