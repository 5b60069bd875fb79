import { describe, expect, test } from 'vitest';
import { AlreadyEnrolled, type Holders, type Store } from '#adapters/store';
import { parseProgram } from '#domain/program/config';
import { ERASED_NAME } from '#domain/people/retention';
import type { Goal, GivenAnswer, Person, Question, Relationship } from '#domain/model';
import { MINIMAL_PROGRAM } from '../support/cohort.ts';

/**
 * What every store does, whichever keeps the records: run against DynamoDB Local and against
 * the in-memory twin, so the twin the fast tests use cannot drift from the real one. Each test
 * makes records of its own (ids of its own), so the suite needs no empty tables.
 */
export const storeContract = (storeName: string, store: () => Store): void => {
  let made = 0;
  /** A program with its own id, and a relationship in it: a pair, or a circle of `mentees`. */
  const enrolled = async (mentees = 1, { circle }: { circle?: string } = {}) => {
    const n = ++made;
    const programId = `contract-${n}`;
    const program = parseProgram({ ...MINIMAL_PROGRAM, id: programId }, 'contract.yaml');
    await store().saveProgram(program);
    const person = (id: string, name: string): Person => ({
      personId: `${id}-${n}`,
      programId,
      name,
      email: `${id}.${n}@example.org`,
      timeZone: 'Europe/Amsterdam',
      locale: 'en',
    });
    const mentor = person('mentor', 'Marco Bianchi');
    const coordinator = person('coordinator', 'Ingrid Larsen');
    const manager = person('manager', 'Femke de Vries');
    const menteePeople = Array.from({ length: mentees }, (_, i) => person(`mentee${i}`, `Mentee ${i}`));
    const relationship: Relationship = {
      relationshipId: `rel-contract${n}`,
      programId,
      mentorId: mentor.personId,
      coordinatorId: coordinator.personId,
      mentees: menteePeople.map((m) => ({ personId: m.personId, managerId: manager.personId, competencies: ['delegation'], status: 'active' })),
      ...(circle ? { circle } : {}),
      competencies: ['delegation'],
      startDate: '2027-01-11',
      timeZone: 'Europe/Amsterdam',
      phase: 'matching',
      status: 'matching',
      enrolledAt: '2027-01-04T09:00:00.000Z',
      shiftDays: 0,
      pauses: [],
      extensions: 0,
    };
    const people = [mentor, coordinator, manager, ...menteePeople];
    await store().saveEnrolment(relationship, people);
    const holders: Holders = { programId, relationshipId: relationship.relationshipId, personIds: people.map((p) => p.personId) };
    return {
      n,
      program,
      programId,
      relationship,
      relationshipId: relationship.relationshipId,
      mentor,
      coordinator,
      manager,
      mentees: menteePeople,
      people,
      holders,
    };
  };

  const question = (relationshipId: string, people: Person[], overrides: Partial<Question> = {}): Question => ({
    questionId: `${relationshipId}.check-in.1.1`,
    relationshipId,
    kind: 'check-in',
    subject: { meetingNo: 1, occurrence: 1 },
    taskToken: 'token-first',
    state: 'open',
    links: Object.fromEntries(people.map((p) => [p.personId, `link-${p.personId}`])),
    answers: {},
    closesAt: '2027-02-01T09:00:00.000Z',
    timeZone: 'Europe/Amsterdam',
    page: { meeting: '1' },
    ...overrides,
  });
  const answer = (outcome: string, details: GivenAnswer['details'] = {}): GivenAnswer => ({
    role: 'mentee',
    answeredAt: '2027-01-20T10:00:00.000Z',
    outcome,
    details,
  });
  const asked = (people: Person[]) => people.map((person) => ({ person, role: 'mentee' as const }));

  describe(`${storeName}: programs and enrolment`, () => {
    test('a saved program reads back as parsed, is listed, and an unknown one is an error naming it', async () => {
      const { program, programId } = await enrolled();
      expect(await store().getProgram(programId)).toEqual(program);
      expect(await store().listProgramIds()).toContain(programId);
      await expect(store().getProgram('contract-none')).rejects.toThrow('Program contract-none is not stored');
    });

    test('an enrolment stores the relationship, its people and what finds them', async () => {
      const { programId, relationship, relationshipId, mentor, manager, mentees, people } = await enrolled(2, { circle: 'Circle' });
      expect(await store().findRelationship(relationshipId)).toEqual(relationship);
      expect(await store().getRelationship(relationshipId)).toEqual(relationship);
      expect(await store().listRelationships(programId)).toEqual([relationship]);
      expect((await store().listPeople(programId)).sort((a, b) => a.personId.localeCompare(b.personId))).toEqual(
        [...people].sort((a, b) => a.personId.localeCompare(b.personId)),
      );
      expect(await store().findPersonIdByEmail(programId, `  ${mentor.email.toUpperCase()} `)).toBe(mentor.personId);
      expect(await store().findPersonIdByEmail(programId, 'nobody@example.org')).toBeUndefined();
      expect(await store().findRelationshipIdOfMentee(programId, mentees[1]!.personId)).toBe(relationshipId);
      expect(await store().findRelationshipIdOfMentee(programId, mentor.personId)).toBeUndefined();
      expect(await store().listRelationshipsOfPerson(manager.personId)).toEqual([{ relationshipId, role: 'manager' }]);
      expect(await store().isPersonStored(programId, mentor.personId)).toBe(true);
      expect(await store().isPersonStored(programId, 'person-none')).toBe(false);
      const people2 = await store().getPeople(programId, [mentor.personId, mentor.personId, manager.personId]);
      expect([...people2.keys()].sort()).toEqual([manager.personId, mentor.personId].sort());
      expect(people2.get(mentor.personId)).toEqual(mentor);
      const withPeople = await store().getRelationshipWithPeople(relationshipId);
      expect(withPeople.mentor).toEqual(mentor);
      expect(withPeople.mentees).toEqual(mentees);
      expect(withPeople.managerOf(mentees[0]!.personId)).toEqual(manager);
    });

    test('what is not stored: undefined where the operation finds, an error naming it where it gets', async () => {
      const { programId } = await enrolled();
      expect(await store().findRelationship('rel-none')).toBeUndefined();
      await expect(store().getRelationship('rel-none')).rejects.toThrow('Relationship rel-none is not stored');
      await expect(store().getPeople(programId, ['person-none'])).rejects.toThrow('Person person-none is not stored');
      await expect(store().getRelationshipWithPeople('rel-none')).rejects.toThrow('Relationship rel-none is not stored');
    });

    test('an enrolment refuses a taken address or an enrolled mentee, and writes nothing of itself', async () => {
      const first = await enrolled();
      const newcomer: Person = { ...first.mentor, personId: `newcomer-${first.n}`, email: first.mentor.email.toUpperCase() };
      const second: Relationship = { ...first.relationship, relationshipId: `rel-second${first.n}`, mentorId: newcomer.personId };
      await expect(store().saveEnrolment(second, [newcomer])).rejects.toThrow(AlreadyEnrolled);
      expect(await store().findRelationship(second.relationshipId)).toBeUndefined();
      expect(await store().isPersonStored(first.programId, newcomer.personId)).toBe(false);
      // The same mentee again, with no new person at all.
      await expect(store().saveEnrolment({ ...second, mentorId: first.mentor.personId }, [])).rejects.toThrow(AlreadyEnrolled);
      expect(await store().listRelationships(first.programId)).toHaveLength(1);
      expect(await store().listRelationshipsOfPerson(first.mentor.personId)).toEqual([{ relationshipId: first.relationshipId, role: 'mentor' }]);
    });

    test('a rematch takes the mentee over from the relationship that ended, once: both name each other, and the open request is taken up', async () => {
      const first = await enrolled();
      const [mentee] = first.relationship.mentees;
      await store().openRematchRequest({
        programId: first.programId,
        menteeId: mentee!.personId,
        relationshipId: first.relationshipId,
        reason: 'ended-early',
        openedAt: '2027-04-01T09:00:00.000Z',
        status: 'open',
      });
      const newMentor: Person = { ...first.mentor, personId: `mentor-again-${first.n}`, email: `again-${first.n}@example.org` };
      const rematch: Relationship = {
        ...first.relationship,
        relationshipId: `rel-rematch${first.n}`,
        mentorId: newMentor.personId,
        rematchOf: first.relationshipId,
      };
      await store().saveEnrolment(rematch, [newMentor], { closesRequest: true });
      expect(await store().findRelationshipIdOfMentee(first.programId, mentee!.personId)).toBe(rematch.relationshipId);
      expect((await store().getRelationship(first.relationshipId)).rematchedAs).toEqual([
        { menteeId: mentee!.personId, relationshipId: rematch.relationshipId },
      ]);
      expect((await store().getRelationship(rematch.relationshipId)).rematchOf).toBe(first.relationshipId);
      expect((await store().listRematchRequests(first.programId)).map((r) => [r.status, r.rematchedAs])).toEqual([['rematched', rematch.relationshipId]]);
      // A second rematch of the same ending finds the mentee taken: nothing of it is written.
      const again: Relationship = { ...rematch, relationshipId: `rel-again${first.n}` };
      await expect(store().saveEnrolment(again, [])).rejects.toThrow(AlreadyEnrolled);
      expect(await store().findRelationship(again.relationshipId)).toBeUndefined();
      expect((await store().getRelationship(first.relationshipId)).rematchedAs).toHaveLength(1);
    });
  });

  describe(`${storeName}: relationships`, () => {
    test('updateRelationship sets, adds, appends and sets only what is missing; false for no relationship', async () => {
      const { relationshipId } = await enrolled();
      expect(
        await store().updateRelationship(
          relationshipId,
          { status: 'active' },
          { add: { shiftDays: 3 }, append: { reviewsDone: ['month-3'] }, ifNotExists: { agreementDoneAt: '2027-02-01T00:00:00.000Z' } },
        ),
      ).toBe(true);
      expect(
        await store().updateRelationship(
          relationshipId,
          {},
          { add: { shiftDays: 2 }, append: { reviewsDone: ['month-6'] }, ifNotExists: { agreementDoneAt: '2027-03-01T00:00:00.000Z' } },
        ),
      ).toBe(true);
      await store().recordPhase(relationshipId, 'meetings-1');
      expect(await store().getRelationship(relationshipId)).toMatchObject({
        status: 'active',
        phase: 'meetings-1',
        shiftDays: 5,
        reviewsDone: ['month-3', 'month-6'],
        agreementDoneAt: '2027-02-01T00:00:00.000Z',
      });
      expect(await store().updateRelationship('rel-none', { status: 'active' })).toBe(false);
      expect(await store().findRelationship('rel-none')).toBeUndefined();
    });

    test('updateRelationship writes only while its condition holds, as each use case words it', async () => {
      const { relationshipId } = await enrolled();
      const update = store().updateRelationship;
      // Accepting a match: once.
      expect(await update(relationshipId, { status: 'active' }, { condition: '#status = :matching', values: { ':matching': 'matching' } })).toBe(true);
      expect(await update(relationshipId, { status: 'active' }, { condition: '#status = :matching', values: { ':matching': 'matching' } })).toBe(false);
      // A pause: while active, and only the pause counted.
      const pause = (count: number) =>
        update(
          relationshipId,
          { status: 'paused' },
          {
            append: { pauses: [{ pauseNo: count + 1, from: '2027-03-01T00:00:00.000Z' }] },
            condition: '#status = :active AND size(#pauses) = :count',
            values: { ':active': 'active', ':count': count },
          },
        );
      expect(await pause(1)).toBe(false);
      expect(await pause(0)).toBe(true);
      expect(await pause(0)).toBe(false);
      // A review: once per key.
      const review = () =>
        update(relationshipId, {}, { append: { reviewsDone: ['month-3'] }, condition: 'NOT contains(#reviewsDone, :key)', values: { ':key': 'month-3' } });
      expect(await review()).toBe(true);
      expect(await review()).toBe(false);
      // An extension: while fewer rounds than this one were approved, none counted as none.
      const extend = (round: number) =>
        update(relationshipId, { extensions: round }, { condition: 'attribute_not_exists(#extensions) OR #extensions < :round', values: { ':round': round } });
      expect(await extend(1)).toBe(true);
      expect(await extend(1)).toBe(false);
      expect(await extend(2)).toBe(true);
      // A conclusion: claimed by one execution name, which may claim it again.
      const conclude = (name: string) =>
        update(
          relationshipId,
          { conclusionRun: { phase: 'closure', name } },
          { condition: 'attribute_not_exists(#conclusionRun) OR #conclusionRun.#name = :name', values: { ':name': name } },
        );
      expect(await conclude('first')).toBe(true);
      expect(await conclude('first')).toBe(true);
      expect(await conclude('second')).toBe(false);
      // An end by forget: while not closed.
      const end = () =>
        update(
          relationshipId,
          { status: 'closed', ending: 'ended-early' },
          { ifNotExists: { closedAt: '2027-04-01T00:00:00.000Z' }, condition: '#status <> :closed', values: { ':closed': 'closed' } },
        );
      expect(await end()).toBe(true);
      expect(await end()).toBe(false);
      expect(await store().getRelationship(relationshipId)).toMatchObject({
        status: 'closed',
        extensions: 2,
        reviewsDone: ['month-3'],
        conclusionRun: { name: 'first' },
        pauses: [{ pauseNo: 1 }],
        closedAt: '2027-04-01T00:00:00.000Z',
      });
    });

    test('a circle’s mentee leaves while another stays; the last one does not; a retry says left', async () => {
      const { relationshipId, relationship, mentees } = await enrolled(3, { circle: 'Circle' });
      const [a, b, c] = mentees.map((m) => m.personId) as [string, string, string];
      expect(await store().markMenteeLeft(relationshipId, relationship.mentees, a)).toBe(true);
      expect(await store().markMenteeLeft(relationshipId, relationship.mentees, a)).toBe(true);
      expect(await store().markMenteeLeft(relationshipId, relationship.mentees, b)).toBe(true);
      expect(await store().markMenteeLeft(relationshipId, relationship.mentees, c)).toBe(false);
      expect((await store().getRelationship(relationshipId)).mentees.map((m) => m.status)).toEqual(['left', 'left', 'active']);
      await expect(store().markMenteeLeft(relationshipId, relationship.mentees, 'person-none')).rejects.toThrow(
        `person-none is not a mentee of ${relationshipId}`,
      );
      const pair = await enrolled();
      expect(await store().markMenteeLeft(pair.relationshipId, pair.relationship.mentees, pair.mentees[0]!.personId)).toBe(false);
      expect((await store().getRelationship(pair.relationshipId)).mentees[0]!.status).toBe('active');
    });

    test('an address is marked undeliverable once, reported once, and cleared only by the mark it had', async () => {
      const { programId, mentor } = await enrolled();
      const marks = () =>
        store()
          .getPeople(programId, [mentor.personId])
          .then((people) => people.get(mentor.personId)!);
      expect(await store().markUndeliverable(programId, mentor.personId, '2027-02-01T00:00:00.000Z', 'bounce')).toBe(true);
      expect(await store().markUndeliverable(programId, mentor.personId, '2027-02-02T00:00:00.000Z', 'complaint')).toBe(false);
      expect(await store().markUndeliverableReported(programId, mentor.personId, '2027-02-01T01:00:00.000Z')).toBe(true);
      expect(await store().markUndeliverableReported(programId, mentor.personId, '2027-02-01T02:00:00.000Z')).toBe(false);
      expect(await marks()).toMatchObject({
        undeliverableSince: '2027-02-01T00:00:00.000Z',
        undeliverableBecause: 'bounce',
        undeliverableReportedAt: '2027-02-01T01:00:00.000Z',
      });
      expect(await store().clearUndeliverable(programId, mentor.personId, '2027-02-02T00:00:00.000Z')).toBe(false);
      expect(await store().clearUndeliverable(programId, mentor.personId, '2027-02-01T00:00:00.000Z')).toBe(true);
      expect(await marks()).toEqual(mentor);
      expect(await store().markUndeliverable(programId, 'person-none', '2027-02-01T00:00:00.000Z', 'bounce')).toBe(false);
      expect(await store().isPersonStored(programId, 'person-none')).toBe(false);
    });
  });

  describe(`${storeName}: named changes of a relationship`, () => {
    const missing = 'rel-none';
    const at = (day: number) => `2027-03-${String(day).padStart(2, '0')}T09:00:00.000Z`;

    test('markMatched: only while matching; a retry changes nothing', async () => {
      const { relationshipId } = await enrolled();
      expect(await store().markMatched(relationshipId, at(1))).toBe(true);
      expect(await store().markMatched(relationshipId, at(2))).toBe(false);
      expect(await store().getRelationship(relationshipId)).toMatchObject({ status: 'active', matchedAt: at(1) });
      expect(await store().markMatched(missing, at(1))).toBe(false);
      expect(await store().findRelationship(missing)).toBeUndefined();
    });

    test('pauseIfActive: only while active and with the pauses counted; resumeIfPaused only while paused', async () => {
      const { relationshipId } = await enrolled();
      const pause = { pauseNo: 1, from: at(1), plannedUntil: at(15) };
      expect(await store().pauseIfActive(relationshipId, pause, 0)).toBe(false);
      await store().markMatched(relationshipId, at(1));
      expect(await store().resumeIfPaused(relationshipId, [], 3)).toBe(false);
      expect(await store().pauseIfActive(relationshipId, pause, 1)).toBe(false);
      expect(await store().pauseIfActive(relationshipId, pause, 0)).toBe(true);
      expect(await store().pauseIfActive(relationshipId, { ...pause, pauseNo: 2 }, 0)).toBe(false);
      expect(await store().pauseIfActive(relationshipId, { ...pause, pauseNo: 2 }, 1)).toBe(false);
      expect(await store().getRelationship(relationshipId)).toMatchObject({ status: 'paused', pauses: [pause], shiftDays: 0 });
      const resumed = [{ ...pause, resumedAt: at(8), shiftDays: 7 }];
      expect(await store().resumeIfPaused(relationshipId, resumed, 7)).toBe(true);
      expect(await store().resumeIfPaused(relationshipId, resumed, 7)).toBe(false);
      expect(await store().getRelationship(relationshipId)).toMatchObject({ status: 'active', pauses: resumed, shiftDays: 7 });
      const second = { pauseNo: 2, from: at(20) };
      expect(await store().pauseIfActive(relationshipId, second, 1)).toBe(true);
      expect(await store().resumeIfPaused(relationshipId, [...resumed, { ...second, resumedAt: at(22), shiftDays: 2 }], 2)).toBe(true);
      expect(await store().getRelationship(relationshipId)).toMatchObject({ status: 'active', shiftDays: 9 });
      expect((await store().getRelationship(relationshipId)).pauses).toHaveLength(2);
      expect(await store().pauseIfActive(missing, pause, 0)).toBe(false);
      expect(await store().resumeIfPaused(missing, [], 1)).toBe(false);
      expect(await store().findRelationship(missing)).toBeUndefined();
    });

    test('recordEndRequest: the first request stays; none is recorded for no relationship', async () => {
      const { relationshipId } = await enrolled();
      await store().recordEndRequest(relationshipId, at(1), 'mentee');
      await store().recordEndRequest(relationshipId, at(2), 'review');
      expect(await store().getRelationship(relationshipId)).toMatchObject({ endRequestedAt: at(1), endRequestedBy: 'mentee' });
      await expect(store().recordEndRequest(missing, at(1), 'mentor')).resolves.toBeUndefined();
      expect(await store().findRelationship(missing)).toBeUndefined();
    });

    test('claimConclusion: claimed by one execution name, which may claim it again; another may not', async () => {
      const { relationshipId } = await enrolled();
      expect(await store().claimConclusion(relationshipId, 'closure', 'first')).toBe(true);
      expect(await store().claimConclusion(relationshipId, 'closure', 'first')).toBe(true);
      expect(await store().claimConclusion(relationshipId, 'closure', 'second')).toBe(false);
      expect((await store().getRelationship(relationshipId)).conclusionRun).toEqual({ phase: 'closure', name: 'first' });
      // The same execution name claims it again with the phase it gives.
      expect(await store().claimConclusion(relationshipId, 'conclusion', 'first')).toBe(true);
      expect((await store().getRelationship(relationshipId)).conclusionRun).toEqual({ phase: 'conclusion', name: 'first' });
      expect(await store().claimConclusion(missing, 'closure', 'first')).toBe(false);
      expect(await store().findRelationship(missing)).toBeUndefined();
    });

    test('recordClosure: closes with the last ending given, the first close’s time stays', async () => {
      const { relationshipId } = await enrolled();
      await store().recordClosure(relationshipId, 'ended-early', at(1));
      await store().recordClosure(relationshipId, 'completed', at(2));
      expect(await store().getRelationship(relationshipId)).toMatchObject({ status: 'closed', ending: 'completed', closedAt: at(1) });
      await expect(store().recordClosure(missing, 'completed', at(1))).resolves.toBeUndefined();
      expect(await store().findRelationship(missing)).toBeUndefined();
    });

    test('recordReviewDone: each review once', async () => {
      const { relationshipId } = await enrolled();
      expect(await store().recordReviewDone(relationshipId, 'month-3')).toBe(true);
      expect(await store().recordReviewDone(relationshipId, 'month-3')).toBe(false);
      expect(await store().recordReviewDone(relationshipId, 'month-6')).toBe(true);
      expect((await store().getRelationship(relationshipId)).reviewsDone).toEqual(['month-3', 'month-6']);
      expect(await store().recordReviewDone(missing, 'month-3')).toBe(false);
      expect(await store().findRelationship(missing)).toBeUndefined();
    });

    test('grantExtension: one more extension while fewer than the round were granted', async () => {
      const { relationshipId } = await enrolled();
      expect(await store().grantExtension(relationshipId, 1)).toBe(true);
      expect(await store().grantExtension(relationshipId, 1)).toBe(false);
      expect((await store().getRelationship(relationshipId)).extensions).toBe(1);
      // One at a time, whatever the round: a round ahead adds one, up to it.
      expect(await store().grantExtension(relationshipId, 3)).toBe(true);
      expect(await store().grantExtension(relationshipId, 3)).toBe(true);
      expect(await store().grantExtension(relationshipId, 3)).toBe(false);
      expect((await store().getRelationship(relationshipId)).extensions).toBe(3);
      expect(await store().grantExtension(missing, 1)).toBe(false);
      expect(await store().findRelationship(missing)).toBeUndefined();
    });

    test('keepEndLinks: the links kept first stay', async () => {
      const { relationshipId } = await enrolled();
      await store().keepEndLinks(relationshipId, { a: 'link-a' });
      await store().keepEndLinks(relationshipId, { a: 'link-a2', b: 'link-b' });
      expect(await store().getRelationship(relationshipId)).toHaveProperty('endLinks', { a: 'link-a' });
      await expect(store().keepEndLinks(missing, { a: 'link-a' })).resolves.toBeUndefined();
      expect(await store().findRelationship(missing)).toBeUndefined();
    });

    test('saveWorkingAgreement and saveSafetyNetAlerts: each call replaces what was there', async () => {
      const { relationshipId } = await enrolled();
      const agreement = { modes: ['video' as const], frequency: 'weekly' as const, acknowledgedBy: ['a'], at: at(1) };
      expect(await store().saveWorkingAgreement(relationshipId, agreement)).toBe(true);
      const { frequency, ...again } = { ...agreement, acknowledgedBy: ['a', 'b'], at: at(2) };
      expect(await store().saveWorkingAgreement(relationshipId, again)).toBe(true);
      expect((await store().getRelationship(relationshipId)).workingAgreement).toEqual(again);
      const log = { alerted: { '2027-03-01': ['no-meeting/1'] }, folded: [] };
      expect(await store().saveSafetyNetAlerts(relationshipId, log)).toBe(true);
      expect(await store().saveSafetyNetAlerts(relationshipId, { alerted: {}, folded: [] })).toBe(true);
      expect((await store().getRelationship(relationshipId)).safetyNetAlerts).toEqual({ alerted: {}, folded: [] });
      expect(await store().saveWorkingAgreement(missing, agreement)).toBe(false);
      expect(await store().saveSafetyNetAlerts(missing, log)).toBe(false);
      expect(await store().findRelationship(missing)).toBeUndefined();
    });

    test('markAgreementDone and markRecordCompleted: the first time stays', async () => {
      const { relationshipId } = await enrolled();
      expect(await store().markAgreementDone(relationshipId, at(1))).toBe(true);
      expect(await store().markAgreementDone(relationshipId, at(2))).toBe(true);
      expect(await store().markRecordCompleted(relationshipId, at(3))).toBe(true);
      expect(await store().markRecordCompleted(relationshipId, at(4))).toBe(true);
      expect(await store().getRelationship(relationshipId)).toMatchObject({ agreementDoneAt: at(1), recordCompletedAt: at(3) });
      expect(await store().markAgreementDone(missing, at(1))).toBe(false);
      expect(await store().markRecordCompleted(missing, at(1))).toBe(false);
      expect(await store().findRelationship(missing)).toBeUndefined();
    });

    test('endEarlyForErasure: ends it once, while not closed; an end asked for before keeps its time and who asked', async () => {
      const { relationshipId } = await enrolled();
      await store().recordEndRequest(relationshipId, at(1), 'mentor');
      expect(await store().endEarlyForErasure(relationshipId, at(2))).toBe(true);
      expect(await store().endEarlyForErasure(relationshipId, at(3))).toBe(false);
      expect(await store().getRelationship(relationshipId)).toMatchObject({
        status: 'closed',
        ending: 'ended-early',
        closedAt: at(2),
        endRequestedAt: at(1),
        endRequestedBy: 'mentor',
      });
      const other = await enrolled();
      await store().recordClosure(other.relationshipId, 'completed', at(1));
      expect(await store().endEarlyForErasure(other.relationshipId, at(2))).toBe(false);
      expect(await store().getRelationship(other.relationshipId)).toMatchObject({ ending: 'completed', closedAt: at(1) });
      expect(await store().getRelationship(other.relationshipId)).not.toHaveProperty('endRequestedAt');
      const fresh = await enrolled();
      expect(await store().endEarlyForErasure(fresh.relationshipId, at(5))).toBe(true);
      expect(await store().getRelationship(fresh.relationshipId)).toMatchObject({ closedAt: at(5), endRequestedAt: at(5), endRequestedBy: 'coordinator' });
      expect(await store().endEarlyForErasure(missing, at(1))).toBe(false);
      expect(await store().findRelationship(missing)).toBeUndefined();
    });
  });

  describe(`${storeName}: meetings`, () => {
    test('a meeting is planned once, listed in order, and the next planned and the last found', async () => {
      const { relationshipId } = await enrolled();
      const first = await store().planMeeting(relationshipId, 1, new Date('2027-01-18T09:00:00.000Z'));
      expect(first).toEqual({ relationshipId, meetingNo: 1, occurrence: 1, sequence: 0, startsAt: '2027-01-18T09:00:00.000Z', status: 'planned', moves: [] });
      expect(await store().planMeeting(relationshipId, 1, new Date('2027-01-19T09:00:00.000Z'))).toEqual(first);
      await store().planMeeting(relationshipId, 10, new Date('2027-05-18T09:00:00.000Z'));
      await store().planMeeting(relationshipId, 2, new Date('2027-01-25T09:00:00.000Z'));
      expect((await store().listMeetings(relationshipId)).map((m) => m.meetingNo)).toEqual([1, 2, 10]);
      expect(await store().getMeeting(relationshipId, 1)).toEqual(first);
      expect(await store().getMeeting(relationshipId, 3)).toBeUndefined();
      expect((await store().lastMeeting(relationshipId))?.meetingNo).toBe(10);
      expect((await store().nextPlannedMeeting(relationshipId))?.meetingNo).toBe(1);
      expect(await store().concludeMeeting(relationshipId, 1, 1, 'held', '2027-01-18T12:00:00.000Z')).toBe(true);
      expect((await store().nextPlannedMeeting(relationshipId))?.meetingNo).toBe(2);
      expect(await store().lastMeeting('rel-none')).toBeUndefined();
      expect(await store().nextPlannedMeeting('rel-none')).toBeUndefined();
      expect(await store().listMeetings('rel-none')).toEqual([]);
    });

    test('a meeting is concluded once, for its occurrence, with how a held one went', async () => {
      const { relationshipId } = await enrolled();
      await store().planMeeting(relationshipId, 1, new Date('2027-01-18T09:00:00.000Z'));
      await store().planMeeting(relationshipId, 2, new Date('2027-01-25T09:00:00.000Z'));
      expect(await store().concludeMeeting(relationshipId, 1, 2, 'held', '2027-01-18T12:00:00.000Z')).toBe(false);
      expect(await store().concludeMeeting(relationshipId, 1, 1, 'held', '2027-01-18T12:00:00.000Z', { mode: 'video', rating: 4 })).toBe(true);
      expect(await store().concludeMeeting(relationshipId, 1, 1, 'not-held', '2027-01-18T13:00:00.000Z')).toBe(false);
      expect(await store().concludeMeeting(relationshipId, 2, 1, 'unanswered', '2027-01-30T12:00:00.000Z', { rating: 0 })).toBe(true);
      expect(await store().concludeMeeting(relationshipId, 3, 1, 'held', '2027-01-30T12:00:00.000Z')).toBe(false);
      expect(await store().listMeetings(relationshipId)).toMatchObject([
        { meetingNo: 1, status: 'held', concludedAt: '2027-01-18T12:00:00.000Z', mode: 'video', rating: 4 },
        { meetingNo: 2, status: 'unanswered', concludedAt: '2027-01-30T12:00:00.000Z' },
      ]);
      expect((await store().listMeetings(relationshipId))[1]).not.toHaveProperty('rating');
      expect(await store().getMeeting(relationshipId, 3)).toBeUndefined();
    });

    test('a move makes a new occurrence with a newer invitation; a late move of the old one changes nothing', async () => {
      const { relationshipId } = await enrolled();
      await store().planMeeting(relationshipId, 1, new Date('2027-01-18T09:00:00.000Z'));
      expect(await store().markInvited(relationshipId, 1, 0)).toBe(true);
      expect(await store().markInvited(relationshipId, 1, 0)).toBe(false);
      expect(await store().moveMeeting(relationshipId, 1, 1, '2027-01-18T09:00:00.000Z', '2027-01-20T09:00:00.000Z')).toBe(true);
      expect(await store().moveMeeting(relationshipId, 1, 1, '2027-01-18T09:00:00.000Z', '2027-01-21T09:00:00.000Z')).toBe(false);
      expect(await store().getMeeting(relationshipId, 1)).toEqual({
        relationshipId,
        meetingNo: 1,
        occurrence: 2,
        sequence: 1,
        startsAt: '2027-01-20T09:00:00.000Z',
        status: 'planned',
        moves: [{ from: '2027-01-18T09:00:00.000Z', to: '2027-01-20T09:00:00.000Z' }],
        invitedSequence: 0,
      });
      expect(await store().markInvited(relationshipId, 1, 1)).toBe(true);
      expect(await store().markInvited(relationshipId, 1, 0)).toBe(false);
      expect(await store().markInvited(relationshipId, 2, 0)).toBe(false);
      expect(await store().getMeeting(relationshipId, 2)).toBeUndefined();
    });

    test('a withdrawn meeting leaves the calendars: planned still for a pause, cancelled for an end', async () => {
      const { relationshipId } = await enrolled();
      await store().planMeeting(relationshipId, 1, new Date('2027-01-18T09:00:00.000Z'));
      await store().planMeeting(relationshipId, 2, new Date('2027-01-25T09:00:00.000Z'));
      await store().markInvited(relationshipId, 1, 0);
      expect(await store().withdrawMeeting(relationshipId, 1, 1, { cancelled: false })).toBe(true);
      expect(await store().getMeeting(relationshipId, 1)).toMatchObject({ status: 'planned', sequence: 1, occurrence: 1 });
      expect(await store().getMeeting(relationshipId, 1)).not.toHaveProperty('invitedSequence');
      expect(await store().withdrawMeeting(relationshipId, 2, 1, { cancelled: true })).toBe(true);
      expect(await store().withdrawMeeting(relationshipId, 2, 1, { cancelled: true })).toBe(false);
      expect(await store().getMeeting(relationshipId, 2)).toMatchObject({ status: 'cancelled', sequence: 1 });
    });
  });

  describe(`${storeName}: goals`, () => {
    const goal = (relationshipId: string, menteeId: string, goalNo: number, description: string): Goal => ({
      relationshipId,
      menteeId,
      goalNo,
      competency: 'delegation',
      description,
      baseline: 2,
      target: 4,
      ratings: {},
    });

    test('proposed goals replace the ones before, are marked once and rated per review and role', async () => {
      const { relationshipId, holders, mentees } = await enrolled(2, { circle: 'Circle' });
      const [a, b] = mentees.map((m) => m.personId) as [string, string];
      expect(
        await store().replaceGoals(
          a,
          [1, 2, 3].map((no) => goal(relationshipId, a, no, `Goal ${no}`)),
          holders,
        ),
      ).toBe(true);
      expect(await store().replaceGoals(b, [goal(relationshipId, b, 1, 'Theirs')], holders)).toBe(true);
      expect(await store().replaceGoals(a, [goal(relationshipId, a, 1, 'First again'), goal(relationshipId, a, 2, 'Second again')], holders)).toBe(true);
      expect((await store().listGoals(relationshipId, a)).map((g) => g.description)).toEqual(['First again', 'Second again']);
      expect((await store().listGoals(relationshipId)).map((g) => [g.menteeId, g.goalNo])).toEqual([
        [a, 1],
        [a, 2],
        [b, 1],
      ]);
      await store().markGoals(relationshipId, a, 'confirmedAt', '2027-02-01T00:00:00.000Z');
      await store().markGoals(relationshipId, a, 'confirmedAt', '2027-02-02T00:00:00.000Z');
      expect((await store().listGoals(relationshipId, a)).map((g) => g.confirmedAt)).toEqual(['2027-02-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z']);
      expect((await store().listGoals(relationshipId, b))[0]).not.toHaveProperty('confirmedAt');
      await store().rateGoal(relationshipId, a, 1, 'month-3', 'mentee', 3);
      await store().rateGoal(relationshipId, a, 1, 'month-3', 'mentor', 2);
      await store().rateGoal(relationshipId, a, 1, 'month-3', 'mentee', 4);
      expect((await store().listGoals(relationshipId, a))[0]!.ratings).toEqual({ 'month-3': { mentee: 4, mentor: 2 } });
      await expect(store().rateGoal(relationshipId, a, 9, 'month-3', 'mentee', 3)).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
      expect(await store().listGoals(relationshipId, a)).toHaveLength(2);
    });

    test('goals are not written once a holder was erased, and their texts go with erasure', async () => {
      const { relationshipId, holders, programId, mentees } = await enrolled();
      const a = mentees[0]!.personId;
      await store().replaceGoals(a, [goal(relationshipId, a, 1, 'Delegate more'), goal(relationshipId, a, 2, '')], holders);
      expect(await store().eraseGoalTexts(relationshipId, 'person-none')).toBe(0);
      expect(await store().eraseGoalTexts(relationshipId, a)).toBe(1);
      expect(await store().eraseGoalTexts(relationshipId)).toBe(0);
      expect((await store().listGoals(relationshipId)).map((g) => [g.description, g.baseline])).toEqual([
        ['', 2],
        ['', 2],
      ]);
      await store().erasePerson(programId, a, '2027-03-01T00:00:00.000Z');
      expect(await store().replaceGoals(a, [goal(relationshipId, a, 3, 'After forget')], holders)).toBe(false);
      expect((await store().listGoals(relationshipId)).map((g) => g.goalNo)).toEqual([1, 2]);
    });
  });

  describe(`${storeName}: questions and links`, () => {
    test('a question opens once; asking again hands over the newest token and keeps its links', async () => {
      const { relationshipId, mentees, holders } = await enrolled();
      const first = question(relationshipId, mentees);
      expect(await store().openQuestion(first, holders)).toEqual(first);
      expect(await store().getQuestion(first.questionId)).toEqual(first);
      const again = await store().openQuestion(
        { ...first, taskToken: 'token-reminder', links: { other: 'link-other' }, closesAt: '2027-02-05T09:00:00.000Z' },
        holders,
      );
      expect(again).toEqual({ ...first, taskToken: 'token-reminder', closesAt: '2027-02-05T09:00:00.000Z' });
      expect(await store().openAhead({ ...first, taskToken: 'token-ahead', links: {} }, holders)).toEqual(again);
      expect(await store().getQuestion(`${relationshipId}.none`)).toBeUndefined();
      const ahead = question(relationshipId, mentees, { questionId: `${relationshipId}.review.month-3`, kind: 'review', taskToken: '' });
      expect(await store().openAhead(ahead, holders)).toEqual(ahead);
    });

    test('each person answers once, the question settles once, and nothing answers it after that', async () => {
      const { relationshipId, mentees, mentor, holders } = await enrolled();
      const q = question(relationshipId, [...mentees, mentor]);
      await store().openQuestion(q, holders);
      // The question comes back as stored with the answer, as one read after it would find it.
      const stored = await store().addAnswer(q.questionId, mentor.personId, answer('held', { note: 'Good' }));
      expect(stored).toEqual({ ...q, answers: { [mentor.personId]: answer('held', { note: 'Good' }) } });
      expect(stored).toEqual(await store().getQuestion(q.questionId));
      expect(await store().addAnswer(q.questionId, mentor.personId, answer('not-held'))).toBeUndefined();
      expect(await store().settleQuestion(q.questionId, 'held', '2027-01-20T10:00:01.000Z')).toBe(true);
      expect(await store().settleQuestion(q.questionId, 'not-held', '2027-01-20T10:00:02.000Z')).toBe(false);
      expect(await store().addAnswer(q.questionId, mentees[0]!.personId, answer('not-held'))).toBeUndefined();
      expect(await store().closeQuestion(q.questionId)).toMatchObject({ state: 'answered', outcome: 'held', settledAt: '2027-01-20T10:00:01.000Z' });
      expect((await store().getQuestion(q.questionId))!.answers).toEqual({ [mentor.personId]: answer('held', { note: 'Good' }) });
      expect(await store().addAnswer(`${relationshipId}.none`, mentor.personId, answer('held'))).toBeUndefined();
      expect(await store().settleQuestion(`${relationshipId}.none`, 'held', '2027-01-20T10:00:00.000Z')).toBe(false);
    });

    test('the open questions list whom each asked and who answered, and nothing settled or closed', async () => {
      const { relationshipId, mentees, mentor, holders } = await enrolled();
      const [waiting, settled, closed] = ['check-in.1.1', 'check-in.2.1', 'check-in.3.1'].map((id) =>
        question(relationshipId, [...mentees, mentor], { questionId: `${relationshipId}.${id}` }),
      ) as [Question, Question, Question];
      for (const q of [waiting, settled, closed]) await store().openQuestion(q, holders);
      await store().addAnswer(waiting.questionId, mentor.personId, answer('held', { note: 'Good' }));
      await store().settleQuestion(settled.questionId, 'held', '2027-01-20T10:00:00.000Z');
      await store().closeQuestion(closed.questionId);
      const open = (await store().listOpenQuestions()).filter((q) => q.relationshipId === relationshipId);
      expect(open).toEqual([
        {
          questionId: waiting.questionId,
          relationshipId,
          kind: 'check-in',
          subject: waiting.subject,
          closesAt: waiting.closesAt,
          links: waiting.links,
          answers: { [mentor.personId]: answer('held', { note: 'Good' }) },
        },
      ]);
    });

    test('an unanswered question closes, and then takes no answer', async () => {
      const { relationshipId, mentees, holders } = await enrolled();
      const q = question(relationshipId, mentees);
      await store().openQuestion(q, holders);
      expect(await store().closeQuestion(q.questionId)).toEqual({ ...q, state: 'closed' });
      expect(await store().addAnswer(q.questionId, mentees[0]!.personId, answer('held'))).toBeUndefined();
      expect(await store().settleQuestion(q.questionId, 'held', '2027-01-20T10:00:00.000Z')).toBe(false);
      // Asking again finds it closed: its token stays.
      expect(await store().openQuestion({ ...q, taskToken: 'token-late' }, holders)).toMatchObject({ state: 'closed', taskToken: 'token-first' });
    });

    test('links: one per person asked, expiring with the question, kept open longer but never shorter', async () => {
      const { relationshipId, mentees, manager, holders } = await enrolled(2, { circle: 'Circle' });
      const q = question(relationshipId, [...mentees, manager]);
      await store().openQuestion(q, holders);
      const managerTwice = [
        { person: manager, role: 'manager' as const },
        { person: manager, role: 'manager' as const },
      ];
      expect(await store().saveLinks(q, [...asked(mentees), ...managerTwice], holders)).toBe(true);
      expect(await store().getLink(`link-${manager.personId}`)).toEqual({
        linkId: `link-${manager.personId}`,
        questionId: q.questionId,
        personId: manager.personId,
        role: 'manager',
        locale: 'en',
        timeZone: 'Europe/Amsterdam',
        expiresAt: q.closesAt,
      });
      expect(await store().getLink('link-none')).toBeUndefined();
      expect(await store().keepOpenUntil(q.questionId, '2027-01-30T09:00:00.000Z')).toBe(true);
      expect((await store().getQuestion(q.questionId))!.closesAt).toBe(q.closesAt);
      expect(await store().keepOpenUntil(q.questionId, '2027-03-01T09:00:00.000Z')).toBe(true);
      expect((await store().getQuestion(q.questionId))!.closesAt).toBe('2027-03-01T09:00:00.000Z');
      for (const person of [...mentees, manager]) expect((await store().getLink(`link-${person.personId}`))!.expiresAt).toBe('2027-03-01T09:00:00.000Z');
      expect(await store().keepOpenUntil(`${relationshipId}.none`, '2027-03-01T09:00:00.000Z')).toBe(false);
      const { timeZone, ...noZone } = mentees[0]!;
      const other = question(relationshipId, [mentees[0]!], { questionId: `${relationshipId}.check-in.2.1` });
      await store().saveLinks(other, asked([noZone as Person]), holders);
      expect(await store().getLink(`link-${mentees[0]!.personId}`)).not.toHaveProperty('timeZone');
    });

    test('an ask opens a new question with its links in one go; asked again, it hands over the token and leaves the links to be saved', async () => {
      const { relationshipId, mentees, mentor, holders } = await enrolled();
      const q = question(relationshipId, [...mentees, mentor]);
      const people = [...asked(mentees), { person: mentor, role: 'mentor' as const }];
      expect(await store().openWithLinks(q, people, holders)).toEqual({ question: q, linked: true });
      expect(await store().getQuestion(q.questionId)).toEqual(q);
      for (const person of [...mentees, mentor])
        expect(await store().getLink(`link-${person.personId}`)).toMatchObject({ questionId: q.questionId, personId: person.personId, expiresAt: q.closesAt });
      // A reminder's ask makes links of its own: the question keeps its first ones, and the new ones are not saved.
      const reminder = {
        ...q,
        taskToken: 'token-reminder',
        closesAt: '2027-02-05T09:00:00.000Z',
        links: { [mentor.personId]: 'link-new', [mentees[0]!.personId]: 'link-new-too' },
      };
      expect(await store().openWithLinks(reminder, people, holders)).toEqual({
        question: { ...q, taskToken: 'token-reminder', closesAt: '2027-02-05T09:00:00.000Z' },
        linked: false,
      });
      expect(await store().getLink('link-new')).toBeUndefined();
      // An erased holder: nothing of another question is written.
      await store().erasePerson(holders.programId, mentees[0]!.personId, '2027-03-01T00:00:00.000Z');
      const other = question(relationshipId, mentees, { questionId: `${relationshipId}.check-in.2.1`, links: { [mentees[0]!.personId]: 'link-other' } });
      expect(await store().openWithLinks(other, asked(mentees), holders)).toBeUndefined();
      expect(await store().getQuestion(other.questionId)).toBeUndefined();
      expect(await store().getLink('link-other')).toBeUndefined();
    });

    test('standing questions open together with their links, all or nothing: once; found open by a retry; not at all once a holder was erased', async () => {
      const { relationshipId, coordinator, holders } = await enrolled();
      const asks = [{ person: coordinator, role: 'coordinator' as const }];
      const choice = (action: string) =>
        question(relationshipId, [coordinator], {
          questionId: `${relationshipId}.coordinator-${action}.20270201`,
          kind: 'coordinator-action',
          subject: {},
          taskToken: '',
          links: { [coordinator.personId]: `link-${action}-${relationshipId}` },
          page: { action },
        });
      const [nudge, pause] = [choice('nudge'), choice('pause')];
      expect(await store().openTogether([nudge, pause], asks, holders)).toBe('opened');
      expect(await store().getQuestion(pause.questionId)).toEqual(pause);
      expect(await store().getLink(`link-pause-${relationshipId}`)).toMatchObject({ questionId: pause.questionId, role: 'coordinator' });
      // A retried digest: one is open already, so nothing of this write is kept, the new one's link included.
      const end = choice('end');
      expect(await store().openTogether([nudge, end], asks, holders)).toBe('exists');
      expect(await store().getQuestion(end.questionId)).toBeUndefined();
      expect(await store().getLink(`link-end-${relationshipId}`)).toBeUndefined();
      await store().erasePerson(holders.programId, coordinator.personId, '2027-03-01T00:00:00.000Z');
      expect(await store().openTogether([end], asks, holders)).toBe('erased');
      expect(await store().getQuestion(end.questionId)).toBeUndefined();
    });

    test('nothing of a question is written once a holder was erased since they were read', async () => {
      const { relationshipId, programId, mentees, holders } = await enrolled();
      await store().erasePerson(programId, mentees[0]!.personId, '2027-03-01T00:00:00.000Z');
      const q = question(relationshipId, mentees);
      expect(await store().openQuestion(q, holders)).toBeUndefined();
      expect(await store().openAhead(q, holders)).toBeUndefined();
      expect(await store().getQuestion(q.questionId)).toBeUndefined();
      expect(await store().saveLinks(q, asked(mentees), holders)).toBe(false);
      expect(await store().getLink(`link-${mentees[0]!.personId}`)).toBeUndefined();
      // Without the erased person among the holders, it is written.
      expect(await store().openQuestion(q, { ...holders, personIds: [] })).toEqual(q);
    });
  });

  describe(`${storeName}: the e-mail log, answers and rematches`, () => {
    test('a sent e-mail is recorded once: a retry finds the first', async () => {
      const { relationshipId } = await enrolled();
      const mail = { messageKey: 'match/1/person', kind: 'match', recipientRole: 'mentee', sentAt: '2027-01-11T09:00:00.000Z', messageId: 'first' };
      expect(await store().recordMailSent(relationshipId, mail)).toBe(true);
      expect(await store().recordMailSent(relationshipId, { ...mail, messageId: 'second' })).toBe(false);
      await store().recordMailSent(relationshipId, { ...mail, messageKey: 'introduction/1/person', kind: 'introduction' });
      expect(await store().listMail(relationshipId)).toMatchObject([
        { messageKey: 'introduction/1/person', kind: 'introduction', state: 'sent' },
        { ...mail, state: 'sent' },
      ]);
      expect(await store().listMail('rel-none')).toEqual([]);
    });

    test('a settled answer is kept with the relationship, but not once its data was erased', async () => {
      const { relationshipId, mentor, mentees, holders } = await enrolled();
      const q = {
        ...question(relationshipId, mentees),
        answers: { [mentor.personId]: answer('held', { note: 'Fine' }) },
        outcome: 'held',
        settledAt: '2027-01-20T10:00:00.000Z',
      };
      expect(await store().saveAnswer(q, holders)).toBe(true);
      expect(await store().saveAnswer(q, holders)).toBe(true);
      const saved = { questionId: q.questionId, kind: q.kind, subject: q.subject, answers: q.answers, outcome: 'held', settledAt: q.settledAt };
      expect(await store().listSavedAnswers(relationshipId)).toEqual([saved]);
      expect(await store().listAnswers(relationshipId)).toMatchObject([{ ...saved, sk: `ANSWER#${q.questionId}` }]);
      expect(await store().markPersonalDataErased(relationshipId, '2029-01-01T00:00:00.000Z')).toBe(true);
      expect(await store().saveAnswer({ ...q, questionId: `${relationshipId}.check-in.2.1` }, holders)).toBe(false);
      expect(await store().listSavedAnswers(relationshipId)).toHaveLength(1);
    });

    test('answers read at different moments are all kept: a later save adds to the record, never takes from it', async () => {
      const { relationshipId, mentor, mentees, holders } = await enrolled();
      const [mentee] = mentees as [Person];
      const q = { ...question(relationshipId, mentees, { questionId: `${relationshipId}.end-relationship` }), kind: 'end-relationship' as const };
      const first = { [mentee.personId]: answer('end') };
      const both = { ...first, [mentor.personId]: { ...answer('end'), role: 'mentor' as const, answeredAt: '2027-01-20T10:00:01.000Z' } };
      // Read after both requests, saved first; then a save of what was read before the second.
      expect(await store().saveAnswer({ ...q, answers: both, settledAt: '2027-01-20T10:00:01.000Z' }, holders)).toBe(true);
      expect(await store().saveAnswer({ ...q, answers: first, settledAt: '2027-01-20T10:00:00.000Z' }, holders)).toBe(true);
      expect(await store().listSavedAnswers(relationshipId)).toEqual([
        { questionId: q.questionId, kind: 'end-relationship', subject: q.subject, answers: both, settledAt: '2027-01-20T10:00:00.000Z' },
      ]);
      expect(await store().markPersonalDataErased(relationshipId, '2029-01-01T00:00:00.000Z')).toBe(true);
      expect(await store().saveAnswer({ ...q, answers: { [mentor.personId]: answer('other') } }, holders)).toBe(false);
      expect((await store().listSavedAnswers(relationshipId))[0]!.answers).toEqual(both);
    });

    test('a relationship’s history holds its meetings, goals, saved answers and e-mails, as each list has them, and nothing of another', async () => {
      const { relationshipId, mentor, mentees, holders } = await enrolled();
      const other = await enrolled();
      for (const id of [relationshipId, other.relationshipId]) {
        await store().planMeeting(id, 1, new Date('2027-01-18T09:00:00.000Z'));
        await store().recordMailSent(id, {
          messageKey: 'match/1/person',
          kind: 'match',
          recipientRole: 'mentee',
          sentAt: '2027-01-11T09:00:00.000Z',
          messageId: id,
        });
      }
      await store().planMeeting(relationshipId, 2, new Date('2027-01-25T09:00:00.000Z'));
      const menteeId = mentees[0]!.personId;
      const goal: Goal = { relationshipId, menteeId, goalNo: 1, competency: 'delegation', description: 'Delegate', baseline: 2, target: 4, ratings: {} };
      await store().replaceGoals(menteeId, [goal], holders);
      const settled = {
        ...question(relationshipId, mentees),
        answers: { [mentor.personId]: answer('held') },
        outcome: 'held',
        settledAt: '2027-01-20T10:00:00.000Z',
      };
      await store().saveAnswer(settled, holders);
      const history = await store().readHistory(relationshipId);
      expect(history).toEqual({
        meetings: await store().listMeetings(relationshipId),
        goals: await store().listGoals(relationshipId),
        saved: await store().listSavedAnswers(relationshipId),
        mail: await store().listMail(relationshipId),
      });
      expect([history.meetings.length, history.goals.length, history.saved.length, history.mail.length]).toEqual([2, 1, 1, 1]);
      expect(await store().readHistory('rel-none')).toEqual({ meetings: [], goals: [], saved: [], mail: [] });
    });

    test('a rematch request opens once per mentee and relationship', async () => {
      const { programId, relationshipId, mentees } = await enrolled();
      const request = {
        programId,
        menteeId: mentees[0]!.personId,
        relationshipId,
        reason: 'declined' as const,
        openedAt: '2027-01-20T00:00:00.000Z',
        status: 'open' as const,
      };
      expect(await store().openRematchRequest(request)).toBe(true);
      expect(await store().openRematchRequest({ ...request, reason: 'no-answer' })).toBe(false);
      expect(await store().openRematchRequest({ ...request, relationshipId: 'rel-other' })).toBe(true);
      expect(await store().listRematchRequests(programId)).toEqual([request, { ...request, relationshipId: 'rel-other' }]);
      expect(await store().deleteRematchRequests(programId, 'person-none')).toBe(0);
      expect(await store().deleteRematchRequests(programId, mentees[0]!.personId)).toBe(2);
      expect(await store().listRematchRequests(programId)).toEqual([]);
    });
  });

  describe(`${storeName}: erasure`, () => {
    test('an erased person keeps their record, not their name or address; erasing again changes nothing', async () => {
      const { programId, mentor } = await enrolled();
      expect(await store().erasePerson(programId, mentor.personId, '2027-03-01T00:00:00.000Z')).toEqual({ people: 1, emailIndex: 1 });
      expect((await store().getPeople(programId, [mentor.personId])).get(mentor.personId)).toEqual({
        ...mentor,
        name: ERASED_NAME,
        email: '',
        erasedAt: '2027-03-01T00:00:00.000Z',
      });
      expect(await store().findPersonIdByEmail(programId, mentor.email)).toBeUndefined();
      expect(await store().erasePerson(programId, mentor.personId, '2027-03-02T00:00:00.000Z')).toEqual({ people: 0, emailIndex: 0 });
      expect(await store().erasePerson(programId, 'person-none', '2027-03-02T00:00:00.000Z')).toEqual({ people: 0, emailIndex: 0 });
    });

    test('a forgotten address is marked once, found in any case, and its mark taken away', async () => {
      const { programId, mentor } = await enrolled();
      expect(await store().findForgotten(programId, mentor.email)).toBeUndefined();
      await store().markForgotten(programId, mentor.email, mentor.personId, '2027-03-01T00:00:00.000Z');
      await store().markForgotten(programId, mentor.email, 'person-other', '2027-03-02T00:00:00.000Z');
      const mark = { personId: mentor.personId, forgottenAt: '2027-03-01T00:00:00.000Z' };
      expect(await store().findForgotten(programId, ` ${mentor.email.toUpperCase()}`)).toEqual(mark);
      expect(await store().findForgotten('contract-other', mentor.email)).toBeUndefined();
      expect(await store().removeForgottenMark(programId, mentor.email)).toEqual(mark);
      expect(await store().removeForgottenMark(programId, mentor.email)).toBeUndefined();
      expect(await store().findForgotten(programId, mentor.email)).toBeUndefined();
    });

    test('a circle’s name goes once; a pair has none to erase; an erased relationship takes its end links with it', async () => {
      const circle = await enrolled(2, { circle: 'The Delegators' });
      expect(await store().eraseCircleName(circle.relationshipId)).toBe(1);
      expect(await store().eraseCircleName(circle.relationshipId)).toBe(0);
      expect((await store().getRelationship(circle.relationshipId)).circle).toBe(ERASED_NAME);
      const pair = await enrolled();
      expect(await store().eraseCircleName(pair.relationshipId)).toBe(0);
      expect(await store().findRelationship(pair.relationshipId)).not.toHaveProperty('circle');
      await store().updateRelationship(pair.relationshipId, {}, { ifNotExists: { endLinks: { a: 'link-a' } } });
      expect(await store().markPersonalDataErased(pair.relationshipId, '2029-01-01T00:00:00.000Z')).toBe(true);
      expect(await store().markPersonalDataErased(pair.relationshipId, '2029-01-02T00:00:00.000Z')).toBe(false);
      const erased = await store().getRelationship(pair.relationshipId);
      expect(erased.personalDataErasedAt).toBe('2029-01-01T00:00:00.000Z');
      expect(erased).not.toHaveProperty('endLinks');
      expect(await store().markPersonalDataErased('rel-none', '2029-01-01T00:00:00.000Z')).toBe(false);
    });

    test('answers lose their details, everyone’s or one person’s, once', async () => {
      const { relationshipId, mentor, mentees, holders } = await enrolled();
      const [mentee] = mentees as [Person];
      const answers = { [mentor.personId]: answer('held', { note: 'Hers' }), [mentee.personId]: answer('held', { rating: 4 }) };
      await store().saveAnswer({ ...question(relationshipId, mentees), answers, outcome: 'held', settledAt: '2027-01-20T10:00:00.000Z' }, holders);
      await store().saveAnswer(
        {
          ...question(relationshipId, mentees, { questionId: `${relationshipId}.check-in.2.1` }),
          answers: { [mentor.personId]: answer('held') },
          outcome: 'held',
        },
        holders,
      );
      expect(await store().eraseAnswerDetails(relationshipId, mentee.personId)).toBe(1);
      expect(await store().eraseAnswerDetails(relationshipId, mentee.personId)).toBe(0);
      expect((await store().listSavedAnswers(relationshipId))[0]!.answers).toEqual({
        [mentor.personId]: answers[mentor.personId],
        [mentee.personId]: answer('held'),
      });
      expect(await store().eraseAnswerDetails(relationshipId)).toBe(1);
      expect(await store().eraseAnswerDetails(relationshipId)).toBe(0);
      expect((await store().listSavedAnswers(relationshipId)).map((a) => a.answers[mentor.personId]!.details)).toEqual([{}, {}]);
    });

    test('the questions and links of relationships are found, lose one person’s answer details, and go', async () => {
      const one = await enrolled();
      const two = await enrolled();
      const q = question(one.relationshipId, [one.mentor, ...one.mentees]);
      await store().openQuestion(q, one.holders);
      await store().saveLinks(q, asked([one.mentor, ...one.mentees]), one.holders);
      await store().openQuestion(question(two.relationshipId, two.mentees), two.holders);
      await store().addAnswer(q.questionId, one.mentor.personId, answer('held', { note: 'Mine' }));
      await store().addAnswer(q.questionId, one.mentees[0]!.personId, answer('held'));
      const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
      const records = (await store().listResponseRecords(new Set([one.relationshipId]))).sort(byId);
      expect(records).toEqual(
        [
          { id: `QUESTION#${q.questionId}`, kind: 'question', relationshipId: one.relationshipId },
          ...[one.mentor, ...one.mentees].map((p) => ({
            id: `LINK#link-${p.personId}`,
            kind: 'link',
            relationshipId: one.relationshipId,
            personId: p.personId,
          })),
        ].sort(byId),
      );
      expect(await store().listResponseRecords(new Set())).toEqual([]);
      expect(await store().eraseQuestionAnswer(`QUESTION#${q.questionId}`, one.mentees[0]!.personId)).toBe(0);
      expect(await store().eraseQuestionAnswer(`QUESTION#${q.questionId}`, one.mentor.personId)).toBe(1);
      expect(await store().eraseQuestionAnswer(`QUESTION#${q.questionId}`, one.mentor.personId)).toBe(0);
      expect(await store().eraseQuestionAnswer('QUESTION#none', one.mentor.personId)).toBe(0);
      expect((await store().getQuestion(q.questionId))!.answers[one.mentor.personId]).toEqual(answer('held'));
      expect(await store().deleteResponseRecords(records.map((r) => r.id))).toBe(3);
      expect(await store().listResponseRecords(new Set([one.relationshipId]))).toEqual([]);
      expect(await store().getLink(`link-${one.mentor.personId}`)).toBeUndefined();
      expect(await store().listResponseRecords(new Set([two.relationshipId]))).toHaveLength(1);
    });

    test('a throwaway program is removed outright, each kind of record counted', async () => {
      const { programId, relationshipId, mentees, mentor, holders } = await enrolled();
      await store().planMeeting(relationshipId, 1, new Date('2027-01-18T09:00:00.000Z'));
      await store().recordMailSent(relationshipId, {
        messageKey: 'k',
        kind: 'match',
        recipientRole: 'mentor',
        sentAt: '2027-01-11T09:00:00.000Z',
        messageId: 'm',
      });
      await store().saveAnswer({ ...question(relationshipId, mentees), outcome: 'held', settledAt: '2027-01-20T10:00:00.000Z' }, holders);
      await store().openRematchRequest({
        programId,
        menteeId: mentees[0]!.personId,
        relationshipId,
        reason: 'declined',
        openedAt: '2027-01-20T00:00:00.000Z',
        status: 'open',
      });
      await store().markForgotten(programId, 'gone@example.org', 'person-gone', '2027-01-20T00:00:00.000Z');
      expect(await store().removeProgramRecords(programId, [relationshipId])).toEqual({
        PROGRAM: 1,
        PERSON: 4,
        EMAIL: 4,
        MENTEE: 1,
        REMATCH: 1,
        FORGOTTEN: 1,
        REL: 1,
        MEMBER: 4,
        MEETING: 1,
        MAIL: 1,
        ANSWER: 1,
      });
      expect(await store().findRelationship(relationshipId)).toBeUndefined();
      expect(await store().listPeople(programId)).toEqual([]);
      expect(await store().findPersonIdByEmail(programId, mentor.email)).toBeUndefined();
      expect(await store().listMeetings(relationshipId)).toEqual([]);
      expect(await store().listProgramIds()).not.toContain(programId);
      expect(await store().removeProgramRecords(programId, [relationshipId])).toEqual({});
    });
  });
};
