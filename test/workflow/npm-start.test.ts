import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';

/**
 * `npm start` as a person or a process manager stops it: however it is stopped, no process it
 * started is left behind (DynamoDB Local's Java above all, which holds the cohort's names).
 * The three runs start at once, as a second run started beside a first does: each finds ports
 * of its own, and stopping one leaves the others running.
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

const startRun = (name: string, options: string[] = []) => {
  const folder = join(out, name);
  const child = spawn('npm', ['start', '--', '--out', folder, ...options], {
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

/** The processes still in a process group. */
const groupOf = (pgid: number): number[] =>
  execFileSync('ps', ['-e', '-o', 'pid=,pgid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter(([, group]) => group === pgid)
    .map(([pid]) => pid!);

describe.runIf(process.platform === 'linux')('stopping npm start', () => {
  test.concurrent('SIGTERM to npm (as a process manager sends it) stops the run, writes its record, and leaves no process', async () => {
    const run = startRun('terminated');
    await run.running();
    expect(processesOf(run.folder).length).toBeGreaterThanOrEqual(3);
    run.child.kill('SIGTERM');
    await run.closed;
    expect(run.output()).toContain('Stopping (SIGTERM)');
    expect(run.output()).toMatch(/Run record \(summary\.json, emails\.json, events\.jsonl, executions\/, usage\.json\): /);
    expect(readdirSync(run.folder)).toHaveLength(1);
    // The program report of the part of the year it ran, beside the record.
    const [record] = readdirSync(run.folder).map((name) => join(run.folder, name));
    expect(run.output()).toContain(`Program report: ${join(record!, 'report.html')} (`);
    expect(readdirSync(record!)).toEqual(expect.arrayContaining(['summary.json', 'emails.json', 'executions', 'usage.json', 'report.html']));
    expect(await gone(run.folder)).toEqual([]);
  });

  test.concurrent(
    'closing the terminal mid-year (SIGHUP to everything in it, twice) still writes the summary and the record, and leaves no process',
    async () => {
      const run = startRun('terminal-closed', ['--days-per-second', '5']);
      await run.running();
      const group = run.child.pid!;
      // The terminal is gone: whatever the run prints from now on fails to be written (EPIPE).
      run.child.stdout.destroy();
      run.child.stderr.destroy();
      // The terminal hangs up everything in it, npm and its shell too, and its shell passes the hangup on.
      process.kill(-group, 'SIGHUP');
      process.kill(-group, 'SIGHUP');
      await vi.waitFor(() => expect(groupOf(group)).toEqual([]), { timeout: 120_000, interval: 200 });
      const [record] = readdirSync(run.folder).map((name) => join(run.folder, name));
      const summary = JSON.parse(readFileSync(join(record!, 'summary.json'), 'utf8'));
      // Stopped mid-year: six relationships, none yet closed, and the e-mails and executions so far.
      expect(summary.pairs).toHaveLength(6);
      expect(summary.totals).toMatchObject({ pairs: 6, closed: 0 });
      expect(JSON.parse(readFileSync(join(record!, 'emails.json'), 'utf8')).length).toBeGreaterThan(0);
      expect(readdirSync(join(record!, 'executions')).length).toBeGreaterThanOrEqual(6);
      // DynamoDB Local's Java runs in a group of its own: it too is gone.
      expect(await gone(run.folder)).toEqual([]);
    },
    180_000,
  );

  test.concurrent('Ctrl-C twice stops at once, and leaves no process', async () => {
    const run = startRun('interrupted');
    await run.running();
    process.kill(-run.child.pid!, 'SIGINT');
    process.kill(-run.child.pid!, 'SIGINT');
    await run.closed;
    expect(run.output()).toContain('Stopping (SIGINT)');
    expect(await gone(run.folder)).toEqual([]);
  });
});
