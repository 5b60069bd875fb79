import { describe, expect, test } from 'vitest';
import { coordinatorAlert, NO_ALERTS, relationshipAtRisk, riskKey, type AtRisk, type MeetingFacts, type SafetyNetThresholds } from '#domain/at-risk';
import { exampleProgram } from '../support/cohort.ts';

const thresholds: SafetyNetThresholds = { missedInARow: 2, lowRating: 2, silentDays: 30 };
const startedAt = '2027-01-11T00:00:00.000Z';
const day = (n: number) => new Date(Date.parse(startedAt) + n * 86_400_000);

/** Weekly meetings from day 7, each with the status (and rating) given; `planned` is not yet concluded. */
const year = (...statuses: (MeetingFacts['status'] | [MeetingFacts['status'], number])[]): MeetingFacts[] =>
  statuses.map((s, i) => {
    const [status, rating] = Array.isArray(s) ? s : [s, s === 'held' ? 4 : undefined];
    return { meetingNo: i + 1, startsAt: day(7 * (i + 1)).toISOString(), status, ...(rating ? { rating } : {}) };
  });

/** The reasons, judged the day after the last meeting, with the pair having just answered. */
const reasonsOf = (meetings: MeetingFacts[], limits = thresholds) =>
  relationshipAtRisk({ meetings, lastAnsweredAt: day(7 * meetings.length).toISOString(), startedAt }, day(7 * meetings.length + 1), limits);

describe('the safety net: when a relationship is at risk', () => {
  test('the example program uses the source documents’ thresholds', () => {
    expect(exampleProgram().safetyNet).toEqual(thresholds);
  });

  test('a pair that meets every time and finds it useful is not at risk', () => {
    expect(reasonsOf(year('held', 'held', 'held', 'planned'))).toEqual([]);
  });

  test('two meetings in a row not held or unanswered: at risk, naming both meetings', () => {
    const [risk] = reasonsOf(year('held', 'not-held', 'unanswered'));
    expect(risk).toMatchObject({ reason: 'two-missed-in-a-row', trigger: 'meeting-3' });
    expect(risk!.reason === 'two-missed-in-a-row' && risk!.meetings.map((m) => [m.meetingNo, m.status])).toEqual([
      [2, 'not-held'],
      [3, 'unanswered'],
    ]);
  });

  test('one miss is not a run; a held meeting between two misses resets it', () => {
    expect(reasonsOf(year('held', 'not-held'))).toEqual([]);
    expect(reasonsOf(year('not-held', 'held', 'unanswered'))).toEqual([]);
    expect(reasonsOf(year('not-held', 'unanswered', 'held'))).toEqual([]);
  });

  test('a meeting moved to a new date is not a miss: it counts by what happens at its new date', () => {
    // Meeting 3 moved: still planned at its new date.
    expect(reasonsOf(year('held', 'not-held', 'planned'))).toEqual([]);
    // Held at its new date, it resets the run; not held there either, it is the second miss.
    expect(reasonsOf(year('not-held', 'held', 'not-held'))).toEqual([]);
    expect(reasonsOf(year('held', 'not-held', 'not-held')).map((r) => r.reason)).toEqual(['two-missed-in-a-row']);
  });

  test('a longer run is the same alert: its trigger stays the meeting that made it two', () => {
    expect(reasonsOf(year('held', 'not-held', 'unanswered', 'unanswered'))).toMatchObject([{ reason: 'two-missed-in-a-row', trigger: 'meeting-3' }]);
  });

  test('the program’s threshold decides how many misses make a run', () => {
    const three = { ...thresholds, missedInARow: 3 };
    expect(reasonsOf(year('held', 'not-held', 'unanswered'), three)).toEqual([]);
    expect(reasonsOf(year('not-held', 'not-held', 'unanswered'), three)).toMatchObject([{ reason: 'two-missed-in-a-row', trigger: 'meeting-3' }]);
  });

  test('a rating of exactly the threshold counts; one above does not', () => {
    expect(reasonsOf(year('held', ['held', 2]))).toMatchObject([{ reason: 'low-rating', trigger: 'meeting-2', rating: 2 }]);
    expect(reasonsOf(year('held', ['held', 1]))).toMatchObject([{ reason: 'low-rating', rating: 1 }]);
    expect(reasonsOf(year('held', ['held', 3]))).toEqual([]);
  });

  test('the latest rating counts: a good meeting after a poor one clears it, a miss after it does not', () => {
    expect(reasonsOf(year(['held', 1], ['held', 4]))).toEqual([]);
    expect(reasonsOf(year(['held', 1], 'not-held'))).toMatchObject([{ reason: 'low-rating', trigger: 'meeting-1' }]);
    expect(reasonsOf(year(['held', 1], ['held', 2]))).toMatchObject([{ reason: 'low-rating', trigger: 'meeting-2' }]);
  });

  // The check-in's rating is optional: `['held', 0]` is a meeting held without one.
  test('a meeting held without a rating is no low rating; the last rating given still stands, under its own meeting', () => {
    expect(reasonsOf(year(['held', 0], ['held', 0]))).toEqual([]);
    expect(reasonsOf(year(['held', 4], ['held', 0]))).toEqual([]);
    // Its alert went out with meeting 1, once: the same trigger sends nothing new.
    expect(reasonsOf(year(['held', 1], ['held', 0]))).toMatchObject([{ reason: 'low-rating', trigger: 'meeting-1' }]);
  });

  test('a low-rating threshold of 0 never counts', () => {
    expect(reasonsOf(year(['held', 1]), { ...thresholds, lowRating: 0 })).toEqual([]);
  });

  test('silence counts from the last answered check-in: 29 days is not yet silent, 30 is', () => {
    const meetings = year('held', 'unanswered', 'planned');
    const lastAnsweredAt = day(7).toISOString();
    expect(relationshipAtRisk({ meetings: meetings.slice(0, 1), lastAnsweredAt, startedAt }, day(7 + 29.9), thresholds)).toEqual([]);
    expect(relationshipAtRisk({ meetings: meetings.slice(0, 1), lastAnsweredAt, startedAt }, day(7 + 30), thresholds)).toEqual([
      { reason: 'silent', trigger: `since-${lastAnsweredAt}`, since: lastAnsweredAt, days: 30 },
    ]);
  });

  test('with nothing ever answered, silence counts from the relationship’s start', () => {
    expect(relationshipAtRisk({ meetings: [], startedAt }, day(29), thresholds)).toEqual([]);
    expect(relationshipAtRisk({ meetings: [], startedAt }, day(31), thresholds)).toMatchObject([{ reason: 'silent', trigger: `since-${startedAt}`, days: 31 }]);
  });

  test('every reason at once is reported once each, in a fixed order', () => {
    const meetings = year(['held', 1], 'unanswered', 'unanswered', 'unanswered', 'unanswered');
    expect(relationshipAtRisk({ meetings, lastAnsweredAt: day(7).toISOString(), startedAt }, day(40), thresholds).map((r) => r.reason)).toEqual([
      'two-missed-in-a-row',
      'low-rating',
      'silent',
    ]);
  });
});

