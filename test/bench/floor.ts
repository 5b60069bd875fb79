import { setImmediate as nextTurn } from 'node:timers/promises';
import { executionName } from '#domain/lifecycle/execution-names';
import { meetingsWindow } from '#domain/lifecycle/meetings-windows';
import { nextPhase, STATE_MACHINES, stateMachineOf, type MeetingsPhase, type Phase } from '#domain/lifecycle/phases';
import { localFunctionArn, localStateMachineArn, renderLocalDefinitions } from '#workflows/render';
import { WORKFLOW_HANDLERS, type WorkflowHandler } from '#workflows/handlers';
import {
  addHours,
  addMonths,
  DAY_SECONDS,
  firstMeeting,
  meetingSlot,
  type RelationshipCalendar,
  relationshipEnd,
  reviewDue,
  wholeSeconds,
} from '#domain/program/schedule';
import type { Program } from '#domain/program/config';
import { PHASE_INPUT_VERSION } from '#domain/task-payloads';
import { reviewKey } from '#use-cases/reviews/review';
import { startProgressLine } from '#local/live-status';
import { VirtualClock } from '#local/virtual-clock';
import { LocalStepFunctions } from '#local/stepfunctions/index';
import { DAY_MS, executionFigures, loadCohort, mib, ownPeakRssBytes, round, type BenchOptions, type ExecutionFigures } from './measure.ts';

/** Program time between a question and its answer: everyone answers, soon, and well inside every window. */
const ANSWER_AFTER_MS = 3_600_000;

/** What each question's record step returns when everyone answered yes: the main path through every Choice. */
const RECORDED: Record<string, Record<string, unknown>> = {
  match: { decision: 'accepted', stayed: 1 },
  'working-agreement': { agreed: true, answered: 2 },
  'goal-endorsement': { endorsed: 1, discuss: 0 },
  'check-in': { outcome: 'held', atRisk: [] },
  review: { rated: 1, endRequested: false },
  'look-back': { rated: 1, extensionAsked: false },
  extension: { approved: false },
  'follow-up': { held: 1, partly: 0, slipped: 0 },
};

/** The in-memory store: per relationship, its calendar, the meeting planned or last held, and the reviews done. */
interface FloorRelationship {
  calendar: RelationshipCalendar;
  meeting?: { meetingNo: number; startsAt: Date; held: boolean };
  reviewsDone: Set<string>;
}

type Task = { relationshipId: string; phase?: Phase; kind?: string; taskToken?: string; round?: number; review?: string };

/**
 * Handlers that do no work: no DynamoDB, no e-mail. They keep what the definitions need in a
 * Map and return just enough for each execution to take the main path of a year in which
 * everyone answers an hour after being asked, with the same plans (answer windows, meeting
 * schedule, reviews) the real handlers compute from the program.
 */
