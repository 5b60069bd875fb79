import * as z from 'zod';
import { isPhase } from './lifecycle/phases.ts';
import { attempts } from './lifecycle/question-lifetimes.ts';
import { ASKED_KIND_NAMES } from './model.ts';

/**
 * The contracts between the state machines and their handlers: what each task is handed and,
 * where a state machine reads it, what it hands back. Handlers take their types from these
 * schemas and the state machine builders their field names, so a renamed field fails the type
 * check on both sides. Ids, numbers and outcomes only.
 */
export const relationshipTask = z.object({ relationshipId: z.string().min(1) });

export const phaseTask = relationshipTask.extend({
  phase: z.string().refine(isPhase, 'is not a phase'),
});

/**
 * The shape of a run's input (`v` in it), bumped when it changes. Runs a deploy finds going
 * keep the input they started with, so each build reads the one before.
 */
export const PHASE_INPUT_VERSION = 2;

/** What every run of a phase starts with (the execution's input), read by its states as `$.relationshipId`, `$.phase`. */
export const phaseInput = z.object({
  v: z.number().int().positive(),
  relationshipId: phaseTask.shape.relationshipId,
  phase: phaseTask.shape.phase,
  /** A rematch's match names the relationship that ended before it, so the console shows one beside the other. */
  rematchOf: z.string().optional(),
});

const positive = z.number().int().positive();

export const meetingTask = relationshipTask.extend({
  meetingNo: positive,
  occurrence: positive,
});

/** What a question is about: a meeting, a round of goals, a review, a pause. */
const subject = {
  meetingNo: positive.optional(),
  occurrence: positive.optional(),
  round: positive.optional(),
  review: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/)
    .optional(),
  pauseNo: positive.optional(),
};

/** The seconds each wait of a question lasts, as a plan hands them over. */
const answerWindows = z.object({ answer: positive, reminder: positive, escalation: positive.optional() });

/** A question about a subject: which kind, and the waiting task's token. */
export const questionTask = relationshipTask.extend({
  kind: z.enum(ASKED_KIND_NAMES),
  ...subject,
  taskToken: z.string().min(1).max(2048),
  attempt: attempts,
  /** The seconds each wait of the question lasts; executions started before it was sent fall back to the program's windows. */
  windowSeconds: answerWindows.optional(),
});

export const recordTask = relationshipTask.extend({
  kind: z.enum(ASKED_KIND_NAMES),
  ...subject,
  timedOut: z.boolean().default(false),
});

/**
 * Letters that ask nothing, by what they are for. The resume step now writes the welcome back
 * itself; `welcome-back` stays for Pause executions started on an earlier build (idempotent).
 */
export const LETTERS = ['introduction', 'pause', 'welcome-back'] as const;
export const letterTask = relationshipTask.extend({ letter: z.enum(LETTERS), pauseNo: positive.optional() });

/** How a relationship ends: completed at closure, not matched, or ended early without blame. */
export const closeTask = relationshipTask.extend({ ending: z.enum(['completed', 'not-matched', 'ended-early']) });

/** What a phase waits for (matching, agreement, closure, follow-up): its first wait's end and its questions' windows. */
export const phasePlan = z.object({
  /** The instant the phase's first wait ends, if it waits. */
  waitUntil: z.string().optional(),
  /** Seconds each question of the phase waits: before its reminder, after it, after telling the coordinator. */
  windows: z.object({ answer: positive, reminder: positive, escalation: positive }),
  /** Which look back (closure), or which extension the coordinator decides on. */
  review: z.string().optional(),
  round: positive.optional(),
});

/** Seconds a meetings phase's question may wait before its reminder, and after it. */
const stepWindows = { answerWindowSeconds: positive, reminderWindowSeconds: positive };

/** What a meetings phase does next: a meeting (invited or not), a review, or its end. */
export const nextStep = z.discriminatedUnion('next', [
  z.object({ next: z.literal('end') }),
  z.object({ next: z.literal('meeting'), meetingNo: positive, occurrence: positive, invited: z.boolean(), checkInAt: z.string(), ...stepWindows }),
  z.object({ next: z.literal('review'), review: z.string(), dueAt: z.string(), ...stepWindows }),
]);

/** Which pause runs, and how long it waits for its planned end. */
export const pausePlan = z.object({ pauseNo: positive, waitSeconds: positive });

/** What a recorded question hands back to its execution: outcomes, counts and flags, never answers. */
export const recorded = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]));

/** Of a recorded question, the fields a state machine chooses by: each kind that has any, and their types. */
export const RECORDED_BY_KIND = {
  match: z.object({ decision: z.enum(['accepted', 'declined', 'no-answer']) }),
  goals: z.object({ proposed: z.number().int().nonnegative() }),
  'goal-confirmation': z.object({ decision: z.enum(['confirmed', 'changes', 'unanswered']), nextRound: positive }),
  review: z.object({ endRequested: z.boolean() }),
  'look-back': z.object({ extensionAsked: z.boolean() }),
  extension: z.object({ approved: z.boolean() }),
};

/** Nothing a state machine reads: the result is discarded. */
const ignored = z.unknown();

/**
 * Every task the state machines call, by the key that names its function (`workflows/handlers.ts`):
 * what it is handed, and what it hands back.
 */
export const TASKS = {
  askParticipants: { input: questionTask, output: ignored },
  recordAnswer: { input: recordTask, output: recorded },
  planPhase: { input: phaseTask, output: phasePlan },
  planNextStep: { input: phaseTask, output: nextStep },
  sendMeetingInvitation: { input: meetingTask, output: ignored },
  sendLetters: { input: letterTask, output: ignored },
  startNextPhase: { input: phaseTask, output: ignored },
  closeRelationship: { input: closeTask, output: ignored },
  endWithoutBlame: { input: phaseTask, output: ignored },
  planPause: { input: phaseTask, output: pausePlan },
  resumeRelationship: { input: phaseTask, output: ignored },
  actForCoordinator: { input: phaseTask, output: ignored },
} as const;

export type TaskName = keyof typeof TASKS;
export interface TaskContract<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

export type RelationshipTask = z.infer<typeof relationshipTask>;
export type PhaseTask = z.infer<typeof phaseTask>;
export type PhaseInput = z.infer<typeof phaseInput>;
export type MeetingTask = z.infer<typeof meetingTask>;
export type QuestionTask = z.infer<typeof questionTask>;
export type RecordTask = z.infer<typeof recordTask>;
export type LetterTask = z.infer<typeof letterTask>;
export type CloseTask = z.infer<typeof closeTask>;
export type PhasePlan = z.infer<typeof phasePlan>;
export type NextStep = z.infer<typeof nextStep>;
export type PausePlan = z.infer<typeof pausePlan>;
export type Recorded = z.infer<typeof recorded>;
/** What a kind's `record` hands back: the fields its state machine reads, and any others. */
export type RecordedBy<K extends string> = K extends keyof typeof RECORDED_BY_KIND ? z.infer<(typeof RECORDED_BY_KIND)[K]> & Recorded : Recorded;
