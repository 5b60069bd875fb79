import * as z from 'zod';
import { isPhase } from './lifecycle/phases.ts';
import { ASKED_KIND_NAMES } from './model.ts';

/** Payloads the state machines hand to handlers: ids, numbers and outcomes only. */
export const relationshipTask = z.object({ relationshipId: z.string().min(1) });

export const phaseTask = relationshipTask.extend({
  phase: z.string().refine(isPhase, 'is not a phase'),
});

/**
 * The shape of a phase execution's input (`v` in it), bumped when it changes. Executions a
 * deploy finds running keep the input they started with, so each build reads the one before.
 */
export const PHASE_INPUT_VERSION = 2;

export const meetingTask = relationshipTask.extend({
  meetingNo: z.number().int().positive(),
  occurrence: z.number().int().positive(),
});

/** What a question is about: a meeting, a round of goals, a review, a pause. */
const subject = {
  meetingNo: z.number().int().positive().optional(),
  occurrence: z.number().int().positive().optional(),
  round: z.number().int().positive().optional(),
  review: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/)
    .optional(),
  pauseNo: z.number().int().positive().optional(),
};

/** A question about a subject: which kind, and the waiting task's token. */
export const questionTask = relationshipTask.extend({
  kind: z.enum(ASKED_KIND_NAMES),
  ...subject,
  taskToken: z.string().min(1).max(2048),
  attempt: z.enum(['first', 'reminder', 'escalation']),
  /** The seconds each wait of the question lasts; executions started before it was sent fall back to the program's windows. */
  windowSeconds: z
    .object({ answer: z.number().int().positive(), reminder: z.number().int().positive(), escalation: z.number().int().positive().optional() })
    .optional(),
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
export const letterTask = relationshipTask.extend({ letter: z.enum(LETTERS), pauseNo: z.number().int().positive().optional() });

/** How a relationship ends: completed at closure, not matched, or ended early without blame. */
export const closeTask = relationshipTask.extend({ ending: z.enum(['completed', 'not-matched', 'ended-early']) });

export type RelationshipTask = z.infer<typeof relationshipTask>;
export type PhaseTask = z.infer<typeof phaseTask>;
export type MeetingTask = z.infer<typeof meetingTask>;
export type QuestionTask = z.infer<typeof questionTask>;
export type RecordTask = z.infer<typeof recordTask>;
export type LetterTask = z.infer<typeof letterTask>;
export type CloseTask = z.infer<typeof closeTask>;
