import { describe, expect, test } from 'vitest';
import { ConfigurationError, parseProgram } from '#domain/program/config';
import { isDueForErasure, personalDataKeptUntil } from '#domain/people/retention';
import { isStuck } from '#domain/lifecycle/stuck';
import { relationshipOfExecution } from '#domain/lifecycle/execution-names';
import { sendOnce } from '#adapters/mail/mailer';
import { MINIMAL_PROGRAM as minimal } from '../support/cohort.ts';

const closed = { status: 'closed' as const, timeZone: 'Europe/Amsterdam', closedAt: '2028-01-10T12:00:00.000Z' };

describe('how long personal data of an ended relationship is kept', () => {
  test('two years unless the program says otherwise', () => {
    expect(parseProgram(minimal, 'p.yaml').retention).toEqual({ keepPersonalDataMonths: 24 });
    expect(parseProgram({ ...minimal, retention: { keepPersonalDataMonths: 6 } }, 'p.yaml').retention.keepPersonalDataMonths).toBe(6);
  });

  test.each([0, -1, 1.5, 121])('a retention of %s months is refused, naming the field', (months) => {
    expect(() => parseProgram({ ...minimal, retention: { keepPersonalDataMonths: months } }, 'p.yaml')).toThrow(ConfigurationError);
    expect(() => parseProgram({ ...minimal, retention: { keepPersonalDataMonths: months } }, 'p.yaml')).toThrow(/retention\.keepPersonalDataMonths/);
  });

  test('counts from the follow-up when there was one, else from the closure, in the pair’s time zone', () => {
    expect(personalDataKeptUntil(closed, 24)).toEqual(new Date('2030-01-10T12:00:00.000Z'));
    // 13:00 in Amsterdam before the clocks go forward, and 13:00 there a month later.
    expect(personalDataKeptUntil({ ...closed, recordCompletedAt: '2028-03-10T12:00:00.000Z' }, 1)).toEqual(new Date('2028-04-10T11:00:00.000Z'));
  });

  test('is due once that time has passed, never for a relationship that has not closed, and once only', () => {
    const later = new Date('2028-02-10T12:00:00.000Z');
    expect(isDueForErasure(closed, 1, later)).toBe(true);
    expect(isDueForErasure(closed, 1, new Date('2028-02-10T11:59:59.000Z'))).toBe(false);
    expect(isDueForErasure({ ...closed, status: 'active' }, 1, later)).toBe(false);
    expect(isDueForErasure({ ...closed, personalDataErasedAt: '2028-02-10T12:00:00.000Z' }, 1, later)).toBe(false);
  });
});

describe('a stuck relationship', () => {
  const now = new Date('2027-03-01T03:00:00.000Z');
  const enrolledAt = '2027-01-11T09:00:00.000Z';

  test('has not closed and has no execution running', () => {
    for (const status of ['matching', 'active', 'paused'] as const) {
      expect(isStuck({ status, enrolledAt }, false, now)).toBe(true);
      expect(isStuck({ status, enrolledAt }, true, now)).toBe(false);
    }
    expect(isStuck({ status: 'closed', enrolledAt }, false, now)).toBe(false);
  });

  test('is not one that enrolment is still starting', () => {
    expect(isStuck({ status: 'matching', enrolledAt: '2027-03-01T02:30:00.000Z' }, false, now)).toBe(false);
  });

  test('is found by its executions’ names, also a name made by hand', () => {
    expect(relationshipOfExecution('rel-1a2b3c4d5e6f-meetings-2-after-pause-1')).toBe('rel-1a2b3c4d5e6f');
    expect(relationshipOfExecution('rel-1a2b3c4d5e6f-meetings-2-restarted')).toBe('rel-1a2b3c4d5e6f');
    expect(relationshipOfExecution('something-else')).toBeUndefined();
  });
});

describe('an erased person', () => {
  test('is never written to: the letter is skipped before anything is claimed or sent', async () => {
    const erased = {
      personId: 'p-1',
      programId: 'pilot',
      name: '(erased)',
      email: '',
      timeZone: 'Europe/Amsterdam',
      locale: 'en',
      erasedAt: '2027-03-01T03:00:00.000Z',
    };
    // No table or SES is set here: reaching either would throw.
    expect(
      await sendOnce({
        relationshipId: 'rel-1',
        messageKey: 'check-in/1/p-1',
        kind: 'check-in',
        to: erased,
        role: 'manager',
        senderName: 'Pilot',
        letter: { lang: 'en', greeting: 'Hello', paragraphs: [], signature: '', footer: '', subject: 'Check-in' },
      }),
    ).toBe('erased');
  });
});
