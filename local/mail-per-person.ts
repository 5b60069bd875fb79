import type { Role } from '#domain/model';
import { listPeople, listRelationships } from '#adapters/store';
import { addressOf, type SentEmail } from './services/inbox.ts';

/** One person's e-mails of the run: how many, and in which roles and language they read them. */
export interface PersonMail {
  personId: string;
  roles: Role[];
  locale: string;
  timeZone: string;
  emails: number;
}

/** E-mails per participant (mentors, mentees, line managers) and per coordinator, with the most and the mean. */
export interface MailPerPerson {
  participants: { count: number; max: number; mean: number };
  coordinators: { count: number; max: number };
  people: PersonMail[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export const mailPerPerson = async (programId: string, emails: SentEmail[]): Promise<MailPerPerson> => {
  const roles = new Map<string, Set<Role>>();
  const add = (personId: string, role: Role) => (roles.get(personId) ?? roles.set(personId, new Set()).get(personId)!).add(role);
  for (const r of await listRelationships(programId)) {
    add(r.mentorId, 'mentor');
    add(r.coordinatorId, 'coordinator');
    for (const m of r.mentees) {
      add(m.personId, 'mentee');
      add(m.managerId, 'manager');
    }
  }
  const received = new Map<string, number>();
  for (const mail of emails) for (const to of mail.destination.to) received.set(addressOf(to), (received.get(addressOf(to)) ?? 0) + 1);
  const people = (await listPeople(programId))
    .filter((p) => roles.has(p.personId))
    .map((p) => ({
      personId: p.personId,
      roles: [...roles.get(p.personId)!].sort(),
      locale: p.locale,
      timeZone: p.timeZone,
      emails: received.get(p.email) ?? 0,
    }))
    .sort((a, b) => b.emails - a.emails || a.personId.localeCompare(b.personId));
  const participants = people.filter((p) => p.roles.some((r) => r !== 'coordinator'));
  const coordinators = people.filter((p) => p.roles.includes('coordinator'));
  const counts = participants.map((p) => p.emails);
  return {
    participants: { count: counts.length, max: Math.max(0, ...counts), mean: counts.length ? round1(counts.reduce((a, b) => a + b, 0) / counts.length) : 0 },
    coordinators: { count: coordinators.length, max: Math.max(0, ...coordinators.map((p) => p.emails)) },
    people,
  };
};
