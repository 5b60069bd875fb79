import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';

/**
 * `npm start` as a person or a process manager stops it: however it is stopped, no process it
 * started is left behind (DynamoDB Local's Java above all, which holds the cohort's names).
 */
const REPOSITORY = new URL('../../', import.meta.url);
const out = mkdtempSync(join(tmpdir(), 'mentoring-start-'));
const started: ChildProcess[] = [];

afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(out, { recursive: true, force: true });
});

/** Processes whose command line names this test's run folder: the run and everything it started. */
const processesOf = (folder: string): number[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return (
          readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(folder) ||
          readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`MENTORING_START_TEST=${folder}`)
        );
      } catch {
        return false;
      }
    })
    .map(Number);

const startRun = (name: string) => {
  const folder = join(out, name);
  const child = spawn('npm', ['start', '--', '--out', folder], {
    cwd: REPOSITORY,
    // Its own process group, as a terminal gives it: a Ctrl-C reaches every process in it.
    detached: true,
    env: { ...process.env, MENTORING_START_TEST: folder },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  // Running once the live line shows a program day; ended early if npm exits first.
  const running = new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('day ')) resolve();
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', () => reject(new Error(`npm start ended early:\n${output}`)));
  });
  // Reported where a test awaits it, not as an unhandled rejection when a run ends before.
  running.catch(() => {});
  // Ends when the last process holding the output ends, not just npm.
  const closed = new Promise<void>((resolve) => child.stdout.on('close', resolve));
  return { child, folder, closed, running: () => running, output: () => output };
};

/** The run's processes still there once they had 15 s to go: they are not our children, so nothing tells us when they end. */
const gone = async (folder: string) => {
  await vi.waitFor(() => expect(processesOf(folder)).toEqual([]), { timeout: 15_000, interval: 100 }).catch(() => {});
  return processesOf(folder);
};

describe.runIf(process.platform === 'linux')('stopping npm start', () => {
  test('SIGTERM to npm (as a process manager sends it) stops the run, writes its record, and leaves no process', async () => {
    const run = startRun('terminated');
    await run.running();
    expect(processesOf(run.folder).length).toBeGreaterThanOrEqual(3);
    run.child.kill('SIGTERM');
    await run.closed;
    expect(run.output()).toContain('Stopping (SIGTERM)');
    expect(run.output()).toMatch(/Run record \(summary\.json, emails\.json, executions\/\): /);
    expect(readdirSync(run.folder)).toHaveLength(1);
    expect(await gone(run.folder)).toEqual([]);
  });

  test('Ctrl-C twice stops at once, and leaves no process', async () => {
    const run = startRun('interrupted');
    await run.running();
    process.kill(-run.child.pid!, 'SIGINT');
    process.kill(-run.child.pid!, 'SIGINT');
    await run.closed;
    expect(run.output()).toContain('Stopping (SIGINT)');
    expect(await gone(run.folder)).toEqual([]);
  });
});
