import { describe, expect, test } from 'vitest';
import { notYetAnswered, writesTo } from '#domain/lifecycle/asking';

describe('who each wait of a question writes to', () => {
  test('the first ask and the reminder write to whoever has not answered; the escalation to the coordinator', () => {
    expect(writesTo('first', {})).toEqual({ to: 'not-yet-answered', attempt: 'first' });
    expect(writesTo('reminder', {})).toMatchObject({ to: 'not-yet-answered' });
    expect(writesTo('escalation', {})).toEqual({ to: 'coordinator' });
  });

  test('a question an earlier e-mail carried sends no first e-mail of its own, only its reminder', () => {
    expect(writesTo('first', { carriedBy: 'rel-1.check-in.1.1' })).toEqual({ to: 'nobody' });
    expect(writesTo('reminder', { carriedBy: 'rel-1.check-in.1.1' })).toMatchObject({ to: 'not-yet-answered' });
  });

  test('a kind reminded by a calendar alarm sends no reminder e-mail, but still escalates', () => {
    expect(writesTo('reminder', { remindsByEmail: false })).toEqual({ to: 'nobody' });
    expect(writesTo('first', { remindsByEmail: false })).toMatchObject({ to: 'not-yet-answered' });
    expect(writesTo('escalation', { remindsByEmail: false, carriedBy: 'x' })).toEqual({ to: 'coordinator' });
  });

  test('someone who already answered a question that waits for everyone is not written to again', () => {
    const asked = [{ person: { personId: 'ida' } }, { person: { personId: 'sari' } }, { person: { personId: 'budi' } }];
    const answers = { sari: { role: 'mentee' as const, answeredAt: '2027-01-20T10:00:00.000Z', outcome: 'agree', details: {} } };
    expect(notYetAnswered(asked, { answers }).map((r) => r.person.personId)).toEqual(['ida', 'budi']);
    expect(notYetAnswered(asked, { answers: {} })).toEqual(asked);
  });
});
