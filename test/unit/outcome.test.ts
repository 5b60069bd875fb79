import { describe, expect, test } from 'vitest';
import { memberStanding, nameWithStanding, outcomeInWords, outcomeOf, type OutcomeFacts } from '#domain/desk/outcome';
import type { Relationship } from '#domain/model';

const closed = (ending: Relationship['ending'], more: Partial<OutcomeFacts['relationship']> = {}): OutcomeFacts['relationship'] => ({
  status: 'closed',
  ending,
  pauses: [],
  extensions: 0,
  ...more,
});
const meetings = (held: number, missed: number) => [
  ...Array.from({ length: held }, () => ({ status: 'held' as const })),
  ...Array.from({ length: missed }, () => ({ status: 'not-held' as const })),
];
const answered = (kind: 'match' | 'follow-up', by: Record<string, string>) => ({
  kind,
  answers: Object.fromEntries(Object.entries(by).map(([personId, outcome]) => [personId, { outcome }])),
});
const words = (facts: OutcomeFacts) => outcomeInWords(outcomeOf(facts));

describe('outcomes that say what happened', () => {
  test('a year with most meetings held completed; one with few held says so', () => {
    expect(words({ relationship: closed('completed'), meetings: meetings(14, 4), saved: [] })).toBe('completed');
    expect(words({ relationship: closed('completed'), meetings: meetings(3, 9), saved: [] })).toBe('completed with few meetings held');
    expect(words({ relationship: closed('completed'), meetings: [], saved: [] })).toBe('completed with few meetings held');
    // Moved or cancelled meetings are neither held nor missed.
    expect(words({ relationship: closed('completed'), meetings: [...meetings(5, 5), { status: 'cancelled' }], saved: [] })).toBe('completed');
  });

  test('"followed up" only when someone answered the follow-up', () => {
    const relationship = closed('completed', { pauses: [{ pauseNo: 1, from: '2027-04-01' }], extensions: 1 });
    expect(words({ relationship, meetings: meetings(10, 2), saved: [] })).toBe('completed, paused 1×, extended 1×');
    expect(words({ relationship, meetings: meetings(10, 2), saved: [answered('follow-up', { 'p-mentee': 'yes' })] })).toBe(
      'completed, paused 1×, extended 1×, followed up',
    );
  });

  test('not matched: declined when someone declined, not matched when nobody answered in time', () => {
    expect(words({ relationship: closed('not-matched'), meetings: [], saved: [answered('match', { 'p-mentor': 'accept', 'p-mentee': 'decline' })] })).toBe(
      'declined',
    );
    expect(words({ relationship: closed('not-matched'), meetings: [], saved: [] })).toBe('not matched');
    expect(words({ relationship: closed('ended-early'), meetings: meetings(4, 0), saved: [] })).toBe('ended early');
    expect(words({ relationship: { status: 'paused', pauses: [{ pauseNo: 1, from: '2027-04-01' }], extensions: 0 }, meetings: [], saved: [] })).toBe(
      'paused, paused 1×',
    );
  });

  test('a circle member who declined is told apart from one who left later', () => {
    const saved = [answered('match', { 'p-dewi': 'accept', 'p-budi': 'decline', 'p-matteo': 'accept' })];
    expect(nameWithStanding('Dewi Lestari', memberStanding({ personId: 'p-dewi', status: 'left' }, saved))).toBe('Dewi Lestari (left)');
    expect(nameWithStanding('Budi Santoso', memberStanding({ personId: 'p-budi', status: 'left' }, saved))).toBe('Budi Santoso (declined)');
    expect(nameWithStanding('Sari Wibowo', memberStanding({ personId: 'p-sari', status: 'left' }, saved))).toBe('Sari Wibowo (did not answer)');
    expect(nameWithStanding('Matteo Ricci', memberStanding({ personId: 'p-matteo', status: 'active' }, saved))).toBe('Matteo Ricci');
  });
});