const floorHandlers = (program: Program, relationships: Map<string, FloorRelationship>, stepFunctions: () => LocalStepFunctions, clock: VirtualClock) => {
  const { windowDays, reminderWindowDays, escalationWindowDays } = program.answers;
  const windows = {
    answer: wholeSeconds(windowDays * DAY_SECONDS),
    reminder: wholeSeconds(reminderWindowDays * DAY_SECONDS),
    escalation: wholeSeconds(escalationWindowDays * DAY_SECONDS),
  };
  const relationship = (id: string) => relationships.get(id) ?? raise(`unknown relationship ${id}`);

  // As functions/use-cases/meetings/meetings.ts: a question settles by half-way to the next meeting's reminder, a day at least.
  const answerWindows = (askedAt: Date, nextAt: Date | undefined) => {
    const room = nextAt ? (addHours(nextAt, -program.meetings.reminderHoursBefore).getTime() - askedAt.getTime()) / 1000 / 2 : Infinity;
    const fit = (days: number) => wholeSeconds(Math.max(DAY_SECONDS, Math.min(days * DAY_SECONDS, room)));
    return { answerWindowSeconds: fit(windowDays), reminderWindowSeconds: fit(reminderWindowDays) };
  };

  const startPhase = (relationshipId: string, phase: Phase) =>
    stepFunctions().startExecution(
      localStateMachineArn(stateMachineOf(phase)),
      executionName(relationshipId, phase),
      JSON.stringify({ v: PHASE_INPUT_VERSION, relationshipId, phase }),
    );

  let answers = 0;
  const handlers: Record<WorkflowHandler, (task: Task) => unknown> = {
    planPhase: ({ relationshipId, phase }) => {
      const { calendar } = relationship(relationshipId);
      switch (stateMachineOf(phase!)) {
        case 'Agreement':
          return {
            windows,
            waitUntil: addHours(firstMeeting(calendar), program.meetings.durationMinutes / 60 + program.meetings.checkInHoursAfter).toISOString(),
          };
        case 'Closure':
          return { windows, waitUntil: relationshipEnd(calendar).toISOString(), review: 'final', round: 1 };
        case 'FollowUp':
          return { windows, waitUntil: addMonths(relationshipEnd(calendar), program.followUp.afterMonths, calendar.timeZone).toISOString() };
        default:
          return { windows };
      }
    },

    // The meeting planned, or the next slot of the rhythm; a review due before it goes first. Each is in
    // the calendars already: the introduction or the check-in before it carried its invitation.
    planNextStep: ({ relationshipId, phase }) => {
      const r = relationship(relationshipId);
      const window = meetingsWindow(r.calendar, phase as MeetingsPhase);
      if (!r.meeting || r.meeting.held) {
        const at = r.meeting ? meetingSlot(r.calendar, r.meeting.meetingNo + 1) : firstMeeting(r.calendar);
        if (at && at < window.until) r.meeting = { meetingNo: (r.meeting?.meetingNo ?? 0) + 1, startsAt: at, held: false };
      }
      const meeting = r.meeting && !r.meeting.held ? r.meeting : undefined;
      const review = phase!.startsWith('meetings-')
        ? program.reviewMonths
            .map((month) => ({ review: reviewKey(month), dueAt: reviewDue(r.calendar, month) }))
            .find(({ review, dueAt }) => !r.reviewsDone.has(review) && dueAt >= window.from && dueAt < window.until)
        : undefined;
      if (review && (!meeting || review.dueAt <= meeting.startsAt)) {
        return { next: 'review', review: review.review, dueAt: review.dueAt.toISOString(), ...answerWindows(review.dueAt, meeting?.startsAt) };
      }
      if (!meeting) return { next: 'end' };
      const checkInAt = addHours(meeting.startsAt, program.meetings.durationMinutes / 60 + program.meetings.checkInHoursAfter);
      const following = meetingSlot(r.calendar, meeting.meetingNo + 1);
      return {
        next: 'meeting',
        meetingNo: meeting.meetingNo,
        occurrence: 1,
        invited: true,
        checkInAt: checkInAt.toISOString(),
        ...answerWindows(checkInAt, following && following < window.until ? following : undefined),
      };
    },

    // Everyone answers an hour later: an event on the program clock, as a person's click is.
    askParticipants: ({ taskToken, kind }) => {
      clock.at(
        clock.nowEpochMs() + ANSWER_AFTER_MS,
        () =>
          void clock.track(async () => {
            try {
              stepFunctions().sendTaskSuccess(taskToken!, JSON.stringify({ outcome: kind }));
              answers++;
            } catch {
              // The execution stopped waiting meanwhile; a real answer would be turned away the same way.
            }
            // The engine goes on in later turns of the event loop: time stands still until it has.
            await nextTurn();
          }),
        `answer ${taskToken}`,
      );
      return { sent: 0 };
    },

    recordAnswer: ({ relationshipId, kind, round: asked, review }) => {
      const r = relationship(relationshipId);
      if (kind === 'check-in' && r.meeting) r.meeting.held = true;
      if (kind === 'review' && review) r.reviewsDone.add(review);
      if (kind === 'goals') return { proposed: 1, round: asked ?? 1 };
      if (kind === 'goal-confirmation') return { decision: 'confirmed', nextRound: (asked ?? 1) + 1 };
      return RECORDED[kind!] ?? {};
    },

    // As functions/use-cases/phases/start-next-phase.ts: the next phase of the main line, and the agreement beside the first meetings.
    startNextPhase: ({ relationshipId, phase }) => {
      const next = nextPhase(phase!, { lengthMonths: program.relationship.lengthMonths, extensions: 0, endRequested: false });
      if (next) startPhase(relationshipId, next);
      if (phase === 'matching' && next === 'meetings-1') startPhase(relationshipId, 'agreement');
      return { next: next ?? null };
    },

    sendMeetingInvitation: () => ({ sent: 0 }),
    sendLetters: () => ({ sent: 0 }),
    closeRelationship: () => ({}),
    endWithoutBlame: () => ({}),
    planPause: () => raise('the floor year has no pauses'),
    resumeRelationship: () => ({}),
    actForCoordinator: () => raise('the floor year has no coordinator actions'),
  };
  return {
    byArn: Object.fromEntries(
      (Object.keys(WORKFLOW_HANDLERS) as WorkflowHandler[]).map((key) => [localFunctionArn(key), async (event: unknown) => handlers[key](event as Task)]),
    ),
    startPhase,
    answers: () => answers,
  };
};

