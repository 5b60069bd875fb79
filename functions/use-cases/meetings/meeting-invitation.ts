import { formatWhen } from '#presentation/messages/index';
import { isInvited, sequenceOf } from '#domain/model';
import { writeToMembers } from '#use-cases/relationship/write-to';
import { loadRelationship } from '#use-cases/relationship/relationship-context';
import { getMeeting } from '#adapters/store';
import type { MeetingTask } from '#domain/task-payloads';
import { calendarPart, invited } from '#use-cases/relationship/invitations';

/**
 * The meeting's invitation, each member their own: sent when their calendars do not have it as
 * it now stands (the first meeting when the introduction could not carry it, a moved meeting,
 * the first after a pause). Otherwise the check-in after the previous meeting brought it.
 */
export const sendMeetingInvitation = async ({ relationshipId, meetingNo }: MeetingTask): Promise<{ sent: number }> => {
  const context = await loadRelationship(relationshipId);
  const meeting = await getMeeting(relationshipId, meetingNo);
  if (!meeting || meeting.status !== 'planned') throw new Error(`Meeting ${meetingNo} of ${relationshipId} is not planned`);
  if (isInvited(meeting)) return { sent: 0 };
  const moved = meeting.moves.length > 0;
  const sent = await writeToMembers(
    context,
    'meeting-invitation',
    () => `${meetingNo}/${sequenceOf(meeting)}`,
    (reader) => {
      const { t, person, partner } = reader;
      const when = formatWhen(meeting.startsAt, person.timeZone, person.locale);
      const key = moved ? 'moved' : meetingNo === 1 ? 'first' : 'next';
      return {
        subject: t(`meetingInvitation.${key}Subject`, { partner: partner.name, when }),
        paragraphs: [t(`meetingInvitation.${key}`, { partner: partner.name, when }), t('meetingInvitation.calendar')],
        calendars: [calendarPart(context, meeting, reader)],
      };
    },
  );
  await invited(meeting);
  return { sent };
};
