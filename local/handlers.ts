import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { localFunctionArn } from '#workflows/render';
import { WORKFLOW_HANDLERS, type WorkflowHandler } from '#workflows/handlers';
import { handler as askParticipants } from '../functions/ask-participants.ts';
import { handler as recordAnswer } from '../functions/record-answer.ts';
import { handler as planPhase } from '../functions/plan-phase.ts';
import { handler as planNextStep } from '../functions/plan-next-step.ts';
import { handler as sendMeetingInvitation } from '../functions/send-meeting-invitation.ts';
import { handler as sendLetters } from '../functions/send-letters.ts';
import { handler as startNextPhase } from '../functions/start-next-phase.ts';
import { handler as closeRelationship } from '../functions/close-relationship.ts';
import { handler as endWithoutBlame } from '../functions/end-without-blame.ts';
import { handler as planPause } from '../functions/plan-pause.ts';
import { handler as resumeRelationship } from '../functions/resume-relationship.ts';

type LambdaHandler = (event: never, context: Context) => Promise<unknown>;

const HANDLERS: Record<WorkflowHandler, LambdaHandler> = {
  askParticipants,
  recordAnswer,
  planPhase,
  planNextStep,
  sendMeetingInvitation,
  sendLetters,
  startNextPhase,
  closeRelationship,
  endWithoutBlame,
  planPause,
  resumeRelationship,
};

/** What Lambda hands a handler; Powertools reads the function's name and request id from it. */
export const lambdaContext = (functionName: string): Context => ({
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
  memoryLimitInMB: '256',
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'local',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 30_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
});

/** The same handler modules Lambda runs, keyed by the function ARN the local definitions call. */
export const localHandlers = (): Record<string, (event: unknown) => Promise<unknown>> =>
  Object.fromEntries(
    (Object.keys(HANDLERS) as WorkflowHandler[]).map((key) => [
      localFunctionArn(key),
      (event: unknown) => HANDLERS[key](event as never, lambdaContext(`mentoring-${WORKFLOW_HANDLERS[key]}`)),
    ]),
  );
