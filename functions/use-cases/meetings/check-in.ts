import { clock } from '#platform/clock';
import { formatDeadline, formatWhen } from '#presentation/messages/index';
import { isInvited, type Meeting } from '#domain/model';
import { members } from '#use-cases/relationship/write-to';
import { concludeMeeting, getMeeting, moveMeeting, planMeeting } from '#adapters/store';
import { answerWindowSeconds, meetingSlot, relationshipEnd } from '#domain/program/schedule';
import type { RelationshipContext } from '#use-cases/relationship/relationship-context';
import { calendarPart, invited } from '#use-cases/relationship/invitations';
import type { QuestionKind } from '#use-cases/relationship/question-kind';
import { firstAnswer } from '#domain/question-answers';
import { checkInPage } from '#presentation/pages/questions/check-in-page';
import { carriedFor, carryQuestion, type Carried, type DueQuestion } from '#use-cases/relationship/carry';
import { workingAgreement } from '#use-cases/agreement/working-agreement';
import { review } from '#use-cases/reviews/review';
import { lookBack, lookBackKey } from '#use-cases/reviews/look-back';
import { reviewBefore } from '#domain/lifecycle/next-step';
import { announcesNext, carriesWorkingAgreement, checkInOutcome, isLastMeeting, moveLimit, workingAgreementDue } from '#domain/lifecycle/check-ins';
import { publish } from '#adapters/events/port';
import { checkInRecorded } from '#domain/events/events';

export { modeOptions } from '#presentation/pages/questions/check-in-page';

type MeetingSubject = { meetingNo: number; occurrence: number };

export const checkInQuestionId = (relationshipId: string, meetingNo: number, occurrence: number): string =>
  `${relationshipId}.check-in.${meetingNo}.${occurrence}`;

const currentMeeting = async (relationshipId: string, meetingNo: number) => {
  const meeting = await getMeeting(relationshipId, meetingNo);
  if (!meeting) throw new Error(`Meeting ${meetingNo} of ${relationshipId} is not planned`);
  return meeting;
};

/**
 * The meeting after this one, on the next slot of the rhythm: planned now, so the check-in can
 * carry it. None once the relationship is ending or has no slot left.
 */
const announceNext = async (context: RelationshipContext, meetingNo: number): Promise<Meeting | undefined> => {
  const { relationship } = context;
  if (!announcesNext(relationship)) return undefined;
  const known = await getMeeting(relationship.relationshipId, meetingNo + 1);
  if (known) return known.status === 'planned' ? known : undefined;
  const at = meetingSlot(context.calendar, meetingNo + 1);
  return at && planMeeting(relationship.relationshipId, meetingNo + 1, at);
};

/** An ask's page and letter name the same next meeting, read (or planned) once: both are given the ask's one context. */
const announcedIn = new WeakMap<RelationshipContext, Promise<Meeting | undefined>>();
const nextMeeting = (context: RelationshipContext, meetingNo: number): Promise<Meeting | undefined> => {
  let next = announcedIn.get(context);
  if (!next) announcedIn.set(context, (next = announceNext(context, meetingNo)));
  return next;
};

/**
 * The questions asked before the next meeting: the working agreement after the first, a review
 * that falls due before the next, and the look back after the last.
 */
const dueBefore = async (context: RelationshipContext, meetingNo: number, next: Meeting | undefined): Promise<DueQuestion[]> => {
  const { relationship, program } = context;
  const due: DueQuestion[] = [];
  if (carriesWorkingAgreement(meetingNo, relationship)) {
    const first = await currentMeeting(relationship.relationshipId, 1);
    due.push({
      name: 'working-agreement',
      kind: workingAgreement,
      subject: {},
      dueAt: workingAgreementDue(program, new Date(first.startsAt)),
      windows: answerWindowSeconds(program.answers),
    });
  }
  const reviewDue = next && reviewBefore(context.calendar, relationship.reviewsDone, new Date(next.startsAt));
  if (reviewDue) due.push({ name: 'review', kind: review, subject: { review: reviewDue.review }, dueAt: reviewDue.dueAt, windows: reviewDue.windows });
  // The last meeting of the year (or of an extension): the look back at its close comes next.
  if (isLastMeeting(context.calendar, relationship, meetingNo, next))
    due.push({
      name: 'look-back',
      kind: lookBack,
      subject: { review: lookBackKey(relationship.extensions) },
      dueAt: relationshipEnd(context.calendar),
      windows: answerWindowSeconds(program.answers),
    });
  return due;
};

