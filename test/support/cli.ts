import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The mentoring command in a process of its own, from the repository as an operator runs it, with
 * this environment (by default the one the local runtime set): the bundle the run's setup made of
 * cli/mentoring.ts, so each command starts in a fraction of the time tsx takes.
 */
export const runMentoring = (args: string[], env: NodeJS.ProcessEnv = process.env, cli: 'mentoringCli' | 'mentoringLocalCli' = 'mentoringCli') =>
  new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [inject(cli), ...args], { cwd: ROOT, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out, err }));
  });

/** `npm run mentoring -- …` against the local runtime's services, named by the environment the runtime set. */
export const mentoring = (...args: string[]) => runMentoring(args, process.env, 'mentoringLocalCli');
