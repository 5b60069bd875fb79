import { describe, expect, it } from 'vitest';
import type { GivenAnswer, Question } from '#domain/model';
import { firstAnswer } from '#domain/question-answers';
import { checkInPage } from '#presentation/pages/questions/check-in-page';

const answer = (outcome: string, answeredAt: string): GivenAnswer => ({ role: 'mentee', answeredAt, outcome, details: {} });
const asked = (answers: Record<string, GivenAnswer>) => ({ answers, links: { 'person-a': 'a', 'person-b': 'b' } }) as unknown as Question;

describe('two people answering the same question', () => {
  it('settles on the answer stored first, however the answers are read back', () => {
    const held = answer('held', '2027-03-01T12:00:00.000Z');
    const notHeld = answer('not-held', '2027-03-01T12:00:05.000Z');
    expect(checkInPage.settle(asked({ 'person-b': notHeld, 'person-a': held }))).toBe('held');
    expect(checkInPage.settle(asked({ 'person-a': held, 'person-b': notHeld }))).toBe('held');
  });

  it('at the very same instant, settles the same way on every read: the lower person id first', () => {
    const at = '2027-03-01T12:00:00.000Z';
    const fromB = { 'person-b': answer('not-held', at), 'person-a': answer('moved', at) };
    const fromA = { 'person-a': answer('moved', at), 'person-b': answer('not-held', at) };
    expect(firstAnswer({ answers: fromB })?.outcome).toBe('moved');
    expect(firstAnswer({ answers: fromA })?.outcome).toBe('moved');
  });

  it('has no first answer while nobody answered', () => {
    expect(firstAnswer({ answers: {} })).toBeUndefined();
    expect(checkInPage.settle(asked({}))).toBeUndefined();
  });
});
