import { meetingSlot } from '#domain/program/schedule';
import { focusCompetencyNames } from '#domain/agreement';
import { listMeetings, planMeeting } from '#adapters/store';
import type { Meeting } from '#domain/model';
import { calendarPart, invited } from '#use-cases/relationship/invitations';
import { formatWhen } from '#presentation/messages/index';
import { managers, writeTo, writeToMembers } from '#use-cases/relationship/write-to';
import type { RelationshipContext } from '#use-cases/relationship/relationship-context';
import { openEndLinks } from '#use-cases/relationship/end-links';

/** The first meeting, planned with the introduction so that it carries the invitation. */
const firstMeeting = async (context: RelationshipContext): Promise<Meeting | undefined> => {
  const { relationshipId } = context.relationship;
  const [known] = await listMeetings(relationshipId);
  if (known) return known.meetingNo === 1 && known.status === 'planned' ? known : undefined;
  const at = meetingSlot(context.calendar, 1);
  return at && planMeeting(relationshipId, 1, at);
};

/** Both accepted: mentor and mentees meet each other by e-mail, with their first meeting's invitation, and each line manager hears of it. */
export const introduce = async (loaded: RelationshipContext): Promise<number> => {
  const context = await openEndLinks(loaded);
  const { program, relationship } = context;
  const first = await firstMeeting(context);
  const competencies = focusCompetencyNames(program.competencies, relationship.competencies);
  let sent = await writeToMembers(
    context,
    'introduction',
    () => 'once',
    (reader) => {
      const { t, person, role, partner } = reader;
      return {
        subject: t('introduction.subject', {
          partner: partner.name,
          partnerRole: t(`roles.${role === 'mentor' ? (context.mentees.length > 1 ? 'circle' : 'mentee') : 'mentor'}`),
        }),
        paragraphs: [
          t(`introduction.intro_${role}`, { partner: partner.name, program: program.name, months: program.relationship.lengthMonths }),
          ...(competencies ? [t('introduction.focus', { competencies })] : []),
          ...(first ? [t('introduction.firstMeeting', { when: formatWhen(first.startsAt, person.timeZone, person.locale) })] : []),
          t('introduction.rhythm'),
          t('introduction.noFault'),
        ],
        calendars: first ? [calendarPart(context, first, reader)] : [],
      };
    },
  );
  if (first) await invited(first);
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
