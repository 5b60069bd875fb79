import { describe, expect, test } from 'vitest';
import { matchesFilter, relationshipStatus, type StatusFacts } from '#domain/desk/relationship-status';
import type { MeetingFacts } from '#domain/at-risk';
import { deskOrder, statusTable } from '#presentation/reports/status-table';
import { exampleProgram } from '../support/cohort.ts';

const program = exampleProgram();
const thresholds = { missedInARow: 2, lowRating: 2, silentDays: 30 };
const calendar = { program, startDate: '2027-01-11', timeZone: 'UTC' };
const day = (n: number) => new Date(Date.parse('2027-01-11T00:00:00.000Z') + n * 86_400_000).toISOString();
const meeting = (meetingNo: number, status: MeetingFacts['status'], rating?: number) => ({
  meetingNo,
  startsAt: day(7 * meetingNo),
  status,
  ...(rating ? { rating } : {}),
});
const checkIn = (on: number) => ({ kind: 'check-in' as const, answers: { 'p-mentee': { answeredAt: day(on), outcome: 'held' } }, settledAt: day(on) });
const facts = (overrides: Partial<StatusFacts> = {}): StatusFacts => ({
  relationship: { status: 'active', pauses: [], extensions: 0 },
  calendar,
  meetings: [meeting(1, 'held', 4), meeting(2, 'held', 5), meeting(3, 'planned')],
  saved: [checkIn(8), checkIn(15), { kind: 'goals', answers: { 'p-mentee': { answeredAt: day(3), outcome: 'set' } }, settledAt: day(3) }],
  mail: [{ kind: 'match' }, { kind: 'check-in' }, { kind: 'check-in' }],
  open: [],
  thresholds,
  ...overrides,
});