/**
 * After each meeting: did it take place, move, or not happen? Anyone in the pair or circle
 * answers for all. A held meeting also says how they met and how useful it was (1-5); any
 * answer may carry a private note for the coordinator.
 */
export const checkIn: QuestionKind<MeetingSubject> = {
  ...checkInPage,
  questionId: (relationshipId, { meetingNo, occurrence }) => checkInQuestionId(relationshipId, meetingNo, occurrence),

  prepare: async (context, { meetingNo }) => {
    const meeting = await currentMeeting(context.relationship.relationshipId, meetingNo);
    const next = await nextMeeting(context, meetingNo);
    // "We met" starts at the first way they agreed to meet, once they have agreed one.
    const agreed = context.relationship.workingAgreement?.modes?.[0];
    return {
      meetingStartsAt: meeting.startsAt,
      // A move keeps the pair's usual time unless the mover picks another; the page says it in every member's zone.
      meetingTime: context.program.meetings.time,
      memberZones: [...new Set([context.mentor, ...context.mentees].map((p) => p.timeZone))].join(' '),
      ...moveLimit(context.calendar, meeting, next),
      ...(agreed ? { mode: agreed } : {}),
    };
  },

  // The next meeting rides along (its date and each member's invitation, whose alarm is the
  // reminder), and so do the questions that fall due before it: one e-mail instead of two.
  enclosures: async (context, { meetingNo, occurrence }) => {
    const next = await nextMeeting(context, meetingNo);
    const carrierId = checkInQuestionId(context.relationship.relationshipId, meetingNo, occurrence);
    const carried: Carried[] = [];
    for (const due of await dueBefore(context, meetingNo, next)) {
      const question = await carryQuestion(context, carrierId, due);
      if (question) carried.push(question);
    }
    const invitation = next && !isInvited(next) ? next : undefined;
    if (!invitation && carried.length === 0) return undefined;
    return {
      forReader: (reader) => ({
        also: carried.map((question) => carriedFor(reader, question)).filter((also) => also !== undefined),
        ...(invitation
          ? {
              closing: [
                reader.t('checkIn.next', { partner: reader.partner.name, when: formatWhen(invitation.startsAt, reader.person.timeZone, reader.person.locale) }),
              ],
              calendars: [calendarPart(context, invitation, reader)],
            }
          : {}),
      }),
      sent: async () => {
        if (invitation) await invited(invitation);
      },
    };
  },

  asked: members,
  remindsByEmail: false,

  letter: (t, { person, partner }, question, _attempt, link) => ({
    subject: t('checkIn.subject', { partner: partner.name }),
    paragraphs: [
      t('checkIn.body', {
        partner: partner.name,
        when: formatWhen(question.page.meetingStartsAt!, person.timeZone, person.locale),
      }),
      t('checkIn.window', { deadline: formatDeadline(question.closesAt, person.timeZone, person.locale) }),
    ],
    actions: [
      { label: t('checkIn.held'), url: link('held') },
      { label: t('checkIn.moved'), url: link('moved') },
      { label: t('checkIn.notHeld'), url: link('not-held') },
    ],
  }),

  /**
   * The meeting held, moved (the rest of the schedule is planned from its new date), not held,
   * or unanswered. The safety net looks at the relationship next, in the same step
   * (`watchOverAfterCheckIn`).
   */
  record: async (context, question, { meetingNo, occurrence }) => {
    const { relationshipId } = context.relationship;
    const decided = checkInOutcome(question, firstAnswer(question));
    if (decided.outcome === 'moved') {
      const meeting = await currentMeeting(relationshipId, meetingNo);
      await moveMeeting(relationshipId, meetingNo, occurrence, meeting.startsAt, decided.movedTo);
    } else await concludeMeeting(relationshipId, meetingNo, occurrence, decided.outcome, clock().now().toISOString(), decided.held ?? {});
    await publish(checkInRecorded(context.relationship, { meetingNo, occurrence, startsAt: question.page.meetingStartsAt! }, decided, clock().now()));
    return { outcome: decided.outcome };
  },
};
