import { firstMeeting } from '#domain/program/schedule';
import { endLinksCloseAt } from '#domain/lifecycle/question-lifetimes';
import { formatWhen } from '#adapters/messages/index';
import { openQuestion, saveLinks, updateRelationship } from '#adapters/store';
import { managers, members, writeTo, writeToMembers } from '#use-cases/write-to';
import { newLinkId } from '#adapters/pages/links';
import type { RelationshipContext } from '#use-cases/relationship-context';
import { endQuestionId } from '#use-cases/endings/end-relationship';

/**
 * Each mentor and mentee gets a private link to end the relationship without blame, at any
 * time; it stands in the foot of their e-mails. Opened once, when the relationship starts.
 */
const openEndLinks = async (context: RelationshipContext): Promise<void> => {
  if ((context.relationship as { endLinks?: unknown }).endLinks) return;
  const asked = members(context);
  const closesAt = endLinksCloseAt(context.calendar).toISOString();
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
  await saveLinks(
    question,
    asked.map(({ person, role }) => ({ personId: person.personId, role, locale: person.locale })),
  );
  await updateRelationship(context.relationship.relationshipId, {}, { ifNotExists: { endLinks: question.links } });
  (context.relationship as { endLinks?: unknown }).endLinks = question.links;
};

/** Both accepted: mentor and mentees meet each other by e-mail, and each line manager hears of it. */
export const introduce = async (context: RelationshipContext): Promise<number> => {
  const { program, relationship, calendar } = context;
  await openEndLinks(context);
  const competencies = program.competencies
    .filter((c) => relationship.competencies.includes(c.id))
    .map((c) => c.name)
    .join(', ');
  let sent = await writeToMembers(
    context,
    'introduction',
    () => 'once',
    ({ t, person, role, partner }) => ({
      subject: t('introduction.subject', {
        partner: partner.name,
        partnerRole: t(`roles.${role === 'mentor' ? (context.mentees.length > 1 ? 'circle' : 'mentee') : 'mentor'}`),
      }),
      paragraphs: [
        t(`introduction.intro_${role}`, { partner: partner.name, program: program.name, months: program.relationship.lengthMonths }),
        ...(competencies ? [t('introduction.focus', { competencies })] : []),
        t('introduction.firstMeeting', { when: formatWhen(firstMeeting(calendar), person.timeZone, person.locale) }),
        t('introduction.rhythm'),
        t('introduction.noFault'),
      ],
    }),
  );
  sent += await writeTo(
    context,
    managers(context),
    'manager-told',
    () => 'once',
    ({ t, partner }) => ({
      subject: t('managerTold.subject', { mentee: partner.name }),
      paragraphs: [
        t('managerTold.body', { mentee: partner.name, mentor: context.mentor.name, program: program.name, months: program.relationship.lengthMonths }),
        t('managerTold.privacy'),
      ],
    }),
  );
  return sent;
};
