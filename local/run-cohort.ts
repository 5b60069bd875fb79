import type { Program } from '#domain/program/config';
import { mailPerPerson, type MailPerPerson } from './mail-per-person.ts';
import { relationshipStart } from '#domain/program/schedule';
import { enrolCohort, reportOnProgram, reportPage, type PairRow } from '#cli/commands';
import { getRelationshipWithPeople, listGoals, listMail, listMeetings, listRelationships, listSavedAnswers } from '#adapters/store/view';
import { memberStanding, nameWithStanding, outcomeInWords, outcomeOf } from '#domain/desk/outcome';
import { relationshipMail } from '#domain/desk/relationship-status';
import { activeMentees } from '#domain/model';
import type { SentEmail, StoredEmail } from './services/inbox.ts';
import type { BusEvent } from './services/event-bus.ts';
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from './runtime.ts';
import { startParticipants, type AnswerLog, type Policy } from './participants.ts';
import { startCoordinator, type CoordinatorAction, type CoordinatorRates } from './coordinator.ts';
import type { ExecutionSummary, HistoryEvent, LocalStepFunctionsEvent } from './stepfunctions/index.ts';
import { startBounces, type SimulatedBounce } from './mail-events.ts';

export interface PairSummary {
  relationshipId: string;
  /** The mentee's name, or a circle's mentees' names. */
  mentee: string;
  mentor: string;
  circle?: string;
  /** Mentor and mentees still in the relationship at its end. */
  members: number;
  phase: string;
  status: string;
  /** How it ended, in words (`outcomeInWords`): completed, not matched, ended early…; with pauses, extensions and the follow-up. */
  outcome: string;
  goals: number;
  reviews: number;
  meetings: { planned: number; held: number; moved: number; notHeld: number; unanswered: number };
  /** When each meeting took place or was to (a moved one at its new date), in order. */
  meetingDates: string[];
  emailsSent: number;
  /** Meetings that took place (or were due) without an invitation in the members' calendars: none, normally. */
  meetingsNotInvited: number;
  checkInsSent: number;
}

/** Kept beside the inbox, so the mail per person reads it without the run. */
export type { SentEmail };

export interface CohortRecord {
  programId: string;
  /** Program time: where the run began and where it ended. */
  programStart: string;
  programEnd: string;
  /** Wall-clock figures: the only part of a record that differs between two runs of one seed. */
  startedAt: string;
  finishedAt: string;
  wallSeconds: number;
  pairs: PairSummary[];
  emails: SentEmail[];
  executions: (ExecutionSummary & { history: HistoryEvent[] })[];
  /** Every relationship event the program published on its bus, each once, by time. */
  events: BusEvent[];
  answers: AnswerLog[];
  /** What the simulated coordinator did: pauses and early ends, by relationship. */
  coordinatorActions: CoordinatorAction[];
  /** The daily checks: how many ran (and failed), and every relationship one found stuck or erased. */
  dailyChecks: { runs: number; failed: number; stuck: string[]; erased: string[] };
  /** How many e-mails each person got: the most and the mean per participant, and each person's. */
  mailPerPerson: MailPerPerson;
  /** Addresses that bounced for good, when the run simulated any (`--bounce-rate`), and what the program did. */
  bounces?: SimulatedBounce[];
  /** What the run used of each service, as CloudWatch would count it (durations are this machine's wall time). */
  usage: ReturnType<LocalRuntime['usage']>;
  /** The program report at the run's end (`mentoring report`), when asked for, and how long it took to make. */
  report?: { html: string; seconds: number };
}

export interface CohortRunOptions {
  program: Program;
  rows: PairRow[];
  /** Program days per wall-clock second, for a person to follow along; without it the year runs as fast as it can. */
  daysPerSecond?: number;
  /** Ids, links and task tokens are drawn from it (the simulated people have seeds of their own). */
  seed?: number;
  /** Simulated participants; none for an interactive run where a person clicks. */
  policy?: Policy;
  /** A simulated coordinator who pauses and ends relationships at these rates. */
  coordinator?: { rates: CoordinatorRates; seed: number };
  /** Addresses that bounce for good, at this rate: SES's report of each goes through the same function as on AWS. */
  bounces?: { rate: number; seed: number };
  onEvent?: (event: LocalStepFunctionsEvent) => void;
  /** Called once everything runs, before waiting: for live status or a person's clicks. */
  onRunning?: (runtime: LocalRuntime) => void | Promise<void>;
  /** Called once program time stops, before the record is read: the live status shows where it stopped. */
  onStopped?: () => void;
  runtime?: Partial<LocalRuntimeOptions>;
  /** Resolves to end the run early (Ctrl-C). */
  interrupted?: Promise<void>;
  /** Looks at the record against the store before the runtime stops (a test's checks). */
  inspect?: (record: CohortRecord, runtime: LocalRuntime) => Promise<void>;
  /** Make the program report at the end, as `mentoring report` would. */
  report?: boolean;
}

