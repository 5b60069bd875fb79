import { describe, expect, test } from 'vitest';
import * as fc from 'fast-check';
import type { Candidate } from '#domain/matching/people';
import { MIN_COMMON_MINUTES, seasonsOf, zonePair } from '#domain/matching/hours';
import { proposeMatches, type MatchSettings } from '#domain/matching/propose';
import { withCircleThemes } from '#domain/matching/circles';
import { scorePair, sharedCompetencies } from '#domain/matching/score';

const COMPETENCIES = ['delegation', 'giving-feedback', 'strategic-thinking'];
const ZONES = ['Europe/Amsterdam', 'Asia/Jakarta', 'America/New_York', 'Europe/London'];
const SETTINGS: MatchSettings = {
  competencies: COMPETENCIES,
  meeting: { time: '10:00', durationMinutes: 60 },
  startDate: '2027-01-11',
  coordinatorEmail: 'coordinator@example.org',
};
const DAYS = seasonsOf(SETTINGS.startDate);

const nonEmptySubset = <T>(items: T[]) => fc.subarray(items, { minLength: 1 });

/** A small pool: up to 3 mentors and 6 mentees, line managers among them (cycles too) or outside. */
const pool = fc.record({ mentors: fc.integer({ min: 1, max: 3 }), mentees: fc.integer({ min: 1, max: 6 }) }).chain(({ mentors, mentees }) => {
  const size = mentors + mentees;
  const person = fc.record({
    competencies: nonEmptySubset(COMPETENCIES),
    languages: nonEmptySubset(['en', 'nl', 'pl']),
    timeZone: fc.constantFrom(...ZONES),
    department: fc.constantFrom('', 'Sales', 'Finance'),
    // An index into the pool, or someone outside it.
    manager: fc.integer({ min: -1, max: size - 1 }),
    capacity: fc.integer({ min: 1, max: 3 }),
    takesCircle: fc.boolean(),
  });
  return fc.array(person, { minLength: size, maxLength: size }).map((drawn) =>
    drawn.map((p, i): Candidate => ({
      row: i + 2,
      name: `Person ${i}`,
      email: `person${i}@example.org`,
      role: i < mentors ? 'mentor' : 'mentee',
      competencies: p.competencies,
      languages: p.languages,
      timeZone: p.timeZone,
      department: p.department,
      lineManagerEmail: p.manager === -1 || p.manager === i ? 'outside@example.org' : `person${p.manager}@example.org`,
      lineManagerName: '',
      capacity: i < mentors ? p.capacity : 1,
      takesCircle: i < mentors && p.takesCircle,
    })),
  );
});

/** Everyone above a person, walked here apart from the domain's own walk. */
const above = (people: Candidate[], email: string): Set<string> => {
  const byEmail = new Map(people.map((p) => [p.email, p]));
  const found = new Set<string>();
  let next = byEmail.get(email)?.lineManagerEmail;
  while (next && !found.has(next)) {
    found.add(next);
    next = byEmail.get(next)?.lineManagerEmail;
  }
  return found;
};

/** The hard rules, written out again for the brute force. */
const allowed = (people: Candidate[], mentee: Candidate, mentor: Candidate): boolean => {
  if (sharedCompetencies(mentee, mentor).length === 0) return false;
  if (above(people, mentee.email).has(mentor.email)) return false;
  if (!mentee.languages.some((l) => mentor.languages.includes(l))) return false;
  const zones = zonePair(mentee.timeZone, mentor.timeZone, SETTINGS.meeting, DAYS);
  if (zones.commonMinutes < MIN_COMMON_MINUTES) return false;
  return mentor.takesCircle ? zones.meetsInSecond : zones.meetsInFirst || zones.meetsInSecond;
};

