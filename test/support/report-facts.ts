import { plannedMeetings, type RelationshipCalendar } from '#domain/program/schedule';
import { checkInTime } from '#domain/lifecycle/next-step';
import type { ReportFacts } from '#domain/report/program-report';
import type { RelationshipFacts } from '#domain/report/facts';
import { PRICES } from '#domain/report/prices';
import { exampleProgram } from './cohort.ts';

/**
 * The program report's figures over hand-made relationships whose numbers are known in advance:
 * a pair of January's cohort that met through its first ten meetings, one of March's that
 * missed its two and ended early, a January match that was declined, and a pair of the year
 * before that completed, looked back and followed up.
 */
export const program = exampleProgram({ id: 'pilot' });
const calendarOf = (startDate: string): RelationshipCalendar => ({ program, startDate, timeZone: program.timeZone });
const HOUR = 3_600_000;
const after = (at: Date | string, hours: number) => new Date(new Date(at).getTime() + hours * HOUR).toISOString();
const base = { coordinatorId: 'p-coordinator', pauses: [], extensions: 0 };

// January: meetings 1-7 weekly, 8-10 every two weeks; meeting 3 moved a day on by the pair.
const january = calendarOf('2027-01-11');
const slots = plannedMeetings(january);
const statuses = ['held', 'held', 'held', 'not-held', 'held', 'unanswered', 'held', 'held', 'not-held', 'not-held'] as const;
const ratings: Record<number, number> = { 1: 4, 2: 5, 3: 3, 5: 4, 7: 2, 8: 4 };
const hoursToAnswer: Record<number, number> = { 1: 1, 2: 2, 3: 4, 4: 5, 5: 6, 7: 10, 8: 20, 9: 30, 10: 40 };
const meetingsOfA = statuses.map((status, i) => {
  const meetingNo = i + 1;
  const slot = slots[i]!.toISOString();
  const moved = meetingNo === 3 ? [{ from: slot, to: after(slot, 24) }] : [];
  return {
    meetingNo,
    startsAt: moved[0]?.to ?? slot,
    status,
    moves: moved,
    ...(ratings[meetingNo] ? { rating: ratings[meetingNo], mode: meetingNo === 1 ? ('face-to-face' as const) : ('video' as const) } : {}),
  };
});
const checkIn = (meetingNo: number, occurrence: number, outcome: string, hours: number) => {
  const meeting = meetingsOfA[meetingNo - 1]!;
  const date = meeting.moves[occurrence - 1]?.from ?? meeting.startsAt;
  return {
    kind: 'check-in' as const,
    subject: { meetingNo, occurrence },
    outcome,
    answers: { 'p-sari': { role: 'mentee' as const, answeredAt: after(checkInTime(program, new Date(date)), hours), outcome, details: {} } },
  };
};
const reviewAnswer = (review: string, at: string) => ({
  kind: 'review' as const,
  subject: { review },
  answers: {
    'p-sari': { role: 'mentee' as const, answeredAt: at, outcome: 'rated', details: {} },
    'p-marco': { role: 'mentor' as const, answeredAt: at, outcome: 'rated', details: {} },
  },
});

const pairA: RelationshipFacts = {
  relationship: {
    ...base,
    relationshipId: 'rel-aaaaaaaaaaaa',
    mentorId: 'p-marco',
    mentees: [{ personId: 'p-sari', managerId: 'p-eva', competencies: ['delegation', 'giving-feedback'], status: 'active' }],
    startDate: '2027-01-11',
    status: 'active',
    enrolledAt: '2027-01-04T09:00:00.000Z',
    reviewsDone: ['month-3'],
  },
  calendar: january,
  meetings: meetingsOfA,
  goals: [
    {
      menteeId: 'p-sari',
      goalNo: 1,
      competency: 'delegation',
      baseline: 2,
      target: 4,
      ratings: { 'month-3': { mentee: 3, mentor: 2 } },
      endorsedAt: '2027-01-20T10:00:00.000Z',
    },
    {
      menteeId: 'p-sari',
      goalNo: 2,
      competency: 'giving-feedback',
      baseline: 1,
      target: 5,
      ratings: { 'month-3': { mentee: 5, mentor: 3 } },
      endorsedAt: '2027-01-20T10:00:00.000Z',
    },
  ],
  saved: [
    { kind: 'match', subject: {}, answers: { 'p-sari': { role: 'mentee', answeredAt: '2027-01-05T09:00:00.000Z', outcome: 'accept', details: {} } } },
    {
      kind: 'goal-endorsement',
      subject: {},
      answers: { 'p-eva': { role: 'manager', answeredAt: '2027-01-20T10:00:00.000Z', outcome: 'endorse', details: {} } },
    },
    checkIn(3, 1, 'moved', 3),
    ...meetingsOfA.filter((m) => m.status !== 'unanswered').map((m) => checkIn(m.meetingNo, m.moves.length + 1, m.status, hoursToAnswer[m.meetingNo]!)),
    reviewAnswer('month-3', '2027-04-12T12:00:00.000Z'),
  ],
  mail: [
    { kind: 'check-in', recipientRole: 'mentee', sentAt: '2027-01-18T11:00:00.000Z', messageKey: 'check-in/1/1/p-sari' },
    { kind: 'check-in', recipientRole: 'mentor', sentAt: '2027-01-18T11:00:00.000Z', messageKey: 'check-in/1/1/p-marco' },
    { kind: 'check-in', recipientRole: 'mentee', sentAt: '2027-01-25T11:00:00.000Z', messageKey: 'check-in/2/1/p-sari' },
    { kind: 'goal-endorsement', recipientRole: 'manager', sentAt: '2027-01-19T11:00:00.000Z', messageKey: 'goal-endorsement/goals/p-eva/p-sari' },
  ],
};

