import { firstMeeting } from '#workflows/program/schedule';
import { formatWhen } from '#core/messages/index';
import { sendOnce } from '#core/mailer';
import { letterFrame, loadRelationship, thePair } from '#core/relationship-context';
import type { RelationshipTask } from '#core/task-input';

/** Introduces mentor and mentee to each other, with the first meeting and the rhythm ahead. */
export const sendIntroduction = async ({ relationshipId }: RelationshipTask): Promise<{ sent: number }> => {
  const context = await loadRelationship(relationshipId);
  const { program, relationship, calendar } = context;
  const competencies = program.competencies.filter((c) => relationship.competencies.includes(c.id)).map((c) => c.name);
  let sent = 0;
  for (const { person, role, partner } of thePair(context)) {
    const { t, ...frame } = letterFrame(context, person);
    const ok = await sendOnce({
      relationshipId,
      messageKey: `introduction/${person.personId}`,
      kind: 'introduction',
      to: person,
      role,
      senderName: frame.senderName,
      letter: {
        ...frame,
        subject: t('introduction.subject', { partner: partner.name, partnerRole: t(`roles.${role === 'mentor' ? 'mentee' : 'mentor'}`) }),
        paragraphs: [
          t(`introduction.intro_${role}`, { partner: partner.name, program: program.name, months: program.relationship.lengthMonths }),
          ...(competencies.length ? [t('introduction.focus', { competencies: competencies.join(', ') })] : []),
          t('introduction.firstMeeting', { when: formatWhen(firstMeeting(calendar), person.timeZone, person.locale) }),
          t('introduction.rhythm'),
        ],
      },
    });
    if (ok) sent += 1;
  }
  return { sent };
};
