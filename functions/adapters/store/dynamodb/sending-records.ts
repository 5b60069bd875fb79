import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { once } from '#platform/aws';
import { dynamoDb, tables } from './client.ts';

/**
 * Where Powertools keeps its idempotency records of e-mail sends: beside the links in the
 * responses table (ids, hashes and SES message ids only), removed by the same TTL.
 */
const inResponsesTable = once(
  () =>
    new DynamoDBPersistenceLayer({
      tableName: tables().responses,
      keyAttr: 'id',
      expiryAttr: 'expiresAtEpoch',
      awsSdkV3Client: dynamoDb(),
    }),
);

let twin: BasePersistenceLayer | undefined;

/** The sending records to use from now on, beside the store's in-memory twin; none: DynamoDB's again. */
export const useSendingRecords = (records?: BasePersistenceLayer): void => {
  twin = records;
};

export const sendingRecords = (): BasePersistenceLayer => twin ?? inResponsesTable();
