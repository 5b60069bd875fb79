import type { Program } from '#workflows/program/config';
import { relationshipStart } from '#workflows/program/schedule';
import type { PairRow } from '#core/enrolment/read-enrolment';
import { enrolCohort } from '#core/enrolment/enrol';
import { getRelationshipWithPeople, listMail, listMeetings, listRelationships } from '#core/store';
import { readInbox, type StoredEmail } from './services/inbox.ts';
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from './runtime.ts';
import { startParticipants, type AnswerLog, type Policy } from './participants.ts';
import type { ExecutionSummary, HistoryEvent, LocalStepFunctionsEvent } from './stepfunctions/index.ts';

export interface PairSummary {
  relationshipId: string;
  mentee: string;
  mentor: string;
  phase: string;
  status: string;
  meetings: { planned: number; held: number; moved: number; notHeld: number; unanswered: number };
  emailsSent: number;
  /** Per person: mentor and mentee each get one for every meeting date. */
  remindersSent: number;
  checkInsSent: number;
}

export interface CohortRecord {
  programId: string;
  startedAt: string;
  finishedAt: string;
  wallSeconds: number;
  pairs: PairSummary[];
  emails: StoredEmail[];
  executions: (ExecutionSummary & { history: HistoryEvent[] })[];
  answers: AnswerLog[];
}

export interface CohortRunOptions {
  program: Program;
  rows: PairRow[];
  daysPerSecond: number;
  /** Simulated participants; none for an interactive run where a person clicks. */
  policy?: Policy;
  onEvent?: (event: LocalStepFunctionsEvent) => void;
  /** Called once everything runs, before waiting: for live status or a person's clicks. */
  onRunning?: (runtime: LocalRuntime) => void | Promise<void>;
  runtime?: Partial<LocalRuntimeOptions>;
  /** Resolves to end the run early (Ctrl-C). */
  interrupted?: Promise<void>;
}

export const summarisePairs = async (programId: string): Promise<PairSummary[]> =>
  Promise.all(
    (await listRelationships(programId)).map(async (relationship) => {
      const [{ mentee, mentor }, meetings, mail] = await Promise.all([
        getRelationshipWithPeople(relationship.relationshipId),
        listMeetings(relationship.relationshipId),
        listMail(relationship.relationshipId),
      ]);
      const count = (status: string) => meetings.filter((m) => m.status === status).length;
      return {
        relationshipId: relationship.relationshipId,
        mentee: mentee.name,
        mentor: mentor.name,
        phase: relationship.phase,
        status: relationship.status,
        meetings: {
          planned: count('planned'),
          held: count('held'),
          moved: meetings.reduce((n, m) => n + m.moves.length, 0),
          notHeld: count('not-held'),
          unanswered: count('unanswered'),
        },
        emailsSent: mail.filter((m) => m.state === 'sent').length,
        remindersSent: mail.filter((m) => m.state === 'sent' && m.kind === 'meeting-reminder').length,
        checkInsSent: mail.filter((m) => m.state === 'sent' && m.kind === 'check-in').length,
      };
    }),
  );

/**
 * A cohort's whole run on the local runtime: enrol, let the lifecycle run (with simulated
 * participants answering through the real pages), and record what happened.
 */
export const runCohort = async (options: CohortRunOptions): Promise<CohortRecord> => {
  const startedAt = new Date();
  const earliest = options.rows.reduce(
    (min, row) => Math.min(min, relationshipStart({ program: options.program, startDate: row.startDate, timeZone: row.timeZone }).getTime()),
    Number.POSITIVE_INFINITY,
  );
  const runtime = await startLocalRuntime({
    programOrigin: new Date(earliest),
    daysPerSecond: options.daysPerSecond,
    onEvent: options.onEvent,
    ...options.runtime,
  });
  const participants = options.policy
    ? startParticipants({ inboxEndpoint: runtime.inbox.endpoint, clock: runtime.clock, policy: options.policy })
    : undefined;
  try {
    await enrolCohort(options.program, options.rows);
    await options.onRunning?.(runtime);
    await Promise.race([runtime.stepFunctions.whenIdle(), options.interrupted ?? new Promise(() => {})]);
    await participants?.stop();
    const pairs = await summarisePairs(options.program.id);
    const emails = await readInbox(runtime.inbox.endpoint);
    const executions = runtime.stepFunctions.listAll().map((e) => ({ ...e, history: runtime.stepFunctions.history(e.executionArn) }));
    const finishedAt = new Date();
    return {
      programId: options.program.id,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      wallSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
      pairs,
      emails,
      executions,
      answers: participants?.log ?? [],
    };
  } finally {
    await participants?.stop();
    await runtime.stop();
  }
};
