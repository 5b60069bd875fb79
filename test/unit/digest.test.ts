import { describe, expect, test } from 'vitest';
import {
  digestDue,
  digestItems,
  hasSomethingToSay,
  nextDigestAt,
  rematchesOfTheWeek,
  rematchProposalIsNews,
  weekStartDay,
  type DigestFacts,
  type DigestItem,
} from '#domain/desk/digest';
import { stateMachineOf } from '#domain/lifecycle/phases';
import { actionsFor, coordinatorActionOf, coordinatorActionPhase, coordinatorActionQuestionId, weekKeyOf } from '#domain/desk/coordinator-actions';
import type { MeetingFacts } from '#domain/at-risk';
import { exampleProgram } from '../support/cohort.ts';

const program = exampleProgram();
const calendar = { program, startDate: '2027-01-11', timeZone: 'Europe/Oslo' };
const at = (iso: string) => new Date(iso);
const day = (n: number) => new Date(Date.parse('2027-01-11T00:00:00.000Z') + n * 86_400_000).toISOString();
const meeting = (meetingNo: number, status: MeetingFacts['status'], rating?: number): MeetingFacts => ({
  meetingNo,
  startsAt: day(7 * meetingNo),
  status,
  ...(rating ? { rating } : {}),
});
const checkIn = (meetingNo: number, on: number, outcome = 'held') => ({
  kind: 'check-in' as const,
  subject: { meetingNo },
  answers: { 'p-mentee': { role: 'mentee' as const, answeredAt: day(on), outcome, details: {} } },
  settledAt: day(on),
});
const facts = (overrides: Partial<DigestFacts> = {}): DigestFacts => ({
  relationship: {
    relationshipId: 'rel-a',
    status: 'active',
    pauses: [],
    extensions: 0,
    mentees: [{ personId: 'p-mentee', managerId: 'p-manager', competencies: [], status: 'active' }],
  },
  calendar,
  meetings: [meeting(1, 'held', 4), meeting(2, 'held', 4), meeting(3, 'planned')],
  saved: [checkIn(1, 7), checkIn(2, 14)],
  goals: [],
  mail: [],
  open: [],
  people: [],
  thresholds: program.safetyNet,
  ...overrides,
});
/** The week a digest on Monday 25 January 2027 covers. */
const week = { since: at('2027-01-18T07:00:00.000Z'), now: at('2027-01-25T07:00:00.000Z') };

