import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runMentoring } from '../support/cli.ts';

/**
 * The CLI as an operator runs it, with a home of its own: a ~/.aws/config and credentials file,
 * the AWS CLI's environment variables and options, and CloudFormation played by a loopback
 * server that records who asked (key id and region from the signature) and for which stack.
 */
const STACK_MISSING = `<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack does not exist</Message></Error><RequestId>1</RequestId></ErrorResponse>`;

let server: Server;
let endpoint: string;
const requests: { keyId: string; region: string; stack: string }[] = [];
const homes: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const [, keyId = '', region = ''] = /Credential=([^/]+)\/\d+\/([^/]+)\//.exec(request.headers.authorization ?? '') ?? [];
      requests.push({ keyId, region, stack: new URLSearchParams(body).get('StackName') ?? '' });
      response.writeHead(400, { 'content-type': 'text/xml' }).end(STACK_MISSING);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server?.close();
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

/** A home whose ~/.aws holds these files. */
const home = (files: { config?: string; credentials?: string } = {}): string => {
  const dir = mkdtempSync(join(tmpdir(), 'mentoring-home-'));
  homes.push(dir);
  mkdirSync(join(dir, '.aws'));
  if (files.config) writeFileSync(join(dir, '.aws', 'config'), files.config);
  if (files.credentials) writeFileSync(join(dir, '.aws', 'credentials'), files.credentials);
  return dir;
};

const PILOT = {
  config: '[profile pilot]\nregion = eu-north-1\n',
  credentials:
    '[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = secret\n[pilot]\naws_access_key_id = AKIAPILOT\naws_secret_access_key = secret\n',
};

/** `mentoring forget` (the first thing it does is find the stack), run in that home with only these variables. */
const runCli = async (homeDir: string, args: string[], env: Record<string, string> = {}) => {
  const before = requests.length;
  const { code, err } = await runMentoring(['forget', 'someone@example.org', ...args], {
    PATH: process.env.PATH,
    HOME: homeDir,
    AWS_ENDPOINT_URL_CLOUDFORMATION: endpoint,
    // Not an EC2 instance: no waiting for its metadata service.
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...env,
  });
  return { code: code ?? -1, stderr: err.trim(), request: requests[before] };
};

describe('the CLI finds AWS the way the AWS CLI does', () => {
  test("the profile's region in ~/.aws/config and its credentials, and the stack the prefix names", async () => {
    const result = await runCli(home(PILOT), ['--prefix', 'pilot'], { AWS_PROFILE: 'pilot' });
    expect(result.request).toEqual({ keyId: 'AKIAPILOT', region: 'eu-north-1', stack: 'Mentoring-pilot' });
    // One line, naming the stack and region, and no stack trace.
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^Cannot read the outputs of stack Mentoring-pilot in eu-north-1 \(ValidationError: Stack does not exist\)/);
    expect(result.code).toBe(2);
  });

  test('--profile and --region win over the environment; --stack names the stack', async () => {
    const result = await runCli(home(PILOT), ['--profile', 'pilot', '--region', 'eu-west-3', '--stack', 'PeerMentoring'], { AWS_REGION: 'us-east-1' });
    expect(result.request).toEqual({ keyId: 'AKIAPILOT', region: 'eu-west-3', stack: 'PeerMentoring' });
  });

  test("AWS_DEFAULT_REGION is as good as AWS_REGION, and the default profile's keys are used", async () => {
    const result = await runCli(home(PILOT), [], { AWS_DEFAULT_REGION: 'ap-southeast-3' });
    expect(result.request).toEqual({ keyId: 'AKIADEFAULT', region: 'ap-southeast-3', stack: 'Mentoring' });
  });

  test('MENTORING_PREFIX names the stack when no option does', async () => {
    const result = await runCli(home(PILOT), ['--region', 'eu-west-1'], { MENTORING_PREFIX: 'pilot' });
    expect(result.request?.stack).toBe('Mentoring-pilot');
  });

  test('without a region it says what to set, in one line, and asks nothing', async () => {
    const result = await runCli(home({ credentials: PILOT.credentials }), []);
    expect(result.stderr).toBe('No AWS region: give --region, set AWS_REGION (or AWS_DEFAULT_REGION), or give your profile a region in ~/.aws/config.');
    expect(result.code).toBe(2);
    expect(result.request).toBeUndefined();
  });

  test('without credentials it says what to set, in one line, and asks nothing', async () => {
    const result = await runCli(home({ config: PILOT.config }), ['--profile', 'pilot']);
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^No AWS credentials for profile pilot \(.+\): give --profile or set AWS_PROFILE/);
    expect(result.code).toBe(2);
    expect(result.request).toBeUndefined();
  });
});
