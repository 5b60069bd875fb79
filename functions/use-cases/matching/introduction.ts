import { firstMeeting } from '#domain/program/schedule';
import { formatWhen } from '#adapters/messages/index';
import { managers, writeTo, writeToMembers } from '#use-cases/write-to';
import type { RelationshipContext } from '#use-cases/relationship-context';
import { openEndLinks } from '#use-cases/endings/end-links';

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
