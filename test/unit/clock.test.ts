import { afterEach, describe, expect, test } from 'vitest';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { clock, useClock, wallClock } from '#platform/clock';
import { wholeSeconds } from '#domain/program/schedule';
import { VirtualClock } from '#local/virtual-clock';

const START = new Date('2027-01-11T09:00:00.000Z');
const DAY = 86_400_000;
const at = (days: number) => START.getTime() + days * DAY;
/** Work that takes a few real turns of the event loop, as a handler's request does. */
const someWork = async () => {
  for (let i = 0; i < 5; i++) await nextTurn();
};

describe('program time on the local runtime', () => {
  test('jumps straight to the next event, so a year of waits takes no wall-clock time', async () => {
    const time = new VirtualClock(START);
    const fired: number[] = [];
    for (const days of [365, 7, 30]) time.at(at(days), () => fired.push(time.nowEpochMs()));
    expect(await time.run({ done: () => fired.length === 3 })).toBe('done');
    expect(fired).toEqual([at(7), at(30), at(365)]);
    expect(time.now()).toEqual(new Date(at(365)));
  });

  test('stands still while work is in flight, and an event due meanwhile fires at its own instant afterwards', async () => {
    const time = new VirtualClock(START);
    const seen: string[] = [];
    time.at(at(1), () => {
      void time.track(async () => {
        await someWork();
        seen.push(`first done at day ${(time.nowEpochMs() - START.getTime()) / DAY}`);
        time.at(at(1), () => seen.push('due at the same instant, fired after it'));
      });
    });
    time.at(at(2), () => seen.push(`next at day ${(time.nowEpochMs() - START.getTime()) / DAY}`));
    expect(await time.run()).toBe('stalled');
    expect(seen).toEqual(['first done at day 1', 'due at the same instant, fired after it', 'next at day 2']);
  });

  test('events of one instant run in the order of their keys, whatever order they were planned in', async () => {
    const orderOf = async (keys: string[]) => {
      const time = new VirtualClock(START);
      const fired: string[] = [];
      for (const key of keys) time.at(at(1), () => fired.push(key), key);
      await time.run();
      return fired;
    };
    expect(await orderOf(['rel-b', 'rel-a', 'rel-c'])).toEqual(['rel-a', 'rel-b', 'rel-c']);
    expect(await orderOf(['rel-c', 'rel-b', 'rel-a'])).toEqual(['rel-a', 'rel-b', 'rel-c']);
  });

  test('two simulated people acting at one instant are handled one after the other, after the workflows', async () => {
    const time = new VirtualClock(START);
    const log: string[] = [];
    let inFlight = 0;
    const person = (name: string) => () =>
      void time.track(async () => {
        inFlight++;
        log.push(`${name} starts with ${inFlight} in flight`);
        await someWork();
        inFlight--;
      });
    time.at(at(1), person('Marco'), 'answer marco', true);
    time.at(at(1), person('Sari'), 'answer sari', true);
    time.at(at(1), () => log.push('workflow wakes'), 'rel-1');
    await time.run();
    expect(log).toEqual(['workflow wakes', 'Marco starts with 1 in flight', 'Sari starts with 1 in flight']);
  });

  test('a cancelled event never fires, and stops counting as pending', async () => {
    const time = new VirtualClock(START);
    const fired: string[] = [];
    const cancel = time.at(at(3), () => fired.push('cancelled'));
    time.at(at(5), () => fired.push('kept'));
    cancel();
    expect(time.pendingEvents).toBe(1);
    await time.run();
    expect(fired).toEqual(['kept']);
    expect(time.pendingEvents).toBe(0);
  });

  test('runs until an instant, with every event before it handled, and stops there', async () => {
    const time = new VirtualClock(START);
    const fired: number[] = [];
    for (const days of [1, 2, 10]) time.at(at(days), () => fired.push(days));
    expect(await time.run({ until: new Date(at(5)) })).toBe('until');
    expect(fired).toEqual([1, 2]);
    expect(time.now()).toEqual(new Date(at(5)));
    expect(time.pendingEvents).toBe(1);
  });

  test('a lookout sees what settled before time moves on, and may plan what follows', async () => {
    const time = new VirtualClock(START);
    const mail: number[] = [];
    const answers: number[] = [];
    time.at(at(1), () => mail.push(time.nowEpochMs()));
    let read = 0;
    time.lookout(() => {
      if (read === mail.length) return false;
      for (const sentAt of mail.slice(read)) time.at(sentAt + DAY / 2, () => answers.push(time.nowEpochMs()), 'answer', true);
      read = mail.length;
      return true;
    });
    await time.run();
    expect(answers).toEqual([at(1.5)]);
  });

  test('says "stalled" when something waits but nothing is due', async () => {
    const time = new VirtualClock(START);
    expect(await time.run({ done: () => false })).toBe('stalled');
  });

  test('a daily chore in the background runs each day while there is more to come, and never keeps the run going', async () => {
    const time = new VirtualClock(START);
    const chores: number[] = [];
    const daily = (day: number): void => void time.inBackground(at(day), () => (chores.push(day), daily(day + 1)), 'daily');
    daily(1);
    let work = 0;
    for (const days of [2.5, 4.5]) time.at(at(days), () => work++);
    expect(await time.run({ done: () => work === 2 })).toBe('done');
    expect(chores).toEqual([1, 2, 3, 4]);
    // Nothing else is due: the chore alone does not move time on.
    expect(await time.run()).toBe('stalled');
    expect(chores).toEqual([1, 2, 3, 4]);
    expect(time.now()).toEqual(new Date(at(4.5)));
  });

  test('a background chore does not hide a run that is stuck, and runs on the way to an instant asked for', async () => {
    const time = new VirtualClock(START);
    const chores: number[] = [];
    const daily = (day: number): void => void time.inBackground(at(day), () => (chores.push(day), daily(day + 1)), 'daily');
    daily(1);
    expect(await time.run({ done: () => false })).toBe('stalled');
    expect(chores).toEqual([]);
    expect(await time.run({ done: () => false, until: new Date(at(3.5)) })).toBe('until');
    expect(chores).toEqual([1, 2, 3]);
  });

  test('paced, program time passes at the given speed, and someone who acts is handled at the instant they did', async () => {
    const time = new VirtualClock(START);
    const speed = 200_000; // program seconds per wall second: a program day in about half a wall second
    const began = Date.now();
    let actedAt: number | undefined;
    let frozen = true;
    let fired = false;
    time.at(at(1), () => (fired = true));
    const run = time.run({ pace: speed, done: () => fired });
    // Someone clicks while program time passes.
    while (time.nowEpochMs() === START.getTime()) await nextTurn();
    await time.track(async () => {
      actedAt = time.nowEpochMs();
      await someWork();
      frozen = time.nowEpochMs() === actedAt;
    });
    expect(await run).toBe('done');
    expect(frozen).toBe(true);
    expect(actedAt).toBeGreaterThan(START.getTime());
    expect(actedAt).toBeLessThan(at(1));
    expect(time.now()).toEqual(new Date(at(1)));
    // A day of program time took at least its share of wall time (a busy machine only makes it longer).
    expect(Date.now() - began).toBeGreaterThanOrEqual((DAY / speed) * 0.9);
  });
});

describe('the clock handlers read', () => {
  afterEach(() => useClock(undefined));

  test('is the wall clock on AWS, and the local runtime’s program time once it sets one', () => {
    const before = Date.now();
    expect(clock()).toBe(wallClock);
    expect(clock().now().getTime()).toBeGreaterThanOrEqual(before);
    const time = new VirtualClock(START);
    useClock(time);
    expect(clock().now()).toEqual(START);
    useClock(undefined);
    expect(clock()).toBe(wallClock);
  });

  test('hands Step Functions whole seconds, at least one', () => {
    for (const [seconds, expected] of [
      [0, 1],
      [0.2, 1],
      [1.49, 1],
      [1.5, 2],
      [3 * 86_400, 3 * 86_400],
      [4 * 86_400 + 0.7, 4 * 86_400 + 1],
    ] as const)
      expect(wholeSeconds(seconds)).toBe(expected);
  });
});
