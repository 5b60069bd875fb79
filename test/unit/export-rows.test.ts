import { describe, expect, test } from 'vitest';
import { ANSWER_COLUMNS, exportRows, overlaps, type ExportFacts } from '#domain/desk/export-rows';
import { csvOf, neutralised } from '#presentation/reports/csv';

const facts: ExportFacts = {
  relationship: {
    relationshipId: 'rel-0123456789ab',
    programId: 'pilot',
    mentees: [{ personId: 'p-1', managerId: 'p-2', competencies: [], status: 'active' }],
    status: 'closed',
    phase: 'conclusion',
    ending: 'ended-early',
    startDate: '2027-01-11',
    timeZone: 'Europe/Oslo',
    enrolledAt: '2027-01-04T09:00:00.000Z',
    closedAt: '2027-04-02T08:05:00.000Z',
    pauses: [],
    extensions: 0,
  },
  status: { health: 'ended', emailsSent: 31, outcome: { name: 'ended-early', pauses: 0, extensions: 0, followedUp: false } },
  meetings: [
    { meetingNo: 1, startsAt: '2027-01-18T09:00:00.000Z', status: 'held', moves: [], mode: 'video', rating: 4, concludedAt: '2027-01-18T12:00:00.000Z' },
    { meetingNo: 2, startsAt: '2027-02-22T09:00:00.000Z', status: 'not-held', moves: [{ from: '2027-02-15T09:00:00.000Z', to: '2027-02-22T09:00:00.000Z' }] },
  ],
  saved: [
    {
      questionId: 'rel-0123456789ab.check-in.1.1',
      kind: 'check-in',
      subject: { meetingNo: 1 },
      answers: { 'p-1': { role: 'mentee', answeredAt: '2027-01-18T12:00:00.000Z', outcome: 'held' } },
    },
    {
      questionId: 'rel-0123456789ab.end-relationship',
      kind: 'end-relationship',
      subject: {},
      answers: { 'p-1': { role: 'mentee', answeredAt: '2027-04-02T08:00:00.000Z', outcome: 'end' } },
    },
  ],
};

describe('the rows for the warehouse', () => {
  test('one row per relationship with its counts; meetings and answers kept to the period; who asked to end is not said', () => {
    const all = exportRows(facts, {});
    expect(all.relationship).toMatchObject({
      relationship_id: 'rel-0123456789ab',
      mentees: 1,
      health: 'ended',
      outcome: 'ended-early',
      followed_up: 'no',
      meetings_held: 1,
      meetings_not_held: 1,
      meetings_moved: 1,
      emails_sent: 31,
    });
    expect(all.answers.map((a) => [a.kind, a.role])).toEqual([
      ['check-in', 'mentee'],
      ['end-relationship', ''],
    ]);
    const february = exportRows(facts, { from: '2027-02-01T00:00:00.000Z', until: '2027-03-01T00:00:00.000Z' });
    expect(february.meetings.map((m) => [m.meeting_no, m.status, m.times_moved])).toEqual([[2, 'not-held', 1]]);
    expect(february.answers).toEqual([]);
    expect(overlaps(facts.relationship, { from: '2027-05-01T00:00:00.000Z' })).toBe(false);
    expect(overlaps(facts.relationship, { until: '2027-01-01T00:00:00.000Z' })).toBe(false);
    expect(overlaps(facts.relationship, { from: '2027-04-01T00:00:00.000Z', until: '2027-05-01T00:00:00.000Z' })).toBe(true);
  });

  test('a text cell a spreadsheet would run as a formula is written as text; numbers stay numbers', () => {
    for (const cell of ['=1+2', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutralised(cell)).toBe(`'${cell}`);
    expect(neutralised('held')).toBe('held');
    const csv = csvOf(ANSWER_COLUMNS, [{ ...exportRows(facts, {}).answers[0]!, outcome: '=HYPERLINK("x")', meeting_no: -1 }]);
    expect(csv.split('\n')[0]).toBe('relationship_id,question_id,kind,meeting_no,review,role,answered_at,outcome');
    expect(csv.split('\n')[1]).toBe(`rel-0123456789ab,rel-0123456789ab.check-in.1.1,check-in,-1,,mentee,2027-01-18T12:00:00.000Z,"'=HYPERLINK(""x"")"`);
  });
});
