import type { Phase } from '#workflows/lifecycle';

export const ROLES = ['mentor', 'mentee', 'manager', 'coordinator'] as const;
export type Role = (typeof ROLES)[number];

export interface Person {
  personId: string;
  programId: string;
  name: string;
  email: string;
  timeZone: string;
  locale: string;
}

export type RelationshipStatus = 'active' | 'closed';

export interface Relationship {
  relationshipId: string;
  programId: string;
  mentorId: string;
  menteeId: string;
  managerId: string;
  coordinatorId: string;
  competencies: string[];
  startDate: string;
  timeZone: string;
  phase: Phase;
  status: RelationshipStatus;
  enrolledAt: string;
  closedAt?: string;
}

/** What a pair says happened; `unanswered` is what the workflow records when nobody says. */
export const MEETING_OUTCOMES = ['held', 'moved', 'not-held'] as const;
export type MeetingOutcome = (typeof MEETING_OUTCOMES)[number];
export type MeetingStatus = 'planned' | 'held' | 'not-held' | 'unanswered';

export interface Meeting {
  relationshipId: string;
  meetingNo: number;
  /** Bumped each time the meeting moves, so each date gets its own reminder and check-in. */
  occurrence: number;
  startsAt: string;
  status: MeetingStatus;
  moves: { from: string; to: string }[];
  concludedAt?: string;
}

export type QuestionKindName = 'check-in';
export type QuestionState = 'open' | 'answered' | 'closed';

/** One person's answer: an outcome for the workflow, and details that never leave the tables. */
export interface GivenAnswer {
  role: Role;
  answeredAt: string;
  outcome: string;
  details: Record<string, string | number | boolean | null>;
}

export interface Question {
  questionId: string;
  relationshipId: string;
  kind: QuestionKindName;
  /** Which meeting, review or goal the question is about: numbers only. */
  subject: { meetingNo?: number; occurrence?: number };
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
}

export interface ResponseLink {
  linkId: string;
  questionId: string;
  personId: string;
  role: Role;
  locale: string;
  expiresAt: string;
}
