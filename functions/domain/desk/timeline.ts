import type { AlertLog } from '../at-risk.ts';
import type { GivenAnswer, Meeting, Pause, Question, Relationship } from '../model.ts';
import type { HeldDetails } from '../check-in-details.ts';
import { askerStaysUnsaid } from '../endings.ts';
import { relationshipMail, type MembersByName } from './relationship-status.ts';

/**
 * A relationship's story in order, as `mentoring timeline` tells it: pure, over what the
 * relationship records and the runs Step Functions lists. Ids, dates, kinds and outcomes only;
 * who asked to end a relationship is not told, as nobody else is told.
 */
export type TimelineEvent =
  | { at: string; event: 'enrolled' }
  | { at: string; event: 'run'; phase: string; machine: string; status: string; stoppedAt?: string; executionArn: string }
  | { at: string; event: 'e-mail'; kind: string; to: string }
  | { at: string; event: 'answer'; kind: Question['kind']; subject: Question['subject']; by?: string; outcome: string }
  | { at: string; event: 'meeting'; meetingNo: number; status: Meeting['status']; movedFrom?: string; mode?: string; rating?: number }
  | { at: string; event: 'alert'; reasons: string[] }
  | { at: string; event: 'paused'; pauseNo: number; plannedUntil?: string }
  | { at: string; event: 'resumed'; pauseNo: number }
  | { at: string; event: 'end requested' }
  | { at: string; event: 'closed'; ending?: Relationship['ending'] };

export interface TimelineFacts {
  relationship: Pick<Relationship, 'relationshipId' | 'enrolledAt' | 'pauses' | 'endRequestedAt' | 'closedAt' | 'ending' | 'safetyNetAlerts'>;
  meetings: readonly (Pick<Meeting, 'meetingNo' | 'startsAt' | 'status' | 'moves'> & HeldDetails)[];
  saved: readonly { kind: Question['kind']; subject: Question['subject']; answers: Record<string, Pick<GivenAnswer, 'role' | 'answeredAt' | 'outcome'>> }[];
  mail: readonly { kind: string; recipientRole: string; sentAt: string }[];
  runs: readonly { machine: string; name: string; status: string; startedAt: string; stoppedAt?: string; executionArn: string }[];
}

const pauseEvents = (pauses: readonly Pause[]): TimelineEvent[] =>
  pauses.flatMap((p) => [
    { at: p.from, event: 'paused' as const, pauseNo: p.pauseNo, ...(p.plannedUntil ? { plannedUntil: p.plannedUntil } : {}) },
    ...(p.resumedAt ? [{ at: p.resumedAt, event: 'resumed' as const, pauseNo: p.pauseNo }] : []),
  ]);

/** Every event of the relationship, oldest first; events at the same instant keep the order above. */
export const relationshipTimeline = ({ relationship, meetings, saved, mail, runs }: TimelineFacts): TimelineEvent[] => {
  const prefix = `${relationship.relationshipId}-`;
  const events: TimelineEvent[] = [
    { at: relationship.enrolledAt, event: 'enrolled' },
    ...runs.map((r) => ({
      at: r.startedAt,
      event: 'run' as const,
      phase: r.name.startsWith(prefix) ? r.name.slice(prefix.length) : r.name,
      machine: r.machine,
      status: r.status,
      ...(r.stoppedAt ? { stoppedAt: r.stoppedAt } : {}),
      executionArn: r.executionArn,
    })),
    ...relationshipMail(mail).map((m) => ({ at: m.sentAt, event: 'e-mail' as const, kind: m.kind, to: m.recipientRole })),
    ...saved.flatMap((s) =>
      Object.values(s.answers).map((a) => ({
        at: a.answeredAt,
        event: 'answer' as const,
        kind: s.kind,
        subject: s.subject,
        ...(askerStaysUnsaid(s.kind) ? {} : { by: a.role }),
        outcome: a.outcome,
      })),
    ),
    ...meetings.map((m) => ({
      at: m.startsAt,
      event: 'meeting' as const,
      meetingNo: m.meetingNo,
      status: m.status,
      ...(m.moves.length ? { movedFrom: m.moves[0]!.from } : {}),
      ...(m.mode ? { mode: m.mode } : {}),
      ...(m.rating ? { rating: m.rating } : {}),
    })),
    ...alertEvents(relationship.safetyNetAlerts),
    ...pauseEvents(relationship.pauses),
    ...(relationship.endRequestedAt ? [{ at: relationship.endRequestedAt, event: 'end requested' as const }] : []),
    ...(relationship.closedAt
      ? [{ at: relationship.closedAt, event: 'closed' as const, ...(relationship.ending ? { ending: relationship.ending } : {}) }]
      : []),
  ];
  return events
    .map((e, i) => [e, i] as const)
    .sort(([a, i], [b, j]) => a.at.localeCompare(b.at) || i - j)
    .map(([e]) => e);
};

/** The safety net's notes, per day of the coordinator's calendar, for their weekly digest: the reasons each named (`missed/meeting-4` → `missed`). */
const alertEvents = (log: AlertLog | undefined): TimelineEvent[] =>
  Object.entries(log?.alerted ?? {}).map(([day, keys]) => ({ at: day, event: 'alert' as const, reasons: [...new Set(keys.map((k) => k.split('/')[0]!))] }));

/** A relationship's story as `mentoring timeline` gives it: its people by name, then its events. */
export interface Story extends MembersByName {
  relationshipId: string;
  programId: string;
  circle?: string;
  phase: string;
  status: string;
  events: TimelineEvent[];
}
