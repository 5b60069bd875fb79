import type { IFunction } from 'aws-cdk-lib/aws-lambda';

/**
 * Every Lambda the lifecycle state machines call, by key, with its entry file under
 * functions/. The key names the function in CDK and locally.
 */
export const WORKFLOW_HANDLERS = {
  sendIntroduction: 'send-introduction',
  planNextMeeting: 'plan-next-meeting',
  sendMeetingReminder: 'send-meeting-reminder',
  askParticipants: 'ask-participants',
  recordCheckIn: 'record-check-in',
  startNextPhase: 'start-next-phase',
  planClosure: 'plan-closure',
  closeRelationship: 'close-relationship',
} as const;

export type WorkflowHandler = keyof typeof WORKFLOW_HANDLERS;
export type WorkflowFunctions = Record<WorkflowHandler, IFunction>;
