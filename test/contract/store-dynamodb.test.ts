import { afterAll, beforeAll } from 'vitest';
import { dynamoStore } from '#adapters/store/dynamodb/dynamodb';
import { forgetClients, useEndpointSettings } from '#platform/aws';
import { loopbackSettings } from '#local/services/loopback';
import { useDynamoDb, type LocalDynamoDb } from '#local/services/dynamodb';
import { sharedDynamoDb } from '../support/cohort.ts';
import { storeContract } from './store.contract.ts';
import { sendingRecordsContract } from './sending-records.contract.ts';
import { sendingRecords } from '#adapters/store';

/** Tables of this file's own on the test run's DynamoDB Local, made as the local runtime makes them. */
const SETTINGS = ['DYNAMODB_ENDPOINT', 'MENTORING_TABLE', 'RESPONSES_TABLE', 'ERASURE_KEY'] as const;
const before = Object.fromEntries(SETTINGS.map((key) => [key, process.env[key]]));
let tables: LocalDynamoDb;

beforeAll(async () => {
  const { dynamoDbEndpoint } = sharedDynamoDb();
  tables = await useDynamoDb(dynamoDbEndpoint);
  Object.assign(process.env, { DYNAMODB_ENDPOINT: dynamoDbEndpoint, ERASURE_KEY: 'contract-erasure-key-of-this-test-file' });
  // Its clients reach DynamoDB Local as the local runtime's do: loopback credentials and region, whatever the shell has set.
  useEndpointSettings(loopbackSettings);
  forgetClients();
});

afterAll(async () => {
  await tables?.stop();
  for (const key of SETTINGS)
    if (before[key] === undefined) delete process.env[key];
    else process.env[key] = before[key];
  useEndpointSettings(undefined);
  forgetClients();
});

storeContract('the DynamoDB store', () => dynamoStore);
sendingRecordsContract('the DynamoDB store', sendingRecords);
