import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { loopbackSettings } from '#local/services/loopback';
import { startDynamoDb, type LocalDynamoDb } from '#local/services/dynamodb';
import { javaInstallHint, javaMajorVersion, javaMissingMessage } from '#local/services/java';
import { createServer } from 'node:net';
import { startInbox } from '#local/services/inbox';
import { startResponsePages } from '#local/services/response-pages';

const REPOSITORY = new URL('../../', import.meta.url);
const DYNAMODB_MODULE = new URL('local/services/dynamodb.ts', REPOSITORY).href;
const JAVA_CHECK_MODULE = new URL('test/support/global-setup.ts', REPOSITORY).href;
const onLinux = process.platform === 'linux';

/** Alive and not a zombie waiting for a parent that will never reap it. */
const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (!onLinux) return true;
  try {
    // The state follows the command name, which is in parentheses and may contain spaces.
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
};

/** /proc/net addresses are 32-bit words in host (little-endian) byte order. */
const readableAddress = (hex: string): string => {
  const bytes = (hex.match(/.{8}/g) ?? []).flatMap((word) => (word.match(/../g) ?? []).reverse().map((byte) => parseInt(byte, 16)));
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.every((byte) => byte === 0)) return '::';
  if (bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return `::ffff:${bytes.slice(12).join('.')}`;
  return hex;
};

/** "address:port" of every TCP socket the process listens on, from its descriptors and /proc/net. */
const listeningAddresses = (pid: number): string[] => {
  const inodes = new Set(
    readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        return [/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1]].filter((inode) => inode !== undefined);
      } catch {
        return []; // closed while we looked
      }
    }),
  );
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) =>
    readFileSync(table, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter(([, , , state, , , , , , inode]) => state === '0A' && inode !== undefined && inodes.has(inode))
      .map(([, local = '']) => {
        const [address = '', port = ''] = local.split(':');
        return `${readableAddress(address)}:${parseInt(port, 16)}`;
      }),
  );
};

/** Node running an ES module snippet through tsx, from the repository so `tsx` and `#platform` resolve. */
const nodeSnippet = (code: string, env: NodeJS.ProcessEnv = process.env): ChildProcess =>
  spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: REPOSITORY,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

const outputOf = (child: ChildProcess): Promise<string> =>
  new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', () => resolve(output));
  });

describe('DynamoDB Local', () => {
  let dynamoDb: LocalDynamoDb | undefined;
  beforeAll(async () => {
    dynamoDb = await startDynamoDb();
  });
  afterAll(async () => {
    await dynamoDb?.stop();
  });

  test('answers on its endpoint', async () => {
    const client = new DynamoDBClient(loopbackSettings(dynamoDb!.endpoint));
    try {
      const { TableNames } = await client.send(new ListTablesCommand({}));
      expect(TableNames?.length).toBe(2);
    } finally {
      client.destroy();
    }
  });

  test.skipIf(!onLinux)('listens on 127.0.0.1 only', () => {
    const { endpoint, pid } = dynamoDb!;
    expect(listeningAddresses(pid)).toEqual([`127.0.0.1:${new URL(endpoint).port}`]);
  });

  test('stop() leaves no Java process', async () => {
    const { pid } = dynamoDb!;
    await dynamoDb!.stop();
    expect(isRunning(pid)).toBe(false);
  });

  test('Java exits by itself when the Node process that started it is killed', async () => {
    const parent = nodeSnippet(
      `import { startDynamoDb } from ${JSON.stringify(DYNAMODB_MODULE)};
       const { endpoint, pid } = await startDynamoDb();
       console.log(JSON.stringify({ endpoint, pid }));
       setInterval(() => {}, 60_000);`,
    );
    const parentOutput = outputOf(parent);
    let javaPid: number | undefined;
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        createInterface({ input: parent.stdout! }).once('line', resolve);
        parent.once('exit', () => void parentOutput.then((output) => reject(new Error(`the parent ended before starting DynamoDB Local: ${output}`))));
      });
      javaPid = (JSON.parse(firstLine) as { pid: number }).pid;
      expect(isRunning(javaPid)).toBe(true);

      const parentGone = new Promise((resolve) => parent.once('exit', resolve));
      parent.kill('SIGKILL');
      await parentGone;
      // Java is not our child, so its exit sends us no event: look until it is gone.
      await vi.waitFor(() => expect(isRunning(javaPid!), 'Java did not exit after its parent was killed').toBe(false), { timeout: 10_000, interval: 50 });
    } finally {
      if (parent.exitCode === null && parent.signalCode === null) parent.kill('SIGKILL');
      if (javaPid !== undefined && isRunning(javaPid)) process.kill(javaPid, 'SIGKILL');
    }
  });
});

describe('Java check', () => {
  test('without Java, the test setup and startDynamoDb() fail with one line saying how to install it', async () => {
    // A PATH with node and nothing else.
    const bin = mkdtempSync(join(tmpdir(), 'no-java-'));
    try {
      symlinkSync(process.execPath, join(bin, 'node'));
      const output = await outputOf(
        nodeSnippet(
          `import setup from ${JSON.stringify(JAVA_CHECK_MODULE)};
           import { startDynamoDb } from ${JSON.stringify(DYNAMODB_MODULE)};
           for (const attempt of [setup, startDynamoDb]) {
             await attempt().then(() => console.log('no error'), (error) => console.log(error.message));
           }`,
          { ...process.env, PATH: bin },
        ),
      );
      expect(output.trim().split('\n')).toEqual([javaMissingMessage(), javaMissingMessage()]);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  test('the install command suits the platform', () => {
    expect(javaInstallHint('linux', ['debian'])).toBe('install it with: sudo apt-get install -y openjdk-17-jre-headless');
    expect(javaInstallHint('linux', ['linuxmint', 'ubuntu'])).toBe('install it with: sudo apt-get install -y openjdk-17-jre-headless');
    expect(javaInstallHint('darwin')).toBe('install it with: brew install --cask temurin@17');
    expect(javaInstallHint('linux', ['fedora'])).toBe('install a Java 17 runtime');
    expect(javaInstallHint('win32')).toBe('install a Java 17 runtime');
    expect(javaMissingMessage()).not.toContain('\n');
  });

  test('reads the major version of old and new Java', () => {
    expect(javaMajorVersion('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(javaMajorVersion('openjdk version "21" 2023-09-19')).toBe(21);
    expect(javaMajorVersion('java version "1.8.0_381"')).toBe(8);
    expect(javaMajorVersion('The operation couldn’t be completed. Unable to locate a Java Runtime.')).toBeUndefined();
  });
});

describe('the inbox and the answer pages', () => {
  test('take another port when theirs was taken after it was found free, as two runs starting at once do', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    const inbox = await startInbox(port);
    const pages = await startResponsePages(port);
    try {
      expect(inbox.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(inbox.endpoint).not.toBe(`http://127.0.0.1:${port}`);
      expect(pages.baseUrl).not.toBe(`http://127.0.0.1:${port}`);
      expect((await fetch(`${inbox.endpoint}/store`)).status).toBe(200);
      expect((await fetch(`${pages.baseUrl}/r/unknown`)).status).toBe(404);
    } finally {
      await inbox.stop();
      await pages.stop();
      taken.close();
    }
  });
});
