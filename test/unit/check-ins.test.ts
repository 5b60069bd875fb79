import { describe, expect, test } from 'vitest';
import {
  announcesNext,
  carriesWorkingAgreement,
  checkInOutcome,
  heldDetails,
  isLastMeeting,
  moveLimit,
  workingAgreementDue,
} from '#domain/lifecycle/check-ins';
import type { GivenAnswer } from '#domain/model';
import type { RelationshipCalendar } from '#domain/program/schedule';
import { exampleProgram } from '../support/cohort.ts';

const program = exampleProgram();
const calendar: RelationshipCalendar = { program, startDate: '2027-01-11', timeZone: 'Europe/Amsterdam' };
const answer = (outcome: string, details: GivenAnswer['details'] = {}): GivenAnswer => ({
  role: 'mentee',
  answeredAt: '2027-01-18T12:30:00.000Z',
  outcome,
  details,
});

describe('what became of a meeting', () => {
  test('held, with how they met and how useful it was; anything else the answer says stays out', () => {
    expect(checkInOutcome({ state: 'answered', outcome: 'held' }, answer('held', { mode: 'video', rating: 4, note: 'private' }))).toEqual({
      outcome: 'held',
      held: { mode: 'video', rating: 4 },
    });
    expect(heldDetails({ mode: 'telepathy', rating: 9 })).toEqual({});
  });

  test('moved to the date the answer gives; "moved" without a date counts as not held', () => {
    expect(checkInOutcome({ state: 'answered', outcome: 'moved' }, answer('moved', { movedTo: '2027-01-20T09:00:00.000Z' }))).toEqual({
      outcome: 'moved',
      movedTo: '2027-01-20T09:00:00.000Z',
    });
    expect(checkInOutcome({ state: 'answered', outcome: 'moved' }, answer('moved'))).toEqual({ outcome: 'not-held' });
  });

  test('not held when they said so; unanswered when nobody did', () => {
    expect(checkInOutcome({ state: 'answered', outcome: 'not-held' }, answer('not-held'))).toEqual({ outcome: 'not-held' });
    expect(checkInOutcome({ state: 'closed' }, undefined)).toEqual({ outcome: 'unanswered' });
  });
});

describe('how far a meeting may move', () => {
  test('to before the next meeting, which the page names', () => {
    expect(moveLimit(calendar, { startsAt: '2027-01-18T09:00:00.000Z' }, { startsAt: '2027-01-25T09:00:00.000Z' })).toEqual({
      moveBefore: '2027-01-25T09:00:00.000Z',
      nextMeetingAt: '2027-01-25T09:00:00.000Z',
    });
  });

  test('the last meeting of a phase, within its window only', () => {
    expect(moveLimit(calendar, { startsAt: '2027-06-17T08:00:00.000Z' }, undefined)).toEqual({ moveBefore: '2027-07-10T22:00:00.000Z' });
    // A next meeting past the window's end does not widen it.
    expect(moveLimit(calendar, { startsAt: '2027-06-17T08:00:00.000Z' }, { startsAt: '2027-07-16T08:00:00.000Z' })).toEqual({
      moveBefore: '2027-07-10T22:00:00.000Z',
    });
  });
});

describe('what a check-in announces and carries', () => {
  test('the next meeting only while the relationship is active and nobody asked to end it', () => {
    expect(announcesNext({ status: 'active' })).toBe(true);
    expect(announcesNext({ status: 'paused' })).toBe(false);
    expect(announcesNext({ status: 'active', endRequestedAt: '2027-02-01T10:00:00.000Z' })).toBe(false);
  });

  test('the working agreement with the first meeting’s check-in, while the agreement runs unanswered', () => {
    const running = { agreementRun: { phase: 'agreement' as const, name: 'rel-1-agreement' } };
    expect(carriesWorkingAgreement(1, running)).toBe(true);
    expect(carriesWorkingAgreement(2, running)).toBe(false);
    expect(carriesWorkingAgreement(1, {})).toBe(false);
    expect(carriesWorkingAgreement(1, { ...running, agreementDoneAt: '2027-02-10T10:00:00.000Z' })).toBe(false);
    expect(carriesWorkingAgreement(1, { ...running, workingAgreement: { modes: [], acknowledgedBy: [], at: '2027-01-19T10:00:00.000Z' } })).toBe(false);
  });

  test('it is asked an hour after the first meeting’s check-in', () => {
    // Meeting 10:00-11:00, check-in two hours after it ends, the agreement an hour later.
    expect(workingAgreementDue(program, new Date('2027-01-18T09:00:00Z'))).toEqual(new Date('2027-01-18T13:00:00Z'));
  });

  test('the look back with the year’s last meeting: no slot after it, nothing announced, the relationship running', () => {
    expect(isLastMeeting(calendar, { status: 'active' }, 20, undefined)).toBe(true);
    expect(isLastMeeting(calendar, { status: 'active' }, 19, undefined)).toBe(false);
    expect(isLastMeeting(calendar, { status: 'active' }, 20, { startsAt: '2028-01-01T09:00:00.000Z' })).toBe(false);
    expect(isLastMeeting(calendar, { status: 'active', endRequestedAt: '2027-12-01T09:00:00.000Z' }, 20, undefined)).toBe(false);
  });
});