// March: both meetings unanswered, an alert, a pause of 14 days, then an early end.
const march = calendarOf('2027-03-01');
const pairB: RelationshipFacts = {
  relationship: {
    ...base,
    relationshipId: 'rel-bbbbbbbbbbbb',
    mentorId: 'p-anneke',
    mentees: [{ personId: 'p-tomasz', managerId: 'p-eva', competencies: ['delegation'], status: 'active' }],
    startDate: '2027-03-01',
    status: 'closed',
    ending: 'ended-early',
    enrolledAt: '2027-02-22T09:00:00.000Z',
    closedAt: '2027-05-01T09:00:00.000Z',
    pauses: [{ pauseNo: 1, from: '2027-03-20T09:00:00.000Z', resumedAt: '2027-04-03T09:00:00.000Z' }],
    safetyNetAlerts: { alerted: { '2027-03-17': ['two-missed-in-a-row/meeting-2', 'silent/since-2027-03-01'] }, folded: [] },
  },
  calendar: march,
  meetings: plannedMeetings(march)
    .slice(0, 2)
    .map((at, i) => ({ meetingNo: i + 1, startsAt: at.toISOString(), status: 'unanswered' as const, moves: [] })),
  goals: [],
  saved: [{ kind: 'match', subject: {}, answers: { 'p-tomasz': { role: 'mentee', answeredAt: '2027-02-23T09:00:00.000Z', outcome: 'accept', details: {} } } }],
  mail: [{ kind: 'at-risk-alert', recipientRole: 'coordinator', sentAt: '2027-03-17T09:00:00.000Z', messageKey: 'at-risk-alert/day-2027-03-17/p-coordinator' }],
};

// January too: the mentee declined the match.
const declined: RelationshipFacts = {
  relationship: {
    ...base,
    relationshipId: 'rel-cccccccccccc',
    mentorId: 'p-lars',
    mentees: [{ personId: 'p-giulia', managerId: 'p-luca', competencies: ['delegation'], status: 'left' }],
    startDate: '2027-01-11',
    status: 'closed',
    ending: 'not-matched',
    enrolledAt: '2027-01-04T09:00:00.000Z',
    closedAt: '2027-01-08T09:00:00.000Z',
  },
  calendar: january,
  meetings: [],
  goals: [],
  saved: [{ kind: 'match', subject: {}, answers: { 'p-giulia': { role: 'mentee', answeredAt: '2027-01-06T09:00:00.000Z', outcome: 'decline', details: {} } } }],
  mail: [],
};

// The year before: completed, looked back, followed up.
const lastYear = calendarOf('2026-01-12');
const survey = (role: 'mentee' | 'mentor', details: Record<string, string | number>) => ({
  role,
  answeredAt: '2027-01-13T09:00:00.000Z',
  outcome: 'looked-back',
  details,
});
const completed: RelationshipFacts = {
  relationship: {
    ...base,
    relationshipId: 'rel-dddddddddddd',
    mentorId: 'p-ingrid',
    mentees: [{ personId: 'p-budi', managerId: 'p-luca', competencies: ['delegation'], status: 'active' }],
    startDate: '2026-01-12',
    status: 'closed',
    ending: 'completed',
    enrolledAt: '2026-01-05T09:00:00.000Z',
    closedAt: '2027-01-20T09:00:00.000Z',
    recordCompletedAt: '2027-04-14T09:00:00.000Z',
  },
  calendar: lastYear,
  meetings: [],
  goals: [],
  saved: [
    {
      kind: 'look-back',
      subject: { review: 'final' },
      answers: {
        'p-budi': survey('mentee', { satisfaction: 5, recommend: 'yes', mentorOthers: 'maybe', note: 'Thank you Ingrid' }),
        'p-ingrid': survey('mentor', { satisfaction: 4, recommend: 'yes', mentorOthers: 'yes' }),
      },
    },
    { kind: 'follow-up', subject: {}, answers: { 'p-budi': { role: 'mentee', answeredAt: '2027-04-14T09:00:00.000Z', outcome: 'held', details: {} } } },
  ],
  mail: [],
};

export const facts = (period: ReportFacts['period'] = {}): ReportFacts => ({
  program,
  relationships: [pairB, declined, completed, pairA],
  marks: [{ personId: 'p-tomasz', undeliverableSince: '2027-03-10T09:00:00.000Z', undeliverableBecause: 'bounce' }],
  usage: { source: 'local runtime', points: [{ day: '2027-01-18', measure: 'stateTransitions', value: 40_000 }] },
  period,
  now: new Date('2027-06-01T00:00:00.000Z'),
  prices: PRICES,
});
