import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { TaskName } from '#domain/task-payloads';

/**
 * Every Lambda the lifecycle state machines call, by key, with its entry file under
 * functions/. The key names the function in CDK and locally, and its contract in `TASKS`.
 */
export const WORKFLOW_HANDLERS = {
  askParticipants: 'ask-participants',
  recordAnswer: 'record-answer',
  planPhase: 'plan-phase',
  planNextStep: 'plan-next-step',
  sendMeetingInvitation: 'send-meeting-invitation',
  sendLetters: 'send-letters',
  startNextPhase: 'start-next-phase',
  closeRelationship: 'close-relationship',
  endWithoutBlame: 'end-without-blame',
  planPause: 'plan-pause',
  resumeRelationship: 'resume-relationship',
  actForCoordinator: 'act-for-coordinator',
} as const satisfies Record<TaskName, string>;

export type WorkflowHandler = keyof typeof WORKFLOW_HANDLERS;
export type WorkflowFunctions = Record<WorkflowHandler, IFunction>;
