import { DateTime } from 'luxon';
import { menteeIsFree } from '../endings.ts';
import type { Person, Relationship } from '../model.ts';
import type { Program } from '../program/config.ts';
import type { Candidate } from './people.ts';
import { proposeMatches } from './propose.ts';
import type { ScoreReason } from './score.ts';

/**
 * Who is back in the pool for a rematch, from what the program records (no people file): each
 * mentee whose relationship ended with a rematch request still open, and each mentor with room.
 * Pure; `proposeMatches` then finds the best new mentor for each, as it does for a cohort.
 */

/** A rematch request as the pool reads it. */
export interface OpenRequest {
  menteeId: string;
  relationshipId: string;
  openedAt: string;
}

/**
 * How many mentees a mentor has room for now: as many as they took on at once when first
 * enrolled (the most enrolled with them on one day, rematches aside, at least one), less those in
 * relationships still under way. A mentor whose pair ended without blame has that place again.
 */
export const roomOf = (mentorId: string, relationships: readonly Relationship[]): number => {
  const theirs = relationships.filter((r) => r.mentorId === mentorId);
  const byDay = new Map<string, number>();
  for (const r of theirs.filter((r) => !r.rematchOf)) byDay.set(r.enrolledAt.slice(0, 10), (byDay.get(r.enrolledAt.slice(0, 10)) ?? 0) + r.mentees.length);
  const capacity = Math.max(1, ...byDay.values());
  const load = theirs.filter((r) => r.status !== 'closed').reduce((n, r) => n + r.mentees.filter((m) => m.status === 'active').length, 0);
  return Math.max(0, capacity - load);
};

/** The relationships a mentee was in, through each rematch's `rematchOf`, the latest first. */
const chainOf = (latest: Relationship, byId: ReadonlyMap<string, Relationship>): Relationship[] => {
  const chain = [latest];
  for (let next = latest.rematchOf && byId.get(latest.rematchOf); next && !chain.includes(next); next = next.rematchOf && byId.get(next.rematchOf))
    chain.push(next);
  return chain;
};

export interface RematchPool {
  candidates: Candidate[];
  /** Each pool mentee's open request, by their address as a candidate. */
  requestOf: Map<string, OpenRequest>;
  /** Each candidate's person, by address. */
  personOf: Map<string, Person>;
}

const reachable = (p: Person | undefined): p is Person => p !== undefined && !p.erasedAt && !p.undeliverableSince;

/**
 * The pool for the requests still open: a mentee whose request was taken up, who was erased or
 * whom e-mail no longer reaches is not in it; nor a mentor without room. A mentee wants what their
 * ended relationship worked on; a mentor offers what theirs did. Each speaks their own language
 * and the program's (`programLocale`, the one it runs in). Never again a mentor they had.
 */
export const rematchPool = (
  requests: readonly OpenRequest[],
  relationships: readonly Relationship[],
  people: readonly Person[],
  programLocale: string,
): RematchPool => {
  const byId = new Map(relationships.map((r) => [r.relationshipId, r]));
  const person = new Map(people.map((p) => [p.personId, p]));
  const candidates: Candidate[] = [];
  const requestOf = new Map<string, OpenRequest>();
  const personOf = new Map<string, Person>();
  const base = (p: Person, row: number) => ({
    row,
    name: p.name,
    email: p.email.toLowerCase(),
    languages: [...new Set([p.locale, programLocale])],
    timeZone: p.timeZone,
    department: '',
    lineManagerName: '',
    takesCircle: false,
  });

  const taken = new Set<string>();
  for (const request of [...requests].sort((a, b) => a.openedAt.localeCompare(b.openedAt))) {
    const ended = byId.get(request.relationshipId);
    const mentee = person.get(request.menteeId);
    const entry = ended?.mentees.find((m) => m.personId === request.menteeId);
    // Taken up since (a newer relationship of theirs), or asked twice: once in the pool.
    const later = relationships.some((r) => r.rematchOf && r.mentees.some((m) => m.personId === request.menteeId) && r.enrolledAt > (ended?.enrolledAt ?? ''));
    if (!ended || !entry || !reachable(mentee) || !menteeIsFree(ended, request.menteeId) || later || taken.has(request.menteeId)) continue;
    taken.add(request.menteeId);
    const candidate: Candidate = {
      ...base(mentee, candidates.length + 1),
      role: 'mentee',
      competencies: entry.competencies,
      lineManagerEmail: person.get(entry.managerId)?.email.toLowerCase() ?? '',
      capacity: 1,
      formerMentors: chainOf(ended, byId).flatMap((r) => person.get(r.mentorId)?.email.toLowerCase() ?? []),
    };
    candidates.push(candidate);
    requestOf.set(candidate.email, request);
    personOf.set(candidate.email, mentee);
  }

  for (const mentorId of [...new Set(relationships.map((r) => r.mentorId))].sort()) {
    const mentor = person.get(mentorId);
    const room = roomOf(mentorId, relationships);
    if (!reachable(mentor) || room === 0 || personOf.has(mentor.email.toLowerCase())) continue;
    const candidate: Candidate = {
      ...base(mentor, candidates.length + 1),
      role: 'mentor',
      competencies: [...new Set(relationships.filter((r) => r.mentorId === mentorId).flatMap((r) => r.competencies))],
      lineManagerEmail: '',
      capacity: room,
    };
    candidates.push(candidate);
    personOf.set(candidate.email, mentor);
  }
  return { candidates, requestOf, personOf };
};

/** The day a rematch made now starts: today on the calendar of `zone`. */
export const rematchDay = (now: Date, zone: string): string => DateTime.fromJSDate(now, { zone }).toISODate()!;

/** The best new mentor with room for a mentee of an ended relationship, and why. */
export interface RematchProposal {
  /** The relationship that ended. */
  relationshipId: string;
  /** When the mentee's rematch request opened. */
  openedAt: string;
  mentee: Person;
  mentor: Person;
  score: number;
  reasons: ScoreReason[];
}

/**
 * The rematches to propose now in a program: its open requests' mentees and the mentors with
 * room, assigned as a cohort is (`proposeMatches`: the best total, the same hard rules), never to
 * a mentor a mentee had before. A mentee with no fitting mentor gets no proposal.
 */
export const rematchProposals = (
  program: Pick<Program, 'competencies' | 'meetings' | 'timeZone' | 'locale'>,
  requests: readonly (OpenRequest & { status: string })[],
  relationships: readonly Relationship[],
  people: readonly Person[],
  now: Date,
): RematchProposal[] => {
  const open = requests.filter((r) => r.status === 'open');
  if (!open.length) return [];
  const pool = rematchPool(open, relationships, people, program.locale);
  if (!pool.requestOf.size) return [];
  const { pairs } = proposeMatches(pool.candidates, {
    competencies: program.competencies.map((c) => c.id),
    meeting: program.meetings,
    startDate: rematchDay(now, program.timeZone),
    coordinatorEmail: '',
  });
  return pairs.map((pair) => {
    const request = pool.requestOf.get(pair.mentee.email)!;
    return {
      relationshipId: request.relationshipId,
      openedAt: request.openedAt,
      mentee: pool.personOf.get(pair.mentee.email)!,
      mentor: pool.personOf.get(pair.mentor.email)!,
      score: pair.score,
      reasons: pair.reasons,
    };
  });
};
