import { firstMeeting } from '#workflows/program/schedule';
import { formatWhen } from '#core/messages/index';
import { writeToThePair } from '#core/pair-letters';
import { loadRelationship } from '#core/relationship-context';
import type { RelationshipTask } from '#core/task-input';

/** Introduces mentor and mentee to each other, with the first meeting and the rhythm ahead. */
export const sendIntroduction = async ({ relationshipId }: RelationshipTask): Promise<{ sent: number }> => {
  const context = await loadRelationship(relationshipId);
  const { program, relationship, calendar } = context;
  const competencies = program.competencies.filter((c) => relationship.competencies.includes(c.id)).map((c) => c.name);
  const sent = await writeToThePair(context, 'introduction', () => 'once', ({ t, person, role, partner }) => ({
    subject: t('introduction.subject', { partner: partner.name, partnerRole: t(`roles.${role === 'mentor' ? 'mentee' : 'mentor'}`) }),
    paragraphs: [
      t(`introduction.intro_${role}`, { partner: partner.name, program: program.name, months: program.relationship.lengthMonths }),
      ...(competencies.length ? [t('introduction.focus', { competencies: competencies.join(', ') })] : []),
      t('introduction.firstMeeting', { when: formatWhen(firstMeeting(calendar), person.timeZone, person.locale) }),
      t('introduction.rhythm'),
    ],
  }));
  return { sent };
};
