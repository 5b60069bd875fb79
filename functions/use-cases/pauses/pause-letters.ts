import { formatDay, formatWhen } from '#presentation/messages/index';
import { listMeetings, withdrawMeeting } from '#adapters/store';
import { isInvited } from '#domain/model';
import { meetingsPauseCovers } from '#domain/pauses';
import { writeToMembers } from '#use-cases/relationship/write-to';
import type { RelationshipContext } from '#use-cases/relationship/relationship-context';
import { calendarPart, cancellationPart, invited } from '#use-cases/relationship/invitations';

const pauseOf = (context: RelationshipContext, pauseNo?: number) => {
  const pause = context.relationship.pauses.find((p) => p.pauseNo === pauseNo);
  if (!pause) throw new Error(`Pause ${pauseNo} of ${context.relationship.relationshipId} is not recorded`);
  return pause;
};

/**
 * A pause's letters: that it starts, with its planned end, taking the meetings it covers out of
 * the calendars; and the welcome back with the next meeting's new invitation.
 */
export const sendPauseLetter = async (context: RelationshipContext, letter: 'pause' | 'welcome-back', pauseNo?: number): Promise<number> => {
  const relationshipId = context.relationship.relationshipId;
  const pause = pauseOf(context, pauseNo);
  const planned = (await listMeetings(relationshipId)).filter((m) => m.status === 'planned');
  if (letter === 'pause') {
    // Out of the calendars that have them: the same meetings move on when the pause ends.
    const covered = meetingsPauseCovers(planned, pause).filter((m) => isInvited(m));
    const sent = await writeToMembers(
      context,
      'pause',
      () => String(pauseNo),
      (reader) => ({
        subject: reader.t('pauseNotice.subject', { partner: reader.partner.name }),
        paragraphs: [
          reader.t('pauseNotice.body', { partner: reader.partner.name, until: formatDay(pause.plannedUntil!, reader.person.timeZone, reader.person.locale) }),
          reader.t('pauseNotice.schedule'),
        ],
        calendars: covered.map((m) => cancellationPart(context, m, reader)),
      }),
    );
    for (const m of covered) await withdrawMeeting(relationshipId, m.meetingNo, m.occurrence, { cancelled: false });
    return sent;
  }
  const next = planned.at(0);
  const sent = await writeToMembers(
    context,
    'welcome-back',
    () => String(pauseNo),
    (reader) => ({
      subject: reader.t('welcomeBack.subject', { partner: reader.partner.name }),
      paragraphs: [
        reader.t('welcomeBack.body', { partner: reader.partner.name, days: pause.shiftDays ?? 0 }),
        ...(next ? [reader.t('welcomeBack.next', { when: formatWhen(next.startsAt, reader.person.timeZone, reader.person.locale) })] : []),
      ],
      calendars: next && !isInvited(next) ? [calendarPart(context, next, reader)] : [],
    }),
  );
  if (next) await invited(next);
  return sent;
};
