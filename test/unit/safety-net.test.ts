import { describe, expect, test } from 'vitest';
import {
  legacyAlerts,
  mayNudge,
  NUDGE_GAP_DAYS,
  pairAnswers,
  safetyNetLook,
  settledCheckIns,
  type CheckInAnswer,
  type SafetyNetFacts,
} from '#domain/safety-net';
import type { MeetingFacts, SafetyNetThresholds } from '#domain/at-risk';

const thresholds: SafetyNetThresholds = { missedInARow: 2, lowRating: 2, silentDays: 30 };
const startedAt = '2027-01-11T00:00:00.000Z';
const day = (n: number) => new Date(Date.parse(startedAt) + n * 86_400_000);
const meeting = (meetingNo: number, status: MeetingFacts['status'], rating?: number): MeetingFacts => ({
  meetingNo,
  startsAt: day(7 * meetingNo).toISOString(),
  status,
  ...(rating ? { rating } : {}),
});
const checkIn = (meetingNo: number, settledOn: number, outcome = 'held', note?: string): CheckInAnswer => ({
  kind: 'check-in',
  subject: { meetingNo, occurrence: 1 },
  answers: { 'p-mentee': { role: 'mentee', answeredAt: day(settledOn).toISOString(), outcome, details: note ? { note } : {} } },
  settledAt: day(settledOn).toISOString(),
});
const nudgeOn = (n: number) => ({ kind: 'at-risk-nudge', messageKey: `at-risk-nudge/x/${n}`, sentAt: day(n).toISOString() });

/** A pair that held meeting 1 and missed 2 and 3, looked at the day after meeting 3, in Amsterdam. */
const missedTwo = (overrides: Partial<SafetyNetFacts> = {}): SafetyNetFacts => ({
  meetings: [meeting(1, 'held', 4), meeting(2, 'not-held'), meeting(3, 'unanswered')],
  saved: [checkIn(1, 7), checkIn(2, 14, 'not-held')],
  mail: [],
  startedAt,
  zone: 'Europe/Amsterdam',
  thresholds,
  ...overrides,
});

describe('the pair is nudged at most once in 28 days', () => {
  test('a nudge 28 days ago or more allows the next; one within the gap does not', () => {
    expect(NUDGE_GAP_DAYS).toBe(28);
    expect(mayNudge([], day(40))).toBe(true);
    expect(mayNudge([nudgeOn(12)], day(40))).toBe(true);
    expect(mayNudge([nudgeOn(13)], day(40))).toBe(false);
  });

  test('only nudges count: the coordinator’s alerts and other letters do not', () => {
    expect(
      mayNudge(
        [
          { kind: 'at-risk-alert', sentAt: day(39).toISOString() },
          { kind: 'check-in', sentAt: day(39).toISOString() },
        ],
        day(40),
      ),
    ).toBe(true);
  });
});

describe('what the pair said per meeting', () => {
  test('settled check-ins, oldest first; the answer that settled a meeting’s latest date stands', () => {
    const saved = [checkIn(2, 15, 'held', 'second date'), checkIn(1, 8), checkIn(2, 14, 'moved', 'first date'), { ...checkIn(3, 21), settledAt: undefined }];
    expect(settledCheckIns(saved).map((a) => a.settledAt)).toEqual([day(8), day(14), day(15)].map((d) => d.toISOString()));
    const answers = pairAnswers(settledCheckIns(saved));
    expect([...answers.keys()]).toEqual([1, 2]);
    expect(answers.get(2)?.details.note).toBe('second date');
  });

  test('other questions are no check-ins', () => {
    expect(settledCheckIns([{ ...checkIn(1, 8), kind: 'review' }])).toEqual([]);
  });
});

