import { relationshipEnd } from '#workflows/program/schedule';
import { clock } from '#core/clock';
import { writeToThePair } from '#core/pair-letters';
import { loadRelationship } from '#core/relationship-context';
import { listMeetings, recordPhase } from '#core/store';
import type { RelationshipTask } from '#core/task-input';

export const planClosure = async ({ relationshipId }: RelationshipTask): Promise<{ closesAt: string }> => {
  const { calendar } = await loadRelationship(relationshipId);
  return { closesAt: clock().engineInstant(relationshipEnd(calendar)) };
};

/** At the anniversary: thank both, tell them what they achieved together, and close the record. */
export const closeRelationship = async ({ relationshipId }: RelationshipTask): Promise<{ sent: number; meetingsHeld: number }> => {
  const context = await loadRelationship(relationshipId);
  const { program } = context;
  const meetingsHeld = (await listMeetings(relationshipId)).filter((m) => m.status === 'held').length;
  const sent = await writeToThePair(context, 'closure', () => 'once', ({ t, partner }) => ({
    subject: t('closure.subject', { partner: partner.name }),
    paragraphs: [
      t('closure.body', { partner: partner.name, program: program.name, months: program.relationship.lengthMonths }),
      t('closure.tally', { count: meetingsHeld }),
      t('closure.next'),
    ],
  }));
  await recordPhase(relationshipId, 'closure', 'closed', clock().now().toISOString());
  return { sent, meetingsHeld };
};
