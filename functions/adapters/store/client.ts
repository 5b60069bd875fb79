import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { clientSettings, once } from '#platform/aws';
import { setting } from '#platform/environment';

export const documents = once(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient(clientSettings(setting('DYNAMODB_ENDPOINT'))), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);

export const tables = () => ({ mentoring: setting('MENTORING_TABLE'), responses: setting('RESPONSES_TABLE') });

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
