import { describe, expect, test } from 'vitest';
import { addRecords, dueForErasure, endsWithout, mayStillRun, noRecords, peopleToErase, totalRecords } from '#domain/people/erasure';
import { isUndeliverableNews, takesPart } from '#domain/people/delivery';
import type { Relationship } from '#domain/model';

const NOW = new Date('2029-06-01T00:00:00Z');

const relationship = (
  relationshipId: string,
  people: { mentor: string; mentee: string; manager?: string },
  more: Partial<Relationship> = {},
): Relationship => ({
  relationshipId,
  programId: 'pilot',
  mentorId: people.mentor,
  coordinatorId: 'coordinator',
  mentees: [{ personId: people.mentee, managerId: people.manager ?? 'manager', competencies: [], status: 'active' }],
  competencies: [],
  startDate: '2027-01-11',
  timeZone: 'Europe/Amsterdam',
  phase: 'follow-up',
  status: 'active',
  enrolledAt: '2027-01-01T00:00:00.000Z',
  shiftDays: 0,
  pauses: [],
  extensions: 0,
  ...more,
});
const closed = (closedAt: string, more: Partial<Relationship> = {}): Partial<Relationship> => ({ status: 'closed', ending: 'completed', closedAt, ...more });

describe('which ended relationships are erased now', () => {
  const long = relationship(
    'long-ago',
    { mentor: 'ida', mentee: 'sari' },
    closed('2027-01-15T00:00:00.000Z', { recordCompletedAt: '2027-04-01T00:00:00.000Z' }),
  );
  const recent = relationship('recent', { mentor: 'ida', mentee: 'budi' }, closed('2028-12-01T00:00:00.000Z'));
  const running = relationship('running', { mentor: 'joko', mentee: 'dewi' });

  test('those ended longer ago than the program keeps them; not one still going or ended lately', () => {
    expect(dueForErasure([long, recent, running], 24, NOW, new Set()).map((r) => r.relationshipId)).toEqual(['long-ago']);
  });

  test('not while an execution of it still runs', () => {
    expect(dueForErasure([long], 24, NOW, new Set(['long-ago']))).toEqual([]);
  });

  test('a person goes with them only when every relationship of theirs is erased, now or before', () => {
    // Ida still mentors Budi, whose relationship is kept; the coordinator and the manager are in it too.
    expect(peopleToErase([long, recent, running], new Set(['long-ago']))).toEqual(['sari']);
    const erasedBefore = { ...recent, personalDataErasedAt: '2029-05-01T00:00:00.000Z' };
    expect(peopleToErase([long, erasedBefore, running], new Set(['long-ago']))).toEqual(['ida', 'sari', 'budi']);
  });
});

describe('what forgetting someone does to a relationship', () => {
  test('it ends without its mentor or a mentee; it goes on without a line manager or its coordinator', () => {
    expect(endsWithout(new Set(['mentor']))).toBe(true);
    expect(endsWithout(new Set(['mentee', 'manager']))).toBe(true);
    expect(endsWithout(new Set(['manager']))).toBe(false);
    expect(endsWithout(new Set(['coordinator']))).toBe(false);
  });

  test('an execution may still run while it is open, or closed and waiting for its follow-up', () => {
    expect(mayStillRun({ status: 'paused' })).toBe(true);
    expect(mayStillRun({ status: 'closed', ending: 'completed' })).toBe(true);
    expect(mayStillRun({ status: 'closed', ending: 'completed', recordCompletedAt: '2028-04-01T00:00:00.000Z' })).toBe(false);
    expect(mayStillRun({ status: 'closed', ending: 'ended-early' })).toBe(false);
  });

  test('what an erasure removed adds up, kind by kind, without changing the counts before', () => {
    const before = addRecords(noRecords(), { people: 1, emailIndex: 1 });
    const after = addRecords(before, { answers: 3, people: 1 });
    expect(before).toEqual({ ...noRecords(), people: 1, emailIndex: 1 });
    expect(after).toEqual({ ...noRecords(), people: 2, emailIndex: 1, answers: 3 });
    expect(totalRecords(after)).toBe(6);
  });
});

describe('who a bounce concerns', () => {
  const circle = relationship(
    'circle',
    { mentor: 'ida', mentee: 'sari', manager: 'ani' },
    {
      mentees: [
        { personId: 'sari', managerId: 'ani', competencies: [], status: 'active' },
        { personId: 'budi', managerId: 'eko', competencies: [], status: 'left' },
      ],
    },
  );

  test('the mentor, a mentee still in it and their manager take part; one who left and their manager do not', () => {
    expect(takesPart(circle, 'ida', 'mentor')).toBe(true);
    expect(takesPart(circle, 'sari', 'mentee')).toBe(true);
    expect(takesPart(circle, 'ani', 'manager')).toBe(true);
    expect(takesPart(circle, 'budi', 'mentee')).toBe(false);
    expect(takesPart(circle, 'eko', 'manager')).toBe(false);
  });

  test('the coordinators hear once of a bounce or a complaint; a mark for a refused send is no news', () => {
    expect(isUndeliverableNews({ undeliverableBecause: 'bounce' })).toBe(true);
    expect(isUndeliverableNews({ undeliverableBecause: 'complaint' })).toBe(true);
    expect(isUndeliverableNews({ undeliverableBecause: 'bounce', undeliverableReportedAt: '2028-01-01T00:00:00.000Z' })).toBe(false);
    expect(isUndeliverableNews({ undeliverableBecause: 'refused' })).toBe(false);
    expect(isUndeliverableNews({})).toBe(false);
  });
});
