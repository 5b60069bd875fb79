import { addDays, firstMeeting } from '#workflows/program/schedule';
import { clock } from '#core/clock';
import { formatDay, formatWhen } from '#core/messages/index';
import { loadRelationship, type RelationshipContext } from '#core/relationship-context';
import { lastMeeting, openQuestion, saveLinks, updateRelationship } from '#core/store';
import type { LetterTask } from '#core/task-input';
import { managers, writeTo, writeToMembers } from '#core/write-to';
import { newLinkId } from '#core/links';
import { endQuestionId } from '#core/questions/end-relationship';
import { members } from '#core/write-to';

/**
 * Each mentor and mentee gets a private link to end the relationship without blame, at any
 * time; it stands in the foot of their e-mails. Opened once, when the relationship starts.
 */
const openEndLinks = async (context: RelationshipContext): Promise<void> => {
  if ((context.relationship as { endLinks?: unknown }).endLinks) return;
  const asked = members(context);
  // Open for the whole relationship, an extension and the follow-up.
  const closesAt = addDays(clock().now(), 366 * 2).toISOString();
  const questionId = endQuestionId(context.relationship.relationshipId);
  const question = await openQuestion({
    questionId,
    relationshipId: context.relationship.relationshipId,
    kind: 'end-relationship',
    subject: {},
    taskToken: '',
    state: 'open',
    links: Object.fromEntries(asked.map(({ person }) => [person.personId, newLinkId(questionId, person.personId)])),
    answers: {},
    closesAt,
    timeZone: context.relationship.timeZone,
    page: {},
  });
  await saveLinks(asked.map(({ person, role }) => ({ linkId: question.links[person.personId]!, questionId: question.questionId, personId: person.personId, role, locale: person.locale, expiresAt: closesAt })));
  await updateRelationship(context.relationship.relationshipId, {}, { ifNotExists: { endLinks: question.links } });
  (context.relationship as { endLinks?: unknown }).endLinks = question.links;
};

/** Both accepted: mentor and mentees meet each other by e-mail, and each line manager hears of it. */
const introduce = async (context: RelationshipContext): Promise<number> => {
  const { program, relationship, calendar } = context;
  await openEndLinks(context);
  const competencies = program.competencies.filter((c) => relationship.competencies.includes(c.id)).map((c) => c.name).join(', ');
  let sent = await writeToMembers(context, 'introduction', () => 'once', ({ t, person, role, partner }) => ({
    subject: t('introduction.subject', { partner: partner.name, partnerRole: t(`roles.${role === 'mentor' ? (context.mentees.length > 1 ? 'circle' : 'mentee') : 'mentor'}`) }),
    paragraphs: [
      t(`introduction.intro_${role}`, { partner: partner.name, program: program.name, months: program.relationship.lengthMonths }),
      ...(competencies ? [t('introduction.focus', { competencies })] : []),
      t('introduction.firstMeeting', { when: formatWhen(firstMeeting(calendar), person.timeZone, person.locale) }),
      t('introduction.rhythm'),
      t('introduction.noFault'),
    ],
  }));
  sent += await writeTo(context, managers(context), 'manager-told', () => 'once', ({ t, partner }) => ({
    subject: t('managerTold.subject', { mentee: partner.name }),
    paragraphs: [t('managerTold.body', { mentee: partner.name, mentor: context.mentor.name, program: program.name, months: program.relationship.lengthMonths }), t('managerTold.privacy')],
  }));
  return sent;
};

const pauseOf = (context: RelationshipContext, pauseNo?: number) => {
  const pause = context.relationship.pauses.find((p) => p.pauseNo === pauseNo);
  if (!pause) throw new Error(`Pause ${pauseNo} of ${context.relationship.relationshipId} is not recorded`);
  return pause;
};

/** Letters that ask nothing: the introduction, a pause, the return from one. */
export const sendLetters = async ({ relationshipId, letter, pauseNo }: LetterTask): Promise<{ sent: number }> => {
  const context = await loadRelationship(relationshipId);
  if (letter === 'introduction') return { sent: await introduce(context) };
  const pause = pauseOf(context, pauseNo);
  if (letter === 'pause') {
    return {
      sent: await writeToMembers(context, 'pause', () => String(pauseNo), ({ t, person, partner }) => ({
        subject: t('pauseNotice.subject', { partner: partner.name }),
        paragraphs: [t('pauseNotice.body', { partner: partner.name, until: formatDay(pause.plannedUntil!, person.timeZone, person.locale) }), t('pauseNotice.schedule')],
      })),
    };
  }
  const next = await lastMeeting(relationshipId);
  return {
    sent: await writeToMembers(context, 'welcome-back', () => String(pauseNo), ({ t, person, partner }) => ({
      subject: t('welcomeBack.subject', { partner: partner.name }),
      paragraphs: [
        t('welcomeBack.body', { partner: partner.name, days: pause.shiftDays ?? 0 }),
        ...(next?.status === 'planned' ? [t('welcomeBack.next', { when: formatWhen(next.startsAt, person.timeZone, person.locale) })] : []),
      ],
    })),
  };
};
