import { describe, expect, test } from 'vitest';
import { rematchPool, roomOf } from '#domain/matching/rematch-pool';
import type { Person, Relationship } from '#domain/model';

const person = (id: string, locale = 'nl', timeZone = 'Europe/Amsterdam'): Person => ({
  personId: id,
  programId: 'p',
  name: id,
  email: `${id}@example.org`,
  locale,
  timeZone,
});
const relationship = (id: string, mentorId: string, menteeIds: string[], more: Partial<Relationship> = {}): Relationship => ({
  relationshipId: id,
  programId: 'p',
  mentorId,
  coordinatorId: 'coordinator',
  mentees: menteeIds.map((m) => ({ personId: m, managerId: `${m}-manager`, competencies: ['delegation'], status: 'active' })),
  competencies: ['delegation'],
  startDate: '2027-01-11',
  timeZone: 'Europe/Amsterdam',
  phase: 'meetings-1',
  status: 'active',
  enrolledAt: '2027-01-04T09:00:00.000Z',
  shiftDays: 0,
  pauses: [],
  extensions: 0,
  ...more,
});

describe('who is back in the pool for a rematch', () => {
  test('a mentor has room for as many mentees as they took on when enrolled, less those under way; a rematch adds no room', () => {
    const two = [relationship('r1', 'anna', ['m1']), relationship('r2', 'anna', ['m2'])];
    expect(roomOf('anna', two)).toBe(0);
    const oneEnded = [relationship('r1', 'anna', ['m1'], { status: 'closed' }), relationship('r2', 'anna', ['m2'])];
    expect(roomOf('anna', oneEnded)).toBe(1);
    const refilled = [...oneEnded, relationship('r3', 'anna', ['m3'], { rematchOf: 'r9', enrolledAt: '2027-04-20T09:00:00.000Z' })];
    expect(roomOf('anna', refilled)).toBe(0);
    // A circle member who left frees a place in a circle that goes on.
    const circle = relationship('c', 'bo', ['m4', 'm5']);
    circle.mentees[0]!.status = 'left';
    expect(roomOf('bo', [circle])).toBe(1);
  });

  test('a mentee whose request is open is in it, never again with the mentors they had; one taken up, erased or unreachable is not', () => {
    const first = relationship('r1', 'anna', ['sari'], { status: 'closed', ending: 'ended-early' });
    const second = relationship('r2', 'bo', ['sari'], { status: 'closed', ending: 'ended-early', rematchOf: 'r1', enrolledAt: '2027-04-20T09:00:00.000Z' });
    const other = relationship('r3', 'cas', ['tom'], { status: 'closed', ending: 'not-matched' });
    const people = ['anna', 'bo', 'cas', 'sari', 'tom', 'sari-manager', 'tom-manager'].map((id) => person(id));
    const pool = rematchPool(
      [
        { menteeId: 'sari', relationshipId: 'r2', openedAt: '2027-06-01T00:00:00.000Z' },
        { menteeId: 'tom', relationshipId: 'r3', openedAt: '2027-06-02T00:00:00.000Z' },
      ],
      [first, second, other],
      people,
      'en',
    );
    const sari = pool.candidates.find((c) => c.email === 'sari@example.org')!;
    expect(sari).toMatchObject({ role: 'mentee', languages: ['nl', 'en'], lineManagerEmail: 'sari-manager@example.org', competencies: ['delegation'] });
    expect(sari.formerMentors).toEqual(['bo@example.org', 'anna@example.org']);
    expect(pool.candidates.filter((c) => c.role === 'mentor').map((c) => [c.email, c.capacity])).toEqual([
      ['anna@example.org', 1],
      ['bo@example.org', 1],
      ['cas@example.org', 1],
    ]);

    const erased = people.map((p) => (p.personId === 'tom' ? { ...p, erasedAt: '2027-06-03T00:00:00.000Z' } : p));
    const taken = relationship('r4', 'anna', ['sari'], { rematchOf: 'r2', enrolledAt: '2027-06-10T09:00:00.000Z' });
    const later = rematchPool(
      [
        { menteeId: 'sari', relationshipId: 'r2', openedAt: '2027-06-01T00:00:00.000Z' },
        { menteeId: 'tom', relationshipId: 'r3', openedAt: '2027-06-02T00:00:00.000Z' },
      ],
      [first, second, other, taken],
      erased,
      'en',
    );
    expect(later.candidates.filter((c) => c.role === 'mentee')).toEqual([]);
  });
});