const raise = (message: string): never => {
  throw new Error(message);
};

export interface FloorFigures extends ExecutionFigures {
  relationships: number;
  wallSeconds: number;
  /** Wall time before the year began: rendering the definitions and starting the facade. */
  startupSeconds: number;
  cpuSeconds: { node: number };
  peakMemoryMiB: { node: number | null };
  relationshipYearsPerMinute: number;
  programDays: number;
  answers: number;
}

/**
 * The engine floor: the same cohort size and the same rendered definitions on the same facade
 * and virtual clock, with no-op handlers over an in-memory store. What is left is the engine,
 * its histories and the clock; the real year's excess over it is the product's own work
 * (DynamoDB, e-mail, answer pages, simulated people).
 */
export const measureFloorYear = async ({ relationships: count, seed }: BenchOptions): Promise<FloorFigures> => {
  const cohort = await loadCohort(count);
  const relationships = new Map(
    cohort.groups.map((group, i): [string, FloorRelationship] => [
      `rel-${(i + 1).toString(16).padStart(6, '0')}`,
      { calendar: { program: cohort.program, startDate: group[0]!.startDate, timeZone: group[0]!.timeZone }, reviewsDone: new Set() },
    ]),
  );
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  const clock = new VirtualClock(cohort.from);
  // Handlers start the next phase through the facade they run in.
  const handlers = floorHandlers(cohort.program, relationships, () => stepFunctions, clock);
  const definitions = renderLocalDefinitions();
  const stepFunctions: LocalStepFunctions = await LocalStepFunctions.start({
    stateMachines: STATE_MACHINES.map((kind) => ({ arn: localStateMachineArn(kind), name: `mentoring-${kind}`, definition: definitions[kind] })),
    handlers: handlers.byArn,
    clock,
    seed,
  });
  const startupSeconds = (performance.now() - startedAt) / 1000;
  const progress = startProgressLine({
    label: 'floor',
    clock,
    from: cohort.from,
    until: cohort.until,
    details: () => `${stepFunctions.running} executions running · ${handlers.answers()} answers`,
  });
  try {
    // As enrolment does: every relationship's matching starts at once.
    await clock.track(async () => {
      for (const id of relationships.keys()) handlers.startPhase(id, 'matching');
    });
    const result = await clock.run({ done: () => stepFunctions.running === 0 });
    if (result !== 'done') throw new Error(`The floor year ended ${result}, with ${stepFunctions.running} executions still running`);
  } finally {
    progress.stop();
  }
  const programEnd = clock.nowEpochMs();
  const executions = stepFunctions.listAll().map((e) => ({ ...e, history: stepFunctions.history(e.executionArn) }));
  await stepFunctions.stop();
  const wallSeconds = (performance.now() - startedAt) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const figures = executionFigures(executions);
  const unfinished = executions.filter((e) => e.status !== 'SUCCEEDED');
  if (unfinished.length) throw new Error(`${unfinished.length} floor executions did not succeed, e.g. ${unfinished[0]!.name} ${unfinished[0]!.status}`);
  return {
    relationships: relationships.size,
    wallSeconds: round(wallSeconds, 1),
    startupSeconds: round(startupSeconds, 1),
    cpuSeconds: { node: round((cpu.user + cpu.system) / 1e6, 1) },
    peakMemoryMiB: { node: mib(ownPeakRssBytes()) },
    relationshipYearsPerMinute: round(relationships.size / (wallSeconds / 60), 1),
    programDays: Math.round((programEnd - cohort.from.getTime()) / DAY_MS),
    ...figures,
    answers: handlers.answers(),
  };
};
