import type { GivenAnswer, Meeting, Question, Relationship } from '../model.ts';
import type { HeldDetails } from '../check-in-details.ts';
import { askerStaysUnsaid } from '../endings.ts';
import type { RelationshipStatus } from './relationship-status.ts';

/**
 * What `mentoring export --csv` writes for the organisation's warehouse: ids, kinds, dates,
 * outcomes and counts, never a name, an address or a free-text answer. Pure: the rows of one
 * relationship from what it records, kept to a period.
 */

/** From `from` (inclusive) to `until` (exclusive), instants as ISO strings; either end open. */
export interface Period {
  from?: string;
  until?: string;
}

const within = (at: string | undefined, { from, until }: Period): boolean => at !== undefined && (!from || at >= from) && (!until || at < until);

/** A relationship overlaps the period: enrolled before it ends, and not closed before it starts. */
export const overlaps = (relationship: Pick<Relationship, 'enrolledAt' | 'closedAt'>, { from, until }: Period): boolean =>
  (!until || relationship.enrolledAt < until) && (!from || !relationship.closedAt || relationship.closedAt >= from);

export const RELATIONSHIP_COLUMNS = [
  'relationship_id',
  'program_id',
  'mentees',
  'status',
  'health',
  'phase',
  'ending',
  'outcome',
  'followed_up',
  'start_date',
  'time_zone',
  'enrolled_at',
  'closed_at',
  'pauses',
  'extensions',
  'meetings_held',
  'meetings_not_held',
  'meetings_unanswered',
  'meetings_moved',
  'emails_sent',
] as const;
export const MEETING_COLUMNS = ['relationship_id', 'meeting_no', 'starts_at', 'status', 'times_moved', 'mode', 'rating', 'concluded_at'] as const;
export const ANSWER_COLUMNS = ['relationship_id', 'question_id', 'kind', 'meeting_no', 'review', 'role', 'answered_at', 'outcome'] as const;

type Row<C extends readonly string[]> = Record<C[number], string | number>;

export interface ExportFacts {
  relationship: Pick<
    Relationship,
    'relationshipId' | 'programId' | 'mentees' | 'status' | 'phase' | 'ending' | 'startDate' | 'timeZone' | 'enrolledAt' | 'closedAt' | 'pauses' | 'extensions'
  >;
  status: Pick<RelationshipStatus, 'health' | 'emailsSent' | 'outcome'>;
  meetings: readonly (Pick<Meeting, 'meetingNo' | 'startsAt' | 'status' | 'moves' | 'concludedAt'> & HeldDetails)[];
  saved: readonly {
    questionId: string;
    kind: Question['kind'];
    subject: Question['subject'];
    answers: Record<string, Pick<GivenAnswer, 'role' | 'answeredAt' | 'outcome'>>;
  }[];
}

export const exportRows = ({ relationship: r, status, meetings, saved }: ExportFacts, period: Period) => {
  const count = (s: Meeting['status']) => meetings.filter((m) => m.status === s).length;
  const relationshipRow: Row<typeof RELATIONSHIP_COLUMNS> = {
    relationship_id: r.relationshipId,
    program_id: r.programId,
    mentees: r.mentees.length,
    status: r.status,
    health: status.health,
    phase: r.phase,
    ending: r.ending ?? '',
    outcome: status.outcome.name,
    followed_up: status.outcome.followedUp ? 'yes' : 'no',
    start_date: r.startDate,
    time_zone: r.timeZone,
    enrolled_at: r.enrolledAt,
    closed_at: r.closedAt ?? '',
    pauses: r.pauses.length,
    extensions: r.extensions,
    meetings_held: count('held'),
    meetings_not_held: count('not-held'),
    meetings_unanswered: count('unanswered'),
    meetings_moved: meetings.reduce((n, m) => n + m.moves.length, 0),
    emails_sent: status.emailsSent,
  };
  const meetingRows = meetings
    .filter((m) => within(m.startsAt, period))
    .sort((a, b) => a.meetingNo - b.meetingNo)
    .map((m): Row<typeof MEETING_COLUMNS> => ({
      relationship_id: r.relationshipId,
      meeting_no: m.meetingNo,
      starts_at: m.startsAt,
      status: m.status,
      times_moved: m.moves.length,
      mode: m.mode ?? '',
      rating: m.rating ?? '',
      concluded_at: m.concludedAt ?? '',
    }));
  // The participants' answers: the coordinator's own choices in a digest are not answers, and an end they chose would name who asked.
  const answerRows = saved
    .filter((s) => s.kind !== 'coordinator-action')
    .flatMap((s) =>
      Object.values(s.answers).map((a): Row<typeof ANSWER_COLUMNS> => ({
        relationship_id: r.relationshipId,
        question_id: s.questionId,
        kind: s.kind,
        meeting_no: s.subject.meetingNo ?? '',
        review: (s.subject as { review?: string }).review ?? '',
        role: askerStaysUnsaid(s.kind) ? '' : a.role,
        answered_at: a.answeredAt,
        outcome: a.outcome,
      })),
    )
    .filter((a) => within(a.answered_at as string, period))
    .sort((a, b) => String(a.answered_at).localeCompare(String(b.answered_at)) || String(a.question_id).localeCompare(String(b.question_id)));
  return { relationship: relationshipRow, meetings: meetingRows, answers: answerRows };
};
