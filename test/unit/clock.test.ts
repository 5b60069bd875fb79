import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { clock, compressedClock, wallClock, useClock, type CompressedClockSettings } from '#core/clock';

const DAY = 86_400;
/** The example cohort's first morning, reached the moment the local runtime starts. */
const settings: CompressedClockSettings = {
  programOrigin: new Date('2027-01-10T23:00:00.000Z'),
  wallOrigin: new Date('2025-06-01T12:00:00.000Z'),
  // Twelve program days per wall second, as in the mentoring-year run.
  speed: 12 * DAY,
};
const wallAfter = (seconds: number) => new Date(settings.wallOrigin.getTime() + seconds * 1000);
const programAfter = (days: number) => new Date(settings.programOrigin.getTime() + days * DAY * 1000);

describe('the compressed clock of a local run', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    useClock(undefined);
  });

  test('program time starts at the origin and runs `speed` times faster than the wall clock', () => {
    const compressed = compressedClock(settings);
    vi.setSystemTime(settings.wallOrigin);
    expect(compressed.now()).toEqual(settings.programOrigin);
    vi.setSystemTime(wallAfter(1));
    expect(compressed.now()).toEqual(programAfter(12));
    vi.setSystemTime(wallAfter(30.5));
    expect(compressed.now()).toEqual(programAfter(366));
  });

  test('a program instant maps to the wall instant at which program time reaches it, and back', () => {
    const compressed = compressedClock(settings);
    const firstMeeting = new Date('2027-01-18T09:00:00.000Z');
    const wall = compressed.engineInstant(firstMeeting);
    // Seven days and ten hours of program time are 0.6194… wall seconds.
    expect(new Date(wall).getTime() - settings.wallOrigin.getTime()).toBeCloseTo(((7 * 24 + 10) * 3600 * 1000) / settings.speed, 0);
    vi.setSystemTime(new Date(wall));
    // Back to within the one wall millisecond an ISO instant can express (17 program minutes at this speed).
    expect(Math.abs(compressed.now().getTime() - firstMeeting.getTime())).toBeLessThanOrEqual(settings.speed);
    // At a slow speed the round trip is exact.
    const slow = compressedClock({ ...settings, speed: 1000 });
    vi.setSystemTime(new Date(slow.engineInstant(firstMeeting)));
    expect(slow.now()).toEqual(firstMeeting);
    // A past program instant maps to a past wall instant.
    expect(new Date(compressed.engineInstant(programAfter(-1))).getTime()).toBeLessThan(settings.wallOrigin.getTime());
  });

  test('a span of program seconds becomes that span divided by the speed', () => {
    const compressed = compressedClock(settings);
    expect(compressed.engineSeconds(12 * DAY)).toBe(1);
    expect(compressed.engineSeconds(3 * DAY)).toBe(0.25);
    expect(compressedClock({ ...settings, speed: 1 }).engineSeconds(90)).toBe(90);
  });

  test('the process clock is the one a local run sets, and the wall clock again once it is cleared', () => {
    vi.setSystemTime(wallAfter(2));
    useClock(compressedClock(settings));
    expect(clock().now()).toEqual(programAfter(24));
    useClock(undefined);
    expect(clock().now()).toEqual(wallAfter(2));
  });
});

describe('the wall clock on AWS', () => {
  test('is used when no compressed clock is set', () => {
    const wall = wallClock;
    const before = Date.now();
    const now = wall.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
    const instant = new Date('2027-03-28T01:30:00.000Z');
    expect(wall.engineInstant(instant)).toBe('2027-03-28T01:30:00.000Z');
  });

  test('hands Step Functions whole seconds, at least one', () => {
    const wall = wallClock;
    for (const [seconds, expected] of [
      [0, 1],
      [0.2, 1],
      [1.49, 1],
      [1.5, 2],
      [3 * DAY, 3 * DAY],
      [4 * DAY + 0.7, 4 * DAY + 1],
    ] as const) {
      const waited = wall.engineSeconds(seconds);
      expect(Number.isInteger(waited)).toBe(true);
      expect(waited).toBeGreaterThanOrEqual(1);
      expect(waited).toBe(expected);
    }
  });
});
