import './polyfill.ts';
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { compileFunction } from 'node:vm';
import type * as Engine from 'aws-local-stepfunctions';
import type { VirtualClock } from '#local/virtual-clock';

/** The execution whose engine code is running: its clock, the key that orders its timers, and its dice. */
export interface EngineTime {
  clock: VirtualClock;
  key: string;
  /** Draws the retry jitter, from the run's seed, so retries land at the same program instants. */
  random: () => number;
}

export const engineTime = new AsyncLocalStorage<EngineTime>();

const RealDate = Date;

/**
 * The engine sleeps in Wait states and between retries with `setTimeout`, and reads `Date`
 * for timestamps. Inside an execution those are program time on the virtual clock; anywhere
 * else (a probe run) they are the real ones.
 */
class ProgramDate extends RealDate {
  constructor(...args: unknown[]) {
    const time = engineTime.getStore();
    if (args.length === 0) super(time ? time.clock.nowEpochMs() : RealDate.now());
    else super(...(args as [string]));
  }

  static override now(): number {
    const time = engineTime.getStore();
    return time ? time.clock.nowEpochMs() : RealDate.now();
  }
}

interface ProgramTimer {
  cancel: () => void;
}

const programSetTimeout = (fire: (...args: unknown[]) => void, ms = 0, ...args: unknown[]): ProgramTimer | NodeJS.Timeout => {
  const time = engineTime.getStore();
  if (!time) return setTimeout(fire, ms, ...args);
  return { cancel: time.clock.at(time.clock.nowEpochMs() + Math.max(0, ms), () => fire(...args), time.key) };
};

/** `Math` whose `random` is the execution's seeded draw (full jitter between retries). */
const ProgramMath: Math = Object.create(Math, {
  random: { value: () => engineTime.getStore()?.random() ?? Math.random() },
}) as Math;

const programClearTimeout = (timer: ProgramTimer | NodeJS.Timeout | undefined): void => {
  if (timer && typeof timer === 'object' && 'cancel' in timer) timer.cancel();
  else clearTimeout(timer);
};

/**
 * aws-local-stepfunctions, evaluated with its timers and `Date` bound to program time and its
 * `Math.random` to the run's seed. The engine offers no clock or dice of its own; giving it
 * these names keeps the rest of the process (HTTP clients, DynamoDB, the inbox) as it is.
 */
const load = (): typeof Engine => {
  const require = createRequire(import.meta.url);
  const file = require.resolve('aws-local-stepfunctions');
  const factory = compileFunction(
    readFileSync(file, 'utf8'),
    ['exports', 'require', 'module', '__filename', '__dirname', 'setTimeout', 'clearTimeout', 'Date', 'Math'],
    {
      filename: file,
    },
  ) as (...args: unknown[]) => void;
  const module = { exports: {} as typeof Engine };
  factory(module.exports, createRequire(file), module, file, dirname(file), programSetTimeout, programClearTimeout, ProgramDate, ProgramMath);
  return module.exports;
};

export const { StateMachine, ExecutionError } = load();
export type StateMachineDefinition = Engine.StateMachineDefinition;
