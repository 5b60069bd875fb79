import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { clientSettings, once } from '#core/aws';
import { tableNames } from './tables.ts';

export const documents = once(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient(clientSettings(process.env.DYNAMODB_ENDPOINT)), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);

export const tables = once(() => tableNames());

export const isConditionFailure = (error: unknown): boolean =>
  (error as Error).name === 'ConditionalCheckFailedException' ||
  ((error as Error).name === 'TransactionCanceledException' &&
    ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).some(
      (reason) => reason.Code === 'ConditionalCheckFailed',
    ));

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
