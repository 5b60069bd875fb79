import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** How a test starts the CLI in a process of its own, its clients reaching the local runtime's services. */
export const CLI = ['--import', 'tsx', '--import', './test/support/loopback-clients.ts', 'cli/mentoring.ts'];

/** `npm run mentoring -- …` against the local runtime's services, named by the environment the runtime set. */
export const mentoring = (...args: string[]) =>
  new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], { cwd: ROOT, env: process.env });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out, err }));
  });