/** Every assignment tried: the best total score, then the most mentees matched. */
const bruteForce = (pool: Candidate[]): { score: number; matched: number } => {
  // A circle works on one theme, as the proposals' circles do.
  const people = withCircleThemes(pool, SETTINGS.competencies);
  const mentors = people.filter((p) => p.role === 'mentor');
  const mentees = people.filter((p) => p.role === 'mentee');
  const load = mentors.map(() => 0);
  let best = { score: 0, matched: 0 };
  const visit = (i: number, score: number, matched: number) => {
    if (i === mentees.length) {
      if (score > best.score || (score === best.score && matched > best.matched)) best = { score, matched };
      return;
    }
    visit(i + 1, score, matched);
    mentors.forEach((mentor, j) => {
      if (load[j]! >= mentor.capacity || !allowed(people, mentees[i]!, mentor)) return;
      load[j]!++;
      const zones = zonePair(mentees[i]!.timeZone, mentor.timeZone, SETTINGS.meeting, DAYS);
      visit(i + 1, score + scorePair(mentees[i]!, mentor, zones.commonMinutes).score, matched + 1);
      load[j]!--;
    });
  };
  visit(0, 0, 0);
  return best;
};

const shape = (people: Candidate[]) => {
  const proposal = proposeMatches(people, SETTINGS);
  return {
    pairs: proposal.pairs.map((p) => [p.mentee.email, p.mentor.email, p.score, p.meetingZone, p.inCircle]),
    unmatched: proposal.unmatched.map((u) => [u.person.email, u.reason]),
  };
};

describe('matching, on a thousand generated pools', () => {
  test('nobody is proposed to anyone above them, no mentor has more mentees than places, every mentee is matched or told why', () => {
    fc.assert(
      fc.property(pool, (people) => {
        const proposal = proposeMatches(people, SETTINGS);
        const load = new Map<string, number>();
        for (const { mentee, mentor } of proposal.pairs) {
          expect(above(people, mentee.email).has(mentor.email)).toBe(false);
          expect(mentee.email).not.toBe(mentor.email);
          expect(allowed(people, mentee, mentor)).toBe(true);
          load.set(mentor.email, (load.get(mentor.email) ?? 0) + 1);
        }
        for (const mentor of people.filter((p) => p.role === 'mentor')) expect(load.get(mentor.email) ?? 0).toBeLessThanOrEqual(mentor.capacity);
        // A circle's mentees all want one competency its mentor offers.
        for (const mentor of new Set(proposal.pairs.filter((p) => p.inCircle).map((p) => p.mentor.email))) {
          const circle = proposal.pairs.filter((p) => p.mentor.email === mentor);
          const offered = people.find((p) => p.email === mentor)!.competencies;
          expect(offered.some((c) => circle.every((p) => p.mentee.competencies.includes(c)))).toBe(true);
        }
        const matched = proposal.pairs.map((p) => p.mentee.email);
        const told = proposal.unmatched.filter((u) => u.person.role === 'mentee').map((u) => u.person.email);
        expect(new Set(matched).size).toBe(matched.length);
        expect([...matched, ...told].sort()).toEqual(
          people
            .filter((p) => p.role === 'mentee')
            .map((p) => p.email)
            .sort(),
        );
      }),
      { numRuns: 1000 },
    );
  });

  test('the same people, in any order, give the same proposals', () => {
    fc.assert(
      fc.property(
        pool.chain((people) => fc.tuple(fc.constant(people), fc.shuffledSubarray(people, { minLength: people.length, maxLength: people.length }))),
        ([people, shuffled]) => {
          expect(shape(shuffled)).toEqual(shape(people));
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('the proposals score as much as the best of every possible assignment, and match as many at that score', () => {
    fc.assert(
      fc.property(pool, (people) => {
        const proposal = proposeMatches(people, SETTINGS);
        expect(proposal.pruned).toBe(false);
        expect({ score: proposal.totalScore, matched: proposal.pairs.length }).toEqual(bruteForce(people));
      }),
      { numRuns: 1000 },
    );
  });
});