describe('the coordinator hears of a pair at most once a day, and of every reason', () => {
  const missed: AtRisk = { reason: 'two-missed-in-a-row', trigger: 'meeting-3', meetings: year('held', 'not-held', 'unanswered').slice(1) };
  const silent: AtRisk = { reason: 'silent', trigger: `since-${startedAt}`, since: startedAt, days: 22 };
  const lowRating: AtRisk = {
    reason: 'low-rating',
    trigger: 'meeting-4',
    meetings: year('held', 'held', 'held', ['held', 1]).slice(3) as [MeetingFacts],
    rating: 1,
  };
  const keys = (risks: AtRisk[] | undefined) => risks?.map(riskKey);

  test('two reasons found at once: one alert naming both', () => {
    const { send, log } = coordinatorAlert([missed, silent], NO_ALERTS, '2027-02-02');
    expect(keys(send)).toEqual(['two-missed-in-a-row/meeting-3', `silent/since-${startedAt}`]);
    expect(log).toEqual({ alerted: { '2027-02-02': keys(send) }, folded: [] });
  });

  test('a reason found later the same day, after the alert went, is folded: recorded, not sent', () => {
    const morning = coordinatorAlert([missed], NO_ALERTS, '2027-02-02').log;
    const afternoon = coordinatorAlert([missed, lowRating], morning, '2027-02-02');
    expect(afternoon.send).toBeUndefined();
    expect(afternoon.log).toEqual({ alerted: { '2027-02-02': ['two-missed-in-a-row/meeting-3'] }, folded: [lowRating] });
    // Found again that evening, it is not folded twice.
    expect(coordinatorAlert([missed, lowRating], afternoon.log, '2027-02-02')).toEqual({ log: afternoon.log });
  });

  test('the next alert, on a later day, names the folded reason first, even when it no longer holds', () => {
    const folded = { alerted: { '2027-02-02': ['two-missed-in-a-row/meeting-3'] }, folded: [lowRating] };
    const nextDay = coordinatorAlert([silent], folded, '2027-02-09');
    expect(keys(nextDay.send)).toEqual(['low-rating/meeting-4', `silent/since-${startedAt}`]);
    expect(nextDay.log).toEqual({ alerted: { ...folded.alerted, '2027-02-09': keys(nextDay.send) }, folded: [] });
  });

  test('a reason named before is not named again, whatever the day; nothing new, nothing sent', () => {
    const told = coordinatorAlert([missed], NO_ALERTS, '2027-02-02').log;
    expect(coordinatorAlert([missed], told, '2027-02-16')).toEqual({ log: told });
    expect(coordinatorAlert([], NO_ALERTS, '2027-02-16')).toEqual({ log: NO_ALERTS });
  });

  test('a folded reason waits for a day with no alert yet: one found the same day is folded beside it', () => {
    const folded = { alerted: { '2027-02-02': ['two-missed-in-a-row/meeting-3'] }, folded: [lowRating] };
    expect(coordinatorAlert([silent], folded, '2027-02-02').log.folded).toEqual([lowRating, silent]);
  });
});
