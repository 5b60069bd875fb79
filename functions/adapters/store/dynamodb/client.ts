import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { clientSettings, once } from '#platform/aws';
import { setting } from '#platform/environment';

/**
 * Throttled requests get eight tries, not the SDK's standard three (on AWS about 13 s of
 * backoff at most, within any function's timeout): a write lost after SES took an e-mail leaves
 * its send "in progress" until the lease runs out, and an enrolment or a page has no retry above it.
 */
const DYNAMODB_ATTEMPTS = 8;

export const dynamoDb = once(() => new DynamoDBClient(clientSettings(setting('DYNAMODB_ENDPOINT'), DYNAMODB_ATTEMPTS)));

export const documents = once(() => DynamoDBDocumentClient.from(dynamoDb(), { marshallOptions: { removeUndefinedValues: true } }));

/** Each table's name, read when a request needs it: the answer pages' function is given the responses table only. */
const TABLES = {
  get mentoring(): string {
    return setting('MENTORING_TABLE');
  },
  get responses(): string {
    return setting('RESPONSES_TABLE');
  },
};
export const tables = () => TABLES;

export const isConditionFailure = (error: unknown): boolean =>
  (error as Error).name === 'ConditionalCheckFailedException' ||
  ((error as Error).name === 'TransactionCanceledException' &&
    ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed'));

/** Runs a conditional write: false when its condition did not hold (done before, or no longer due). */
export const writeIf = async (write: Promise<unknown>): Promise<boolean> => {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/** An update with a condition: false when the condition did not hold. */
export const updateIf = (update: UpdateCommandInput): Promise<boolean> => writeIf(documents().send(new UpdateCommand(update)));

/** An update with a condition that answers with the item as it now is (no second read): undefined when the condition did not hold. */
export const updateReturningIf = async (update: UpdateCommandInput): Promise<Record<string, unknown> | undefined> => {
  try {
    return (await documents().send(new UpdateCommand({ ...update, ReturnValues: 'ALL_NEW' }))).Attributes;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
};