describe('where a relationship stands, at the coordinator’s desk', () => {
  test('meeting as planned: on track, the next meeting due, the last answer, e-mails counted', () => {
    expect(relationshipStatus(facts(), new Date(day(16)))).toEqual({
      health: 'on-track',
      outcome: { name: 'active', pauses: 0, extensions: 0, followedUp: false },
      atRisk: [],
      next: { what: 'meeting', meetingNo: 3, at: day(21) },
      lastAnswer: { kind: 'check-in', at: day(15) },
      emailsSent: 3,
      waiting: [],
    });
  });

  test('two meetings missed in a row: at risk, for that reason, by the safety net’s own rule', () => {
    const status = relationshipStatus(
      facts({ meetings: [meeting(1, 'held', 4), meeting(2, 'not-held'), meeting(3, 'unanswered'), meeting(4, 'planned')] }),
      new Date(day(22)),
    );
    expect(status).toMatchObject({ health: 'at-risk', atRisk: ['two-missed-in-a-row'], next: { what: 'meeting', meetingNo: 4 } });
    expect(matchesFilter(status, { atRisk: true })).toBe(true);
    expect(matchesFilter(relationshipStatus(facts(), new Date(day(16))), { atRisk: true })).toBe(false);
  });

  test('an open question waits on whoever has not answered; the links to end the relationship and to end a pause wait on nobody', () => {
    const open: StatusFacts['open'] = [
      {
        questionId: 'r.check-in.3.1',
        kind: 'check-in' as const,
        subject: { meetingNo: 3 },
        closesAt: day(24),
        links: { 'p-mentee': 'a', 'p-mentor': 'b' },
        answers: {},
      },
      {
        questionId: 'r.review.month-3',
        kind: 'review' as const,
        subject: { review: 'month-3' },
        closesAt: day(30),
        links: { 'p-mentee': 'c', 'p-mentor': 'd' },
        answers: { 'p-mentor': { role: 'mentor' as const, answeredAt: day(22), outcome: 'done', details: {} } },
      },
      { questionId: 'r.end-relationship', kind: 'end-relationship' as const, subject: {}, closesAt: day(400), links: { 'p-mentee': 'e' }, answers: {} },
      { questionId: 'r.pause.1', kind: 'pause' as const, subject: { pauseNo: 1 }, closesAt: day(60), links: { 'p-coordinator': 'f' }, answers: {} },
    ];
    const status = relationshipStatus(facts({ open }), new Date(day(22)));
    expect(status.waiting).toEqual([
      { questionId: 'r.check-in.3.1', kind: 'check-in', subject: { meetingNo: 3 }, closesAt: day(24), waitingFor: ['p-mentee', 'p-mentor'] },
      { questionId: 'r.review.month-3', kind: 'review', subject: { review: 'month-3' }, closesAt: day(30), waitingFor: ['p-mentee'] },
    ]);
    expect(matchesFilter(status, { unanswered: true })).toBe(true);
    expect(matchesFilter(relationshipStatus(facts(), new Date(day(22))), { unanswered: true })).toBe(false);
  });

  test('paused: the planned return is next, and nothing is judged at risk meanwhile', () => {
    const status = relationshipStatus(
      facts({
        relationship: { status: 'paused', pauses: [{ pauseNo: 1, from: day(20), plannedUntil: day(60) }], extensions: 0 },
        meetings: [meeting(1, 'not-held'), meeting(2, 'not-held')],
      }),
      new Date(day(25)),
    );
    expect(status).toMatchObject({ health: 'paused', atRisk: [], next: { what: 'return', at: day(60) } });
  });

  test('no meeting left to plan: the closure is next; once closed, nothing is', () => {
    expect(relationshipStatus(facts({ meetings: [meeting(1, 'held', 4)] }), new Date(day(16))).next).toEqual({
      what: 'closure',
      at: '2028-01-11T00:00:00.000Z',
    });
    expect(relationshipStatus(facts({ relationship: { status: 'closed', ending: 'completed', pauses: [], extensions: 0 } }), new Date(day(16)))).toMatchObject({
      health: 'ended',
      outcome: { name: 'completed' },
      atRisk: [],
    });
    expect(
      relationshipStatus(facts({ relationship: { status: 'closed', ending: 'completed', pauses: [], extensions: 0 } }), new Date(day(16))).next,
    ).toBeUndefined();
  });

  test('the table puts those at risk first and says what waits on whom', () => {
    const person = (personId: string, name: string) => ({ personId, name, email: `${personId}@example.org` });
    const row = (relationshipId: string, status: ReturnType<typeof relationshipStatus>) => ({
      relationshipId,
      phase: 'meetings-1',
      mentor: person('p-mentor', 'Lars Hansen'),
      mentees: [{ ...person('p-mentee', 'Giulia Romano'), standing: 'in' as const }],
      coordinator: person('p-coordinator', 'Ingrid Solberg'),
      ...status,
      waiting: status.waiting.map((w) => ({ ...w, waitingFor: w.waitingFor.map((id) => person(id, id === 'p-mentee' ? 'Giulia Romano' : 'Lars Hansen')) })),
    });
    const onTrack = row('rel-aaaaaaaaaaaa', relationshipStatus(facts(), new Date(day(16))));
    const atRisk = row(
      'rel-bbbbbbbbbbbb',
      relationshipStatus(
        facts({
          meetings: [meeting(1, 'not-held'), meeting(2, 'unanswered')],
          open: [{ questionId: 'q', kind: 'check-in', subject: {}, closesAt: day(24), links: { 'p-mentee': 'a' }, answers: {} }],
        }),
        new Date(day(22)),
      ),
    );
    expect(deskOrder([onTrack, atRisk]).map((r) => r.relationshipId)).toEqual(['rel-bbbbbbbbbbbb', 'rel-aaaaaaaaaaaa']);
    const table = statusTable({ programId: 'pilot', at: day(22), relationships: [onTrack, atRisk], total: 3 }).split('\n');
    expect(table[0]).toBe('Program pilot at 2027-02-02 00:00 UTC: 2 of 3 relationships (1 at risk, 1 on track).');
    expect(table[1]).toMatch(/^RELATIONSHIP +MENTEE +MENTOR +PHASE +HEALTH +NEXT +LAST ANSWER +E-MAILS +WAITING ON$/);
    expect(table[2]).toMatch(
      /^rel-bbbbbbbbbbbb +Giulia Romano +Lars Hansen +meetings-1 +at risk: meetings missed +closure 2028-01-11 .* check-in from Giulia Romano \(closes 2027-02-04\)$/,
    );
    expect(table[3]).toMatch(/^rel-aaaaaaaaaaaa .* on track +meeting 3 2027-02-01 +check-in 2027-01-26 +3$/);
    expect(statusTable({ programId: 'pilot', at: day(22), relationships: [], total: 3 })).toBe('Program pilot at 2027-02-02 00:00 UTC: 0 of 3 relationships.');
  });
});
