import { managementChain } from './chain.ts';
import { withCircleThemes } from './circles.ts';
import { MIN_COMMON_MINUTES, seasonsOf, zonePair, type MeetingTime, type ZonePair } from './hours.ts';
import type { Candidate } from './people.ts';
import { departmentOf, scoreOf, scorePair, sharedCompetencies, type ScoreReason } from './score.ts';
import { bestAssignment } from './solver.ts';

/**
 * The most mentors the solver weighs for each mentee: their best by score. With this many
 * mentors or fewer nothing is left out, so the assignment is the exact optimum; beyond it, a
 * cohort of thousands solves in seconds, and a mentee left without a place among their best is
 * offered any eligible mentor with a place still free.
 */
export const MENTORS_PER_MENTEE = 40;

/** A hard rule a pair breaks: no score makes up for it. */
export const EXCLUSIONS = ['mentored-before', 'management-chain', 'no-common-language', 'too-few-common-hours', 'meeting-outside-hours'] as const;
export type Exclusion = (typeof EXCLUSIONS)[number];
export type ExclusionCounts = Record<Exclusion, number>;

export interface ProposedPair {
  mentee: Candidate;
  mentor: Candidate;
  score: number;
  reasons: ScoreReason[];
  /** What the mentor offers of what the mentee wants: the relationship's competencies. */
  competencies: string[];
  /** Where the meetings are planned: the zone in which the program's meeting time suits both. */
  meetingZone: string;
  /** The mentor takes a circle and has more than one mentee: their rows are one circle. */
  inCircle: boolean;
}

/** Why someone is in no proposed pair, as data: the words are the report's. */
export type UnmatchedReason =
  | { kind: 'coordinates-program' }
  | { kind: 'no-mentor-offers'; wanted: string[] }
  | { kind: 'no-eligible-mentor'; offering: number; excluded: ExclusionCounts }
  | { kind: 'places-taken'; eligible: number }
  | { kind: 'no-mentee-wants'; offered: string[] }
  | { kind: 'no-eligible-mentee'; wanting: number; excluded: ExclusionCounts }
  | { kind: 'mentees-matched-elsewhere'; eligible: number };

export interface Unmatched {
  person: Candidate;
  reason: UnmatchedReason;
}

export interface Proposal {
  /** By mentor, then mentee, by address: a circle's rows together. */
  pairs: ProposedPair[];
  /** Mentees first, then mentors, each by address. */
  unmatched: Unmatched[];
  /** Mentors with places left after their mentees: how many. */
  freePlaces: { mentor: Candidate; free: number }[];
  totalScore: number;
  /** Some mentees had more eligible mentors than the solver weighs (see MENTORS_PER_MENTEE). */
  pruned: boolean;
}

export interface MatchSettings {
  /** The program's competency ids: nobody's list holds any other (the people file is checked first). */
  competencies: readonly string[];
  meeting: MeetingTime;
  /** The program's start: the two seasons whose working hours are compared follow from it. */
  startDate: string;
  /** The coordinator's address: they cannot coordinate their own relationship. */
  coordinatorEmail: string;
}

const byEmail = (a: Candidate, b: Candidate) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0);
const noExclusions = (): ExclusionCounts => Object.fromEntries(EXCLUSIONS.map((rule) => [rule, 0])) as ExclusionCounts;

/**
 * The proposals for a pool of people: the assignment with the greatest total score that breaks
 * no hard rule (never in the mentee's management chain, never past a mentor's capacity, a common
 * language, enough common working hours, a meeting time that suits both, at least one
 * competency in common), and why everyone else is left out. Pure and deterministic: the same
 * people, in any order, give the same proposals.
 */
