import { describe, expect, it } from 'vitest';
import { addressMark } from '#platform/erasure-key';
import { memoryQueue, mentionsAddress, removeMentioning } from '#adapters/mail/dead-letters';

const KEY = 'k'.repeat(64);
const OTHER_KEY = 'q'.repeat(64);

describe('the mark of a forgotten address', () => {
  it('is the same for the same address, program and key, every time', () => {
    expect(addressMark(KEY, 'care', 'budi.santoso@example.org')).toBe(addressMark(KEY, 'care', 'budi.santoso@example.org'));
    expect(addressMark(KEY, 'care', 'budi.santoso@example.org')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs under another deployment’s key, so a guessed address cannot be checked without the key', () => {
    expect(addressMark(KEY, 'care', 'budi.santoso@example.org')).not.toBe(addressMark(OTHER_KEY, 'care', 'budi.santoso@example.org'));
  });

  it('differs between programs and between addresses', () => {
    expect(addressMark(KEY, 'care', 'budi.santoso@example.org')).not.toBe(addressMark(KEY, 'pilot', 'budi.santoso@example.org'));
    expect(addressMark(KEY, 'care', 'budi.santoso@example.org')).not.toBe(addressMark(KEY, 'care', 'sari.wibowo@example.org'));
  });
});

/** An event as the dead-letter queue keeps it: Lambda's failure record around SES's event. */
const keptEvent = (address: string, i: number) =>
  JSON.stringify({
    requestContext: { condition: 'RetriesExhausted' },
    requestPayload: { id: `event-${i}`, detail: { mail: { destination: [address] }, bounce: { bouncedRecipients: [{ emailAddress: address }] } } },
  });

describe('forget clears the mail-events dead-letter queue of the person', () => {
  it('removes every kept event that mentions the address, in any case, and says how many', async () => {
    const bodies = Array.from({ length: 23 }, (_, i) => keptEvent(i % 5 === 0 ? 'Budi.Santoso@example.org' : `other${i}@example.org`, i));
    const queue = memoryQueue(bodies);
    expect(await removeMentioning(queue, 'budi.santoso@example.org')).toBe(5);
    expect(queue.bodies()).toHaveLength(18);
    expect(queue.bodies().some((body) => mentionsAddress(body, 'budi.santoso@example.org'))).toBe(false);
  });

  it('leaves every other event in the queue, visible again at once', async () => {
    const queue = memoryQueue([keptEvent('sari.wibowo@example.org', 1), keptEvent('budi.santoso@example.org', 2), keptEvent('kari.nilsen@example.org', 3)]);
    await removeMentioning(queue, 'budi.santoso@example.org');
    expect(queue.visible()).toEqual([keptEvent('sari.wibowo@example.org', 1), keptEvent('kari.nilsen@example.org', 3)]);
  });

  it('an empty queue, or one without the address, changes nothing', async () => {
    expect(await removeMentioning(memoryQueue([]), 'budi.santoso@example.org')).toBe(0);
    const queue = memoryQueue([keptEvent('sari.wibowo@example.org', 1)]);
    expect(await removeMentioning(queue, 'budi.santoso@example.org')).toBe(0);
    expect(queue.visible()).toHaveLength(1);
  });
});
