import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { once } from '#platform/aws';
import { dynamoDb, tables } from './client.ts';

/**
 * Where Powertools keeps its idempotency records of e-mail sends: beside the links in the
 * responses table (ids, hashes and SES message ids only), removed by the same TTL.
 */
export const sendingRecords = once(
  () =>
    new DynamoDBPersistenceLayer({
      tableName: tables().responses,
      keyAttr: 'id',
      expiryAttr: 'expiresAtEpoch',
      awsSdkV3Client: dynamoDb(),
    }),
);
