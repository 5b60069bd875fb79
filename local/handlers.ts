import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { localFunctionArn } from '#workflows/render';
import { WORKFLOW_HANDLERS, type WorkflowHandler } from '#workflows/handlers';
import { handler as askParticipants } from '#handlers/ask-participants';
import { handler as recordAnswer } from '#handlers/record-answer';
import { handler as planPhase } from '#handlers/plan-phase';
import { handler as planNextStep } from '#handlers/plan-next-step';
import { handler as sendMeetingInvitation } from '#handlers/send-meeting-invitation';
import { handler as sendLetters } from '#handlers/send-letters';
import { handler as startNextPhase } from '#handlers/start-next-phase';
import { handler as closeRelationship } from '#handlers/close-relationship';
import { handler as endWithoutBlame } from '#handlers/end-without-blame';
import { handler as planPause } from '#handlers/plan-pause';
import { handler as resumeRelationship } from '#handlers/resume-relationship';
import { handler as actForCoordinator } from '#handlers/act-for-coordinator';

import { measured } from './metering/lambda.ts';

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
  actForCoordinator,
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

/** A function invoked as Lambda invokes it, with a context of its own, and measured as CloudWatch would count it. */
export const invoke = <T>(functionName: string, call: (context: Context) => Promise<T>): Promise<T> => {
  const context = lambdaContext(functionName);
  return measured(functionName, context.awsRequestId, () => call(context));
};

/** The same handler modules Lambda runs, keyed by the function ARN the local definitions call. */
export const localHandlers = (): Record<string, (event: unknown) => Promise<unknown>> =>
  Object.fromEntries(
    (Object.keys(HANDLERS) as WorkflowHandler[]).map((key) => [
      localFunctionArn(key),
      (event: unknown) => invoke(`mentoring-${WORKFLOW_HANDLERS[key]}`, (context) => HANDLERS[key](event as never, context)),
    ]),
  );
