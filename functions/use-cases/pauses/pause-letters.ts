import { formatDay, formatWhen } from '#adapters/messages/index';
import { lastMeeting } from '#adapters/store';
import { writeToMembers } from '#use-cases/write-to';
import type { RelationshipContext } from '#use-cases/relationship-context';

const pauseOf = (context: RelationshipContext, pauseNo?: number) => {
  const pause = context.relationship.pauses.find((p) => p.pauseNo === pauseNo);
  if (!pause) throw new Error(`Pause ${pauseNo} of ${context.relationship.relationshipId} is not recorded`);
  return pause;
};

/** A pause's letters: that it starts, with its planned end, and the welcome back with the next meeting. */
export const sendPauseLetter = async (context: RelationshipContext, letter: 'pause' | 'welcome-back', pauseNo?: number): Promise<number> => {
  const relationshipId = context.relationship.relationshipId;
  const pause = pauseOf(context, pauseNo);
  if (letter === 'pause') {
    return writeToMembers(
      context,
      'pause',
      () => String(pauseNo),
      ({ t, person, partner }) => ({
        subject: t('pauseNotice.subject', { partner: partner.name }),
        paragraphs: [
          t('pauseNotice.body', { partner: partner.name, until: formatDay(pause.plannedUntil!, person.timeZone, person.locale) }),
          t('pauseNotice.schedule'),
        ],
      }),
    );
  }
  const next = await lastMeeting(relationshipId);
  return writeToMembers(
    context,
    'welcome-back',
    () => String(pauseNo),
    ({ t, person, partner }) => ({
      subject: t('welcomeBack.subject', { partner: partner.name }),
      paragraphs: [
        t('welcomeBack.body', { partner: partner.name, days: pause.shiftDays ?? 0 }),
        ...(next?.status === 'planned' ? [t('welcomeBack.next', { when: formatWhen(next.startsAt, person.timeZone, person.locale) })] : []),
      ],
    }),
  );
};
