import { describe, expect, test } from 'vitest';
import { openRematchRequest } from '#adapters/store';
import { useMail } from '#adapters/mail/mailer';
import type { Mail } from '#adapters/mail/port';
import { sendDigests } from '#use-cases/desk/digest';
import { enrolCohort } from '#use-cases/enrolment/enrol';
import { exampleProgram, examplePairs } from '../support/cohort.ts';
import { onTwins } from './twins.ts';

const program = exampleProgram({ id: 'digest' });
const [sari, tomasz] = examplePairs(program, 2);
/** Tomasz's pair has a coordinator of its own, in the same zone. */
const rows = [sari!, { ...tomasz!, coordinator: { ...tomasz!.coordinator, name: 'Kari Nordmann', email: 'kari.nordmann@example.org' } }];
/** Monday 18 January 2027, 08:00 in Oslo. */
const MONDAY = new Date('2027-01-18T07:00:00.000Z');

describe('the weekly digests, one coordinator at a time', () => {
  const twins = onTwins();

  test('SES refusing one coordinator’s digest keeps nobody else’s: the run fails after the others went, and its retry sends only the one missing', async () => {
    const [sariRel, tomaszRel] = await enrolCohort(program, rows).then((r) => r.enrolled);
    // Something new for each coordinator: a rematch request opened during the week.
    for (const relationshipId of [sariRel!, tomaszRel!]) {
      const menteeId = (await twins.store.getRelationship(relationshipId)).mentees[0]!.personId;
      await openRematchRequest({ programId: program.id, menteeId, relationshipId, reason: 'declined', openedAt: '2027-01-12T10:00:00.000Z', status: 'open' });
    }
    twins.now = MONDAY;
    const refusing: Mail = {
      send: async (key, mail) => {
        if (mail.to.email === sari!.coordinator.email) throw new Error('MessageRejected');
        return twins.mail.send(key, mail);
      },
    };
    useMail(refusing);
    await expect(sendDigests()).rejects.toThrow(/The weekly digest of 1 coordinator\(s\) was not sent/);
    expect(twins.mail.outbox().map((m) => [m.kind, m.address])).toEqual([['digest', 'kari.nordmann@example.org']]);

    useMail(twins.mail);
    expect(await sendDigests()).toMatchObject({ sent: 1, quiet: 0 });
    expect(twins.mail.outbox().map((m) => [m.kind, m.address])).toEqual([
      ['digest', 'kari.nordmann@example.org'],
      ['digest', sari!.coordinator.email],
    ]);
    expect(twins.mail.outbox()[1]!.letter.paragraphs.join('\n')).toContain(
      `The proposed match of ${sari!.mentee.name} with ${sari!.mentor.name} as mentor was declined`,
    );
    // An hour later the week's digests are no longer due: nothing more is sent.
    twins.now = new Date(MONDAY.getTime() + 3_600_000);
    expect(await sendDigests()).toMatchObject({ sent: 0, quiet: 0, next: '2027-01-25T07:00:00.000Z' });
    expect(twins.mail.outbox()).toHaveLength(2);
  });
});