describe('alerts sent before each day had one alert', () => {
  test('each named one reason in its key, and counts on the coordinator’s day', () => {
    const mail = [
      // 23:30 in UTC is the next day in Amsterdam.
      { kind: 'at-risk-alert', messageKey: 'at-risk-alert/silent/since-x/p-coordinator', sentAt: '2027-02-01T23:30:00.000Z' },
      { kind: 'at-risk-alert', messageKey: 'at-risk-alert/low-rating/meeting-2/p-coordinator', sentAt: '2027-02-02T08:00:00.000Z' },
      { kind: 'at-risk-alert', messageKey: 'at-risk-alert/day-2027-02-09/p-coordinator', sentAt: '2027-02-09T08:00:00.000Z' },
    ];
    expect(legacyAlerts(mail, 'Europe/Amsterdam')).toEqual({ '2027-02-02': ['silent/since-x', 'low-rating/meeting-2'] });
    expect(legacyAlerts(mail, 'UTC')).toEqual({ '2027-02-01': ['silent/since-x'], '2027-02-02': ['low-rating/meeting-2'] });
  });
});

describe('one look of the safety net', () => {
  test('a new reason: the coordinator is alerted today, the pair nudged, the log written', () => {
    const look = safetyNetLook(missedTwo(), day(22));
    expect(look.risks.map((r) => r.reason)).toEqual(['two-missed-in-a-row']);
    expect(look.today).toBe('2027-02-02');
    expect(look.send?.map((r) => r.trigger)).toEqual(['meeting-3']);
    expect(look.nudge).toMatchObject({ reason: 'two-missed-in-a-row', trigger: 'meeting-3' });
    expect(look.log).toEqual({ alerted: { '2027-02-02': ['two-missed-in-a-row/meeting-3'] }, folded: [] });
    expect(look.logChanged).toBe(true);
  });

  test('looked at again with the log it wrote: nothing to send, nothing to write', () => {
    const first = safetyNetLook(missedTwo(), day(22));
    const again = safetyNetLook(missedTwo({ stored: first.log, mail: [nudgeOn(22)] }), day(22));
    expect(again.send).toBeUndefined();
    expect(again.nudge).toBeUndefined();
    expect(again.logChanged).toBe(false);
  });

  test('a new reason on a day whose alert went is folded, and the pair, nudged lately, is not nudged again', () => {
    const first = safetyNetLook(missedTwo(), day(22));
    const later = safetyNetLook(
      missedTwo({
        meetings: [...missedTwo().meetings, meeting(4, 'held', 1)],
        stored: first.log,
        mail: [nudgeOn(22)],
        saved: [...missedTwo().saved, checkIn(4, 22)],
      }),
      day(22.2),
    );
    expect(later.send).toBeUndefined();
    expect(later.fresh.map((r) => r.reason)).toEqual(['low-rating']);
    expect(later.log.folded.map((r) => r.trigger)).toEqual(['meeting-4']);
    expect(later.nudge).toBeUndefined();
    expect(later.logChanged).toBe(true);
  });

  test('a pair nudged 28 days ago or more is nudged about a new reason', () => {
    expect(safetyNetLook(missedTwo({ mail: [nudgeOn(-6)] }), day(22)).nudge).toBeDefined();
    expect(safetyNetLook(missedTwo({ mail: [nudgeOn(-5)] }), day(22)).nudge).toBeUndefined();
  });

  test('an alert sent under the old keys counts as told: the same reason is not sent again', () => {
    const mail = [{ kind: 'at-risk-alert', messageKey: 'at-risk-alert/two-missed-in-a-row/meeting-3/p-coordinator', sentAt: day(21.5).toISOString() }];
    const look = safetyNetLook(missedTwo({ mail }), day(22));
    expect(look.send).toBeUndefined();
    expect(look.nudge).toBeUndefined();
  });

  test('silence counts from the last settled check-in', () => {
    const quiet = missedTwo({ meetings: [meeting(1, 'held', 4)], saved: [checkIn(1, 7)] });
    expect(safetyNetLook(quiet, day(36.9)).risks).toEqual([]);
    expect(safetyNetLook(quiet, day(37)).risks.map((r) => r.reason)).toEqual(['silent']);
  });
});
