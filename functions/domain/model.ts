import type { AlertLog } from './at-risk.ts';
import type { Phase } from './lifecycle/phases.ts';
import type { HeldDetails, MeetingMode, MeetingStatus } from './check-in-details.ts';

export const ROLES = ['mentor', 'mentee', 'manager', 'coordinator'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Why nothing more is sent to an address: the recipient's mail server returned a message for
 * good (`bounce`), or the person marked one as spam (`complaint`), as SES's events report.
 * `refused` was set by earlier builds when SES refused a send, which says nothing about the
 * reader; only read, never written, and cleared by `mentoring deliverable`.
 */
export type Undeliverable = 'refused' | 'bounce' | 'complaint';

export interface Person {
  personId: string;
  programId: string;
  name: string;
  email: string;
  timeZone: string;
  locale: string;
  /** Since when this address is known unreachable (ISO instant): nothing more is sent to it. */
  undeliverableSince?: string;
  /** Why, as first known; none (from before it was kept) means `refused`. */
  undeliverableBecause?: Undeliverable;
  /** When their coordinators were told of every relationship a bounce or complaint stalls: nobody is told twice. */
  undeliverableReportedAt?: string;
  /** Set once the person's name and address were erased (forgotten, or past the program's retention); nobody writes to them. */
  erasedAt?: string;
}

/**
 * Where a relationship stands. `matching` until both accept; `paused` on leave or illness;
 * `closed` once it ended, however it ended (see `ending`).
 */
export type RelationshipStatus = 'matching' | 'active' | 'paused' | 'closed';

/** How a relationship ended. */
export type Ending = 'completed' | 'not-matched' | 'ended-early';

/** A mentee in a relationship: a pair has one, a circle several. Each has their own line manager and goals. */
export interface Mentee {
  personId: string;
  managerId: string;
  competencies: string[];
  /** `left` after declining the match or a no-fault exit from a circle that goes on without them. */
  status: 'active' | 'left';
}

export interface Pause {
  pauseNo: number;
  from: string;
  /** The planned return, if the coordinator gave one. */
  plannedUntil?: string;
  resumedAt?: string;
  /** Whole days the rest of the schedule moved. */
  shiftDays?: number;
}

/** A run of a phase: the execution a relationship started, enough to name it again. */
export interface PhaseRun {
  phase: Phase;
  name: string;
}

export interface Relationship {
  relationshipId: string;
  programId: string;
  mentorId: string;
  coordinatorId: string;
  mentees: Mentee[];
  /** A circle's name; a pair has none. */
  circle?: string;
  /** Every competency the relationship works on. */
  competencies: string[];
  startDate: string;
  timeZone: string;
  /** The main line of phases; the agreement and pauses run beside it. */
  phase: Phase;
  status: RelationshipStatus;
  ending?: Ending;
  enrolledAt: string;
  closedAt?: string;
  /** Days the schedule moved for pauses, in total. */
  shiftDays: number;
  pauses: Pause[];
  /** Extensions the coordinator approved. */
  extensions: number;
  /** Set when someone asked to end the relationship early; who asked stays with the request. */
  endRequestedAt?: string;
  /** The way the end was asked for: a role's private link, the mid-point review, or the coordinator. */
  endRequestedBy?: Role | 'review';
  /** Reviews done (`month-3`…), so a restarted phase does not ask again. */
  reviewsDone?: string[];
  /** When the line manager endorsed the goals: the agreement needs no restart after a pause. */
  agreementDoneAt?: string;
  /** How and how often they said they would meet, once the working agreement is recorded. */
  workingAgreement?: WorkingAgreement;
  /** Each lane's current execution, to stop it for a pause or an early end. */
  mainRun?: PhaseRun;
  agreementRun?: PhaseRun;
  pauseRun?: PhaseRun;
  conclusionRun?: PhaseRun;
  /** After the follow-up: nothing more will be added to the record. */
  recordCompletedAt?: string;
  /** When its personal data was erased; ids, dates, outcomes and counts stay. */
  personalDataErasedAt?: string;
  /** The relationship that ended (without blame, or not matched) before this one, for its mentee: a rematch. */
  rematchOf?: string;
  /** The relationships that took up its mentees after it ended: each mentee's rematch. */
  rematchedAs?: { menteeId: string; relationshipId: string }[];
  /** Each mentor's and mentee's private link to end the relationship, by person: opened with the proposed match. */
  endLinks?: Record<string, string>;
  /** The safety net's alerts to the coordinator: which reasons each day's named, and those folded into the next. */
  safetyNetAlerts?: AlertLog;
}

export interface WorkingAgreement {
  /** Every way to meet that someone named, in the check-in page's order. */
  modes: MeetingMode[];
  frequency?: 'weekly' | 'every-two-weeks' | 'monthly';
  /** The first meeting the frequency spaces: the one planned after the agreement was recorded. */
  fromMeetingNo?: number;
  acknowledgedBy: string[];
  at: string;
}

export const activeMentees = (relationship: Pick<Relationship, 'mentees'>): Mentee[] => relationship.mentees.filter((m) => m.status === 'active');

/** What a pair says happened; `unanswered` is what the workflow records when nobody says. */
export const MEETING_OUTCOMES = ['held', 'moved', 'not-held'] as const;
export type MeetingOutcome = (typeof MEETING_OUTCOMES)[number];
/** `cancelled`: taken out of the calendars because the relationship ended before it. */
export type { MeetingStatus };

export interface Meeting {
  relationshipId: string;
  meetingNo: number;
  /** Bumped each time the meeting moves, so each date gets its own check-in. */
  occurrence: number;
  startsAt: string;
  status: MeetingStatus;
  moves: { from: string; to: string }[];
  concludedAt?: string;
  /** The calendar invitation's SEQUENCE: it grows with every change (a move, a pause, a cancellation). */
  sequence?: number;
  /** The SEQUENCE its members' calendars have: the invitation needs sending while it is behind `sequence`. */
  invitedSequence?: number;
}

/** A meeting item with what a held meeting's check-in added to it. */
export type RecordedMeeting = Meeting & HeldDetails;

/** The invitation's SEQUENCE; meetings planned before invitations had one count their moves. */
export const sequenceOf = (meeting: Pick<Meeting, 'sequence' | 'occurrence'>): number => meeting.sequence ?? meeting.occurrence - 1;

/** Whether every member's calendar has this meeting as it now stands. */
export const isInvited = (meeting: Pick<Meeting, 'sequence' | 'occurrence' | 'invitedSequence'>): boolean =>
  meeting.invitedSequence !== undefined && meeting.invitedSequence >= sequenceOf(meeting);

/** A mentee's development goal, tied to one of the program's competencies, with where they start and where they aim. */
export interface Goal {
  relationshipId: string;
  menteeId: string;
  goalNo: number;
  competency: string;
  description: string;
  baseline: number;
  target: number;
  /** Ratings per review (`month-3`, `final`): what the mentee and the mentor each said. */
  ratings: Record<string, { mentee?: number; mentor?: number }>;
  confirmedAt?: string;
  endorsedAt?: string;
}

export const QUESTION_KIND_NAMES = [
  'match',
  'working-agreement',
  'goals',
  'goal-confirmation',
  'goal-endorsement',
  'check-in',
  'review',
  'look-back',
  'extension',
  'follow-up',
  'pause',
  'end-relationship',
  'coordinator-action',
] as const;
export type QuestionKindName = (typeof QUESTION_KIND_NAMES)[number];
/**
 * Questions no execution waits on: each member's private link to end the relationship, and the
 * action links of a coordinator's weekly digest. An answer sets a run going instead.
 */
export const STANDING_KIND_NAMES = ['end-relationship', 'coordinator-action'] as const;
export type StandingKindName = (typeof STANDING_KIND_NAMES)[number];
export type AskedKindName = Exclude<QuestionKindName, StandingKindName>;
export const isStanding = (kind: QuestionKindName): kind is StandingKindName => (STANDING_KIND_NAMES as readonly string[]).includes(kind);
/** The kinds a state machine asks and waits for. */
export const ASKED_KIND_NAMES = QUESTION_KIND_NAMES.filter((k) => !isStanding(k)) as [AskedKindName, ...AskedKindName[]];
export type QuestionState = 'open' | 'answered' | 'closed';

/** One person's answer: an outcome for the workflow, and details that never leave the tables. */
export interface GivenAnswer {
  role: Role;
  answeredAt: string;
  outcome: string;
  details: Record<string, string | number | boolean | null>;
}

/** Which meeting, review, round or pause a question is about: numbers and short keys only. */
export interface QuestionSubject {
  meetingNo?: number;
  occurrence?: number;
  round?: number;
  review?: string;
  pauseNo?: number;
  personId?: string;
}

export interface Question {
  questionId: string;
  relationshipId: string;
  kind: QuestionKindName;
  subject: QuestionSubject;
  /** Empty for a standing question no execution waits on (ending a relationship). */
  taskToken: string;
  state: QuestionState;
  /** One link per person asked. */
  links: Record<string, string>;
  /** By person id; a question settles on the first answer or once everyone answered, by its kind. */
  answers: Record<string, GivenAnswer>;
  /** The settled outcome handed to the waiting execution. */
  outcome?: string;
  settledAt?: string;
  closesAt: string;
  timeZone: string;
  /** What the answer page shows and checks, so it needs no other table. */
  page: Record<string, string>;
  /** The question whose e-mail carried this one before it was due: its own first e-mail is then not sent. */
  carriedBy?: string;
}

export interface ResponseLink {
  linkId: string;
  questionId: string;
  personId: string;
  role: Role;
  locale: string;
  /** The reader's own zone, for the times a page shows and takes; links made before it was kept have none. */
  timeZone?: string;
  expiresAt: string;
}