export const proposeMatches = (pool: readonly Candidate[], settings: MatchSettings): Proposal => {
  const people = withCircleThemes(pool, settings.competencies);
  const mentors = people.filter((p) => p.role === 'mentor').sort(byEmail);
  const coordinating = people.filter((p) => p.role === 'mentee' && p.email === settings.coordinatorEmail);
  const mentees = people.filter((p) => p.role === 'mentee' && p.email !== settings.coordinatorEmail).sort(byEmail);
  const n = mentees.length;
  const m = mentors.length;

  // Competencies and languages as bit sets: the pool's pairs are counted in millions.
  const words = Math.max(1, Math.ceil(settings.competencies.length / 32));
  const competencyBit = new Map(settings.competencies.map((id, i) => [id, i]));
  const bitsOf = (list: readonly Candidate[]) => {
    const bits = new Uint32Array(list.length * words);
    list.forEach((p, i) => {
      for (const c of p.competencies) {
        const b = competencyBit.get(c);
        if (b !== undefined) bits[i * words + (b >> 5)]! |= 1 << (b & 31);
      }
    });
    return bits;
  };
  const menteeBits = bitsOf(mentees);
  const mentorBits = bitsOf(mentors);
  // Languages are the program's few locales: one bit each.
  const languageIndex = new Map<string, number>();
  const languageBit = (l: string) => 1 << (languageIndex.get(l) ?? languageIndex.set(l, languageIndex.size).get(l)!);
  const languagesOf = (p: Candidate) => p.languages.reduce((bits, l) => bits | languageBit(l), 0);
  const menteeLanguages = mentees.map(languagesOf);
  const mentorLanguages = mentors.map(languagesOf);
  const zoneIndex = new Map<string, number>();
  const zoneOf = (p: Candidate) => zoneIndex.get(p.timeZone) ?? zoneIndex.set(p.timeZone, zoneIndex.size).get(p.timeZone)!;
  const menteeZones = mentees.map(zoneOf);
  const mentorZones = mentors.map(zoneOf);
  const zones = [...zoneIndex.keys()];
  const days = seasonsOf(settings.startDate);
  const zonePairs = new Map<number, ZonePair>();
  const zonesOf = (mentee: number, mentor: number): ZonePair => {
    const key = menteeZones[mentee]! * zones.length + mentorZones[mentor]!;
    let found = zonePairs.get(key);
    if (!found) zonePairs.set(key, (found = zonePair(zones[menteeZones[mentee]!]!, zones[mentorZones[mentor]!]!, settings.meeting, days)));
    return found;
  };

  const everyone = new Map(people.map((p) => [p.email, p]));
  const chains = mentees.map((p) =>
    managementChain(p.email, (email) => (email === p.email ? p.lineManagerEmail : everyone.get(email)?.lineManagerEmail) || undefined),
  );

  const sharedCount = (i: number, j: number): number => {
    let count = 0;
    for (let w = 0; w < words; w++) {
      let x = menteeBits[i * words + w]! & mentorBits[j * words + w]!;
      for (; x; x &= x - 1) count++;
    }
    return count;
  };
  /** The first hard rule the pair breaks, or undefined; a pair with nothing in common is not one to judge. */
  const exclusionOf = (i: number, j: number): Exclusion | undefined => {
    if (mentees[i]!.formerMentors?.includes(mentors[j]!.email)) return 'mentored-before';
    if (chains[i]!.has(mentors[j]!.email)) return 'management-chain';
    if ((menteeLanguages[i]! & mentorLanguages[j]!) === 0) return 'no-common-language';
    const zone = zonesOf(i, j);
    if (zone.commonMinutes < MIN_COMMON_MINUTES) return 'too-few-common-hours';
    // A circle meets in its mentor's zone: one time for all its mentees.
    if (mentors[j]!.takesCircle ? !zone.meetsInSecond : !zone.meetsInFirst && !zone.meetsInSecond) return 'meeting-outside-hours';
    return undefined;
  };
  const pairScore = (i: number, j: number, shared: number): number =>
    scoreOf(shared, zonesOf(i, j).commonMinutes, departmentOf(mentees[i]!, mentors[j]!), mentees[i]!.languages[0] === mentors[j]!.languages[0]);

  // Each mentee's best mentors by score, then by address: see MENTORS_PER_MENTEE.
  const pairMentee: number[] = [];
  const pairMentor: number[] = [];
  const pairScores: number[] = [];
  const keys = new Float64Array(m);
  let pruned = false;
  for (let i = 0; i < n; i++) {
    let found = 0;
    for (let j = 0; j < m; j++) {
      const shared = sharedCount(i, j);
      if (shared === 0 || exclusionOf(i, j)) continue;
      // Larger keys first: the score, then the earlier address.
      keys[found++] = pairScore(i, j, shared) * 1_048_576 + (1_048_575 - j);
    }
    const best = keys.subarray(0, found).sort().reverse();
    if (found > MENTORS_PER_MENTEE) pruned = true;
    for (const key of best.subarray(0, MENTORS_PER_MENTEE)) {
      const j = 1_048_575 - (key % 1_048_576);
      pairMentee.push(i);
      pairMentor.push(j);
      pairScores.push(Math.floor(key / 1_048_576));
    }
  }
  const mentorOf = bestAssignment(
    n,
    mentors.map((p) => p.capacity),
    { mentee: pairMentee, mentor: pairMentor, score: pairScores },
  );

  const taken = new Int32Array(m);
  for (const j of mentorOf) if (j >= 0) taken[j]!++;
  // Left out of their best mentors' places, a mentee takes the best eligible place still free: only with pruning can one be.
  if (pruned)
    for (let i = 0; i < n; i++) {
      if (mentorOf[i] !== -1) continue;
      let bestJ = -1;
      let bestScore = -Infinity;
      for (let j = 0; j < m; j++) {
        if (taken[j]! >= mentors[j]!.capacity) continue;
        const shared = sharedCount(i, j);
        if (shared === 0 || exclusionOf(i, j)) continue;
        const score = pairScore(i, j, shared);
        if (score > bestScore) [bestJ, bestScore] = [j, score];
      }
      if (bestJ >= 0) {
        mentorOf[i] = bestJ;
        taken[bestJ]!++;
      }
    }

  const pairs: ProposedPair[] = [];
  for (let i = 0; i < n; i++) {
    const j = mentorOf[i]!;
    if (j < 0) continue;
    const mentee = mentees[i]!;
    const mentor = mentors[j]!;
    const zone = zonesOf(i, j);
    const inCircle = mentor.takesCircle && taken[j]! > 1;
    const { score, reasons } = scorePair(mentee, mentor, zone.commonMinutes);
    pairs.push({
      mentee,
      mentor,
      score,
      reasons,
      competencies: sharedCompetencies(mentee, mentor),
      meetingZone: inCircle || !zone.meetsInFirst ? mentor.timeZone : mentee.timeZone,
      inCircle,
    });
  }
  pairs.sort((a, b) => byEmail(a.mentor, b.mentor) || byEmail(a.mentee, b.mentee));

  const unmatched: Unmatched[] = coordinating.map((person) => ({ person, reason: { kind: 'coordinates-program' } }));
  for (let i = 0; i < n; i++) {
    if (mentorOf[i] !== -1) continue;
    const excluded = noExclusions();
    let offering = 0;
    let eligible = 0;
    for (let j = 0; j < m; j++) {
      if (sharedCount(i, j) === 0) continue;
      offering++;
      const rule = exclusionOf(i, j);
      if (rule) excluded[rule]++;
      else eligible++;
    }
    const person = mentees[i]!;
    unmatched.push({
      person,
      reason:
        offering === 0
          ? { kind: 'no-mentor-offers', wanted: person.competencies }
          : eligible === 0
            ? { kind: 'no-eligible-mentor', offering, excluded }
            : { kind: 'places-taken', eligible },
    });
  }
  for (let j = 0; j < m; j++) {
    if (taken[j]! > 0) continue;
    const excluded = noExclusions();
    let wanting = 0;
    let eligible = 0;
    for (let i = 0; i < n; i++) {
      if (sharedCount(i, j) === 0) continue;
      wanting++;
      const rule = exclusionOf(i, j);
      if (rule) excluded[rule]++;
      else eligible++;
    }
    const person = mentors[j]!;
    unmatched.push({
      person,
      reason:
        wanting === 0
          ? { kind: 'no-mentee-wants', offered: person.competencies }
          : eligible === 0
            ? { kind: 'no-eligible-mentee', wanting, excluded }
            : { kind: 'mentees-matched-elsewhere', eligible },
    });
  }
  const freePlaces = mentors.flatMap((mentor, j) => (taken[j]! > 0 && taken[j]! < mentor.capacity ? [{ mentor, free: mentor.capacity - taken[j]! }] : []));
  return { pairs, unmatched, freePlaces, totalScore: pairs.reduce((sum, p) => sum + p.score, 0), pruned };
};