describe('when a coordinator’s digest is due', () => {
  test('at 08:00 on the first day of their working week, in their zone, within the hour', () => {
    expect(weekStartDay(['mon', 'tue', 'wed', 'thu', 'fri'])).toBe('mon');
    expect(weekStartDay(['sun', 'mon', 'tue', 'wed', 'thu'])).toBe('sun');
    expect(weekStartDay(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).toBe('mon');
    const weekdays = program.meetings.workingDays;
    // Oslo in winter is UTC+1: 08:00 there is 07:00 UTC.
    expect(digestDue(at('2027-01-25T07:00:00.000Z'), 'Europe/Oslo', weekdays)).toEqual({
      week: 'week-2027-01-25',
      startsAt: at('2027-01-25T07:00:00.000Z'),
      since: at('2027-01-18T07:00:00.000Z'),
    });
    expect(digestDue(at('2027-01-25T06:00:00.000Z'), 'Europe/Oslo', weekdays)).toBeUndefined();
    expect(digestDue(at('2027-01-25T08:00:00.000Z'), 'Europe/Oslo', weekdays)).toBeUndefined();
    // Summer time moves the UTC hour, not the coordinator's.
    expect(digestDue(at('2027-06-07T06:00:00.000Z'), 'Europe/Oslo', weekdays)?.week).toBe('week-2027-06-07');
    // Half an hour off UTC: the hourly tick at 03:00 UTC is 08:30 in Kolkata, within the hour.
    expect(digestDue(at('2027-01-25T03:00:00.000Z'), 'Asia/Kolkata', weekdays)?.week).toBe('week-2027-01-25');
    // A Sunday-to-Thursday week starts on Sunday.
    expect(digestDue(at('2027-01-24T05:00:00.000Z'), 'Asia/Riyadh', ['sun', 'mon', 'tue', 'wed', 'thu'])?.week).toBe('week-2027-01-24');
    expect(nextDigestAt(at('2027-01-25T07:30:00.000Z'), 'Europe/Oslo', weekdays)).toEqual(at('2027-02-01T07:00:00.000Z'));
  });
});

describe('what a digest says about a relationship', () => {
  test('meeting as planned, nothing due this week: nothing to say', () => {
    expect(digestItems(facts(), week)).toEqual([]);
    expect(hasSomethingToSay([{ items: [] }], [])).toBe(false);
  });

  test('at risk: each reason, since the day the safety net first noted it', () => {
    const items = digestItems(
      facts({
        relationship: { ...facts().relationship, safetyNetAlerts: { alerted: { '2027-01-22': ['two-missed-in-a-row/meeting-3'] }, folded: [] } },
        meetings: [meeting(1, 'held', 4), meeting(2, 'not-held'), meeting(3, 'unanswered')],
        saved: [checkIn(1, 7), checkIn(2, 14, 'not-held')],
      }),
      week,
    );
    expect(items).toEqual([
      { item: 'at-risk', risks: [expect.objectContaining({ reason: 'two-missed-in-a-row', trigger: 'meeting-3', notedOn: '2027-01-22T12:00:00.000Z' })] },
    ]);
  });

  test('a question still unanswered after its reminder: who, since when; one not yet reminded is not listed', () => {
    const open: DigestFacts['open'] = [
      {
        questionId: 'q1',
        kind: 'review' as const,
        subject: { review: 'month-3' },
        closesAt: day(20),
        links: { 'p-mentee': 'l1', 'p-mentor': 'l2' },
        answers: {},
      },
      { questionId: 'q2', kind: 'goals' as const, subject: {}, closesAt: day(21), links: { 'p-mentee': 'l3' }, answers: {} },
    ];
    const mail = [
      { kind: 'review', messageKey: 'review/month-3/p-mentee', sentAt: day(10) },
      { kind: 'review', messageKey: 'review/month-3/p-mentor', sentAt: day(10) },
      { kind: 'review-reminder', messageKey: 'review-reminder/month-3/p-mentee', sentAt: day(13) },
      { kind: 'goals', messageKey: 'goals/once/p-mentee', sentAt: day(12) },
    ];
    const items = digestItems(facts({ open, mail }), week);
    expect(items).toEqual([
      { item: 'unanswered', kind: 'review', subject: { review: 'month-3' }, waitingFor: ['p-mentee'], askedAt: day(10), closesAt: day(20) },
    ]);
  });

  test('this week: a pause ending, a review and the closure due; a bounce since the last digest', () => {
    const paused = digestItems(
      facts({ relationship: { ...facts().relationship, status: 'paused', pauses: [{ pauseNo: 1, from: day(7), plannedUntil: '2027-01-28T09:00:00.000Z' }] } }),
      week,
    );
    expect(paused).toEqual([{ item: 'pause-ends', at: '2027-01-28T09:00:00.000Z' }]);
    // Answered lately: not silent, so the review due is the week's only news.
    const review = digestItems(facts({ saved: [checkIn(12, 85)] }), { since: at('2027-03-29T06:00:00.000Z'), now: at('2027-04-05T06:00:00.000Z') });
    expect(review).toEqual([{ item: 'review-due', review: 'month-3', at: expect.stringMatching(/^2027-04-1[01]/) }]);
    const closing = digestItems(facts({ saved: [checkIn(12, 355)] }), { since: at('2028-01-03T07:00:00.000Z'), now: at('2028-01-10T07:00:00.000Z') });
    expect(closing.map((i) => i.item)).toContain('closure-due');
    const bounced = digestItems(
      facts({ people: [{ personId: 'p-mentor', undeliverableSince: '2027-01-20T10:00:00.000Z', undeliverableBecause: 'bounce' }] }),
      week,
    );
    expect(bounced).toEqual([{ item: 'undeliverable', personId: 'p-mentor', because: 'bounce', since: '2027-01-20T10:00:00.000Z' }]);
    // A bounce told in an earlier digest is not told again.
    expect(digestItems(facts({ people: [{ personId: 'p-mentor', undeliverableSince: day(2), undeliverableBecause: 'bounce' }] }), week)).toEqual([]);
  });

  test('ended since the last digest: the outcome in the shared labels, meetings held, goals reached, satisfaction', () => {
    const items = digestItems(
      facts({
        relationship: { ...facts().relationship, status: 'closed', ending: 'completed', closedAt: '2027-01-20T12:00:00.000Z' },
        meetings: [meeting(1, 'held', 4), meeting(2, 'not-held'), meeting(3, 'not-held')],
        goals: [{ target: 4, ratings: [{ by: 'mentee', value: 4, at: day(15), review: 'closure' }] as never }],
      }),
      week,
    );
    expect(items).toEqual([
      {
        item: 'ended',
        at: '2027-01-20T12:00:00.000Z',
        outcome: { name: 'completed-few-meetings', pauses: 0, extensions: 0, followedUp: false },
        meetingsHeld: 1,
        goals: 1,
        goalsReached: expect.any(Number),
        wouldMentor: [],
      },
    ]);
  });

  test('rematch requests: new ones are news; older ones still open are no reason to write', () => {
    const requests = [
      { menteeId: 'p-1', relationshipId: 'rel-a', reason: 'declined', openedAt: '2027-01-20T10:00:00.000Z' },
      { menteeId: 'p-2', relationshipId: 'rel-b', reason: 'ended-early', openedAt: '2027-01-05T10:00:00.000Z' },
    ];
    const { fresh, stillOpen } = rematchesOfTheWeek(requests, week);
    expect(fresh.map((r) => r.menteeId)).toEqual(['p-1']);
    expect(stillOpen).toBe(1);
    expect(hasSomethingToSay([], fresh)).toBe(true);
    expect(hasSomethingToSay([], rematchesOfTheWeek([requests[1]!], week).fresh)).toBe(false);
  });
});

describe('the buttons a digest offers for a relationship', () => {
  const relationship = {
    relationshipId: 'rel-0a1b2c3d4e5f',
    status: 'active' as const,
    phase: 'meetings-1' as const,
    pauses: [],
    coordinatorId: 'p-coordinator',
  };
  const atRisk: DigestItem = { item: 'at-risk', risks: [{ reason: 'silent', trigger: day(30), since: day(0), days: 30 }] };
  const unanswered = (waitingFor: string[]): DigestItem => ({
    item: 'unanswered',
    kind: 'review',
    subject: { review: 'month-3' },
    waitingFor,
    askedAt: day(80),
    closesAt: day(95),
  });

  test('at risk: nudge, pause and end without blame; a pair that cannot pause now (out of its meetings, or paused) is not offered one', () => {
    expect(actionsFor(relationship, [atRisk])).toEqual(['nudge', 'pause', 'end']);
    expect(actionsFor({ ...relationship, phase: 'closure' }, [atRisk])).toEqual(['nudge', 'end']);
    expect(actionsFor({ ...relationship, status: 'paused' }, [atRisk])).toEqual(['nudge', 'end']);
  });

  test('a question the pair has not answered brings a nudge; one waiting on the coordinator alone brings none; news alone brings nothing', () => {
    expect(actionsFor(relationship, [unanswered(['p-mentee'])])).toEqual(['nudge']);
    expect(actionsFor(relationship, [unanswered(['p-coordinator'])])).toEqual([]);
    expect(
      actionsFor(relationship, [
        { item: 'closure-due', at: day(360) },
        { item: 'review-due', review: 'month-3', at: day(90) },
      ]),
    ).toEqual([]);
  });

  test('a relationship that has ended offers nothing', () => {
    expect(actionsFor({ ...relationship, status: 'closed' }, [atRisk, unanswered(['p-mentee'])])).toEqual([]);
  });

  test('a choice is named by relationship, action and week, as a question and as a run; other phases are no choice', () => {
    const week = weekKeyOf(at('2027-02-01T07:00:00.000Z'), 'Europe/Oslo');
    expect(week).toBe('20270201');
    expect(coordinatorActionQuestionId('rel-0a1b2c3d4e5f', { action: 'pause', weekKey: week })).toBe('rel-0a1b2c3d4e5f.coordinator-pause.20270201');
    expect(coordinatorActionPhase({ action: 'pause', weekKey: week })).toBe('coordinator-pause-20270201');
    // A rematch names which of the ended relationship's mentees it takes up.
    expect(coordinatorActionPhase({ action: 'rematch', weekKey: week, mentee: 2 })).toBe('coordinator-rematch-2-20270201');
    expect(coordinatorActionOf('coordinator-rematch-2-20270201')).toEqual({ action: 'rematch', weekKey: '20270201', mentee: 2 });
    expect(stateMachineOf('coordinator-rematch-2-20270201')).toBe('CoordinatorAction');
    expect(coordinatorActionOf('coordinator-pause-20270201')).toEqual({ action: 'pause', weekKey: '20270201' });
    expect(coordinatorActionOf('pause-1')).toBeUndefined();
  });
});

describe('a proposed rematch waiting on the coordinator', () => {
  test('is a reason to write for four weeks after its request opened; after that it waits for a digest that goes anyway', () => {
    const opened = '2027-04-15T10:00:00.000Z';
    expect(rematchProposalIsNews(opened, at('2027-04-19T06:00:00.000Z'))).toBe(true);
    expect(rematchProposalIsNews(opened, at('2027-05-10T06:00:00.000Z'))).toBe(true);
    expect(rematchProposalIsNews(opened, at('2027-05-17T06:00:00.000Z'))).toBe(false);
  });
});
