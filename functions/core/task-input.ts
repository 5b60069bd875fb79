import { z } from 'zod';
import { isPhase, type Phase } from '#workflows/lifecycle';
import { QUESTION_KIND_NAMES } from '#core/questions/index';

/** Payloads the state machines hand to handlers: ids, numbers and outcomes only. */
export const relationshipTask = z.object({ relationshipId: z.string().min(1) });

export const phaseTask = relationshipTask.extend({
  phase: z.string().refine(isPhase, 'is not a phase').transform((p) => p as Phase),
});

export const meetingTask = relationshipTask.extend({
  meetingNo: z.number().int().positive(),
  occurrence: z.number().int().positive(),
});

/** A question about a subject (a meeting, a review): which kind, and the waiting task's token. */
export const questionTask = relationshipTask.extend({
  kind: z.enum(QUESTION_KIND_NAMES),
  meetingNo: z.number().int().positive().optional(),
  occurrence: z.number().int().positive().optional(),
  taskToken: z.string().min(1).max(2048),
  attempt: z.enum(['first', 'reminder']),
});

export const recordTask = meetingTask.extend({ timedOut: z.boolean().default(false) });

export type RelationshipTask = z.infer<typeof relationshipTask>;
export type PhaseTask = z.infer<typeof phaseTask>;
export type MeetingTask = z.infer<typeof meetingTask>;
export type QuestionTask = z.infer<typeof questionTask>;
export type RecordTask = z.infer<typeof recordTask>;