export const summarisePairs = async (programId: string): Promise<PairSummary[]> =>
  Promise.all(
    (await listRelationships(programId)).map(async (relationship) => {
      const [{ mentees, mentor }, meetings, mail, goals, saved] = await Promise.all([
        getRelationshipWithPeople(relationship.relationshipId),
        listMeetings(relationship.relationshipId),
        listMail(relationship.relationshipId),
        listGoals(relationship.relationshipId),
        listSavedAnswers(relationship.relationshipId),
      ]);
      const count = (status: string) => meetings.filter((m) => m.status === status).length;
      const stillIn = new Set(activeMentees(relationship).map((m) => m.personId));
      const standingOf = new Map(relationship.mentees.map((m) => [m.personId, memberStanding(m, saved)]));
      return {
        relationshipId: relationship.relationshipId,
        mentee: mentees.map((m) => nameWithStanding(m.name, standingOf.get(m.personId) ?? 'in')).join(', '),
        mentor: mentor.name,
        ...(relationship.circle ? { circle: relationship.circle } : {}),
        members: 1 + stillIn.size,
        phase: relationship.phase,
        status: relationship.status,
        outcome: outcomeInWords(outcomeOf({ relationship, meetings, saved })),
        goals: goals.length,
        reviews: (relationship.reviewsDone ?? []).length,
        meetings: {
          planned: count('planned'),
          held: count('held'),
          moved: meetings.reduce((n, m) => n + m.moves.length, 0),
          notHeld: count('not-held'),
          unanswered: count('unanswered'),
        },
        meetingDates: meetings.map((m) => m.startsAt),
        emailsSent: relationshipMail(mail).filter((m) => m.state === 'sent').length,
        meetingsNotInvited: meetings.filter((m) => m.status !== 'cancelled' && m.invitedSequence === undefined).length,
        checkInsSent: mail.filter((m) => m.state === 'sent' && m.kind === 'check-in').length,
      };
    }),
  );

/** Every e-mail in the inbox, in the order the product sent them, with its message key instead of the inbox's random id. */
export const sentEmails = async (programId: string, inbox: StoredEmail[]): Promise<SentEmail[]> => {
  const sent = new Map<string, { sentAt: string; relationshipId: string; messageKey: string; kind: string }>();
  for (const { relationshipId } of await listRelationships(programId))
    for (const mail of await listMail(relationshipId))
      if (mail.messageId) sent.set(mail.messageId, { sentAt: mail.sentAt ?? '', relationshipId, messageKey: mail.messageKey, kind: mail.kind });
  return inbox
    .map(({ messageId, at: _at, ...email }) => ({ ...(sent.get(messageId) ?? { sentAt: '', relationshipId: '', messageKey: messageId, kind: '' }), ...email }))
    .sort((a, b) => a.sentAt.localeCompare(b.sentAt) || a.relationshipId.localeCompare(b.relationshipId) || a.messageKey.localeCompare(b.messageKey));
};

const dailyChecksOf = ({ dailyChecks }: LocalRuntime): CohortRecord['dailyChecks'] => {
  const reports = dailyChecks.flatMap((run) => ('report' in run ? [run.report] : []));
  return {
    runs: dailyChecks.length,
    failed: dailyChecks.length - reports.length,
    stuck: [...new Set(reports.flatMap((r) => r.stuck))].sort(),
    erased: [...new Set(reports.flatMap((r) => r.erased))].sort(),
  };
};

/** The program report as `mentoring report --out` writes it, timed. */
const reportAtEnd = async (programId: string): Promise<CohortRecord['report']> => {
  const started = performance.now();
  const html = await reportPage(await reportOnProgram(programId));
  return { html, seconds: (performance.now() - started) / 1000 };
};

/**
 * A cohort's whole run on the local runtime: enrol, let the lifecycle run on program time
 * (with simulated participants answering through the real pages), and record what happened.
 */
export const runCohort = async (options: CohortRunOptions): Promise<CohortRecord> => {
  const startedAt = new Date();
  const earliest = options.rows.reduce(
    (min, row) => Math.min(min, relationshipStart({ program: options.program, startDate: row.startDate, timeZone: row.timeZone }).getTime()),
    Number.POSITIVE_INFINITY,
  );
  const runtime = await startLocalRuntime({ programOrigin: new Date(earliest), seed: options.seed, onEvent: options.onEvent, ...options.runtime });
  const participants = options.policy ? startParticipants({ runtime, policy: options.policy }) : undefined;
  let coordinator: Awaited<ReturnType<typeof startCoordinator>> | undefined;
  let bounces: ReturnType<typeof startBounces> | undefined;
  try {
    await runtime.clock.track(() => enrolCohort(options.program, options.rows));
    if (options.coordinator) coordinator = await startCoordinator({ programId: options.program.id, clock: runtime.clock, ...options.coordinator });
    if (options.bounces)
      bounces = startBounces({ clock: runtime.clock, rows: options.rows, ...options.bounces, simulate: (event) => runtime.simulateMailEvent(event) });
    await options.onRunning?.(runtime);
    await runtime.run({ pace: options.daysPerSecond && options.daysPerSecond * 86_400, interrupted: options.interrupted });
    options.onStopped?.();
    coordinator?.stop();
    bounces?.stop();
    await participants?.stop();
    // What reads the record from here on is not the program's own use.
    runtime.meter.stop();
    const pairs = await summarisePairs(options.program.id);
    const emails = await sentEmails(options.program.id, runtime.inbox.mail());
    const executions = runtime.stepFunctions.listAll().map((e) => ({ ...e, history: runtime.stepFunctions.history(e.executionArn) }));
    const finishedAt = new Date();
    const record: CohortRecord = {
      programId: options.program.id,
      programStart: new Date(earliest).toISOString(),
      programEnd: runtime.clock.now().toISOString(),
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      wallSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
      pairs,
      emails,
      executions,
      events: runtime.eventBus.events(),
      answers: participants?.log ?? [],
      coordinatorActions: coordinator?.actions ?? [],
      dailyChecks: dailyChecksOf(runtime),
      mailPerPerson: await mailPerPerson(options.program.id, emails),
      ...(bounces ? { bounces: bounces.bounces } : {}),
      usage: runtime.usage(),
      ...(options.report ? { report: await reportAtEnd(options.program.id) } : {}),
    };
    await options.inspect?.(record, runtime);
    return record;
  } finally {
    coordinator?.stop();
    bounces?.stop();
    await participants?.stop();
    await runtime.stop();
  }
};
