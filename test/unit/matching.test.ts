import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { managementChain } from '#domain/matching/chain';
import { MIN_COMMON_MINUTES, overlapMinutes, WORKING_HOURS, zonePair } from '#domain/matching/hours';
import { bestAssignment } from '#domain/matching/solver';
import { COMPETENCY_POINTS, FIRST_LANGUAGE_POINTS, OTHER_DEPARTMENT_POINTS, scorePair } from '#domain/matching/score';
import { parsePeople, PEOPLE_COLUMNS, PeopleFileError } from '#use-cases/pool/read-people';
import { matchPeople, parseCoordinator } from '#use-cases/pool/match-pool';
import { parseEnrolment } from '#use-cases/enrolment/read-enrolment';
import { exampleProgram } from '../support/cohort.ts';
import { runMentoring } from '../support/cli.ts';

const program = exampleProgram();
const COORDINATOR = { name: 'Ingrid Solberg', email: 'ingrid.solberg@example.org' };
const HEADER = PEOPLE_COLUMNS.join(',');
const mentor = 'Marco Bianchi,marco.bianchi@example.org,mentor,delegation,it;en,Europe/Rome,Sales,,,2,no';
const mentee = 'Sari Wibowo,sari.wibowo@example.org,mentee,delegation,id;en,Europe/Amsterdam,Finance,eva.devries@example.org,Eva de Vries,,';
const file = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';

/** The problems a PeopleFileError lists, or a failed test when the file is accepted. */
const problemsOf = (text: string, name = 'people.csv'): string[] => {
  try {
    parsePeople(text, program, name);
  } catch (error) {
    expect(error).toBeInstanceOf(PeopleFileError);
    expect((error as Error).message).toContain(`${name} cannot be matched; nothing was written`);
    return (error as PeopleFileError).problems;
  }
  throw new Error('the file was accepted');
};

describe('the hard rules and the score', () => {
  test('working hours overlap across zones, midnight and the seasons', () => {
    expect(WORKING_HOURS).toEqual({ from: 540, until: 1020 });
    expect(overlapMinutes(60, 60)).toBe(480);
    expect(overlapMinutes(420, 60)).toBe(120);
    // Auckland (UTC+13) and Los Angeles (UTC-8), across midnight UTC: Auckland's morning is the Californian afternoon before.
    expect(overlapMinutes(780, -480)).toBe(300);
    expect(overlapMinutes(540, -300)).toBe(0);
    // Jakarta and Amsterdam: two hours in winter, three in summer; the fewer counts.
    expect(zonePair('Asia/Jakarta', 'Europe/Amsterdam', program.meetings, ['2027-01-11', '2027-07-11']).commonMinutes).toBe(MIN_COMMON_MINUTES);
    // 10:00 in Amsterdam is 16:00 in Jakarta; 10:00 in Jakarta is 04:00 in Amsterdam.
    expect(zonePair('Asia/Jakarta', 'Europe/Amsterdam', program.meetings, ['2027-01-11'])).toMatchObject({ meetsInFirst: false, meetsInSecond: true });
  });

  test('the management chain follows line managers upwards and stops where it comes back on itself', () => {
    const managers: Record<string, string> = { a: 'b', b: 'c', c: 'a', d: 'd' };
    expect([...managementChain('a', (e) => managers[e])]).toEqual(['b', 'c']);
    expect([...managementChain('d', (e) => managers[e])]).toEqual([]);
  });

  test("a pair's score is its parts, each with its reason", () => {
    const [sari, marco] = parsePeople(file(mentee, mentor), program, 'people.csv').sort((a) => (a.role === 'mentee' ? -1 : 1));
    expect(scorePair(sari!, { ...marco!, languages: ['id'] }, 180)).toEqual({
      score: COMPETENCY_POINTS + 12 + OTHER_DEPARTMENT_POINTS + FIRST_LANGUAGE_POINTS,
      reasons: [
        { kind: 'competencies', points: COMPETENCY_POINTS, shared: ['delegation'] },
        { kind: 'common-hours', points: 12, minutes: 180 },
        { kind: 'other-department', points: OTHER_DEPARTMENT_POINTS },
        { kind: 'first-language', points: FIRST_LANGUAGE_POINTS, locale: 'id' },
      ],
    });
  });

  test('the best total, not first come first served: the first mentee gives way when that lets both be matched', () => {
    // Mentee 0 prefers mentor 0 (10 against 9); mentee 1 can only have mentor 0 (8).
    const mentorOf = bestAssignment(2, [1, 1], { mentee: [0, 0, 1], mentor: [0, 1, 0], score: [10, 9, 8] });
    expect([...mentorOf]).toEqual([1, 0]);
    // At the same total, the assignment that matches more.
    expect([...bestAssignment(2, [1, 1], { mentee: [0, 0, 1], mentor: [0, 1, 1], score: [20, 10, 10] })]).toEqual([0, 1]);
  });
});

describe('the people file', () => {
  test.each([
    ['an unknown column', `${HEADER},shoe_size\n${mentor},42\n`, /^column shoe_size is not known/],
    ['a missing required field', file(mentor.replace('it;en', '')), /^row 2: languages is empty$/],
    ['a bad e-mail address', file(mentor.replace('marco.bianchi@example.org', 'marco')), /^row 2: email "marco" is not an e-mail address$/],
    ['an unknown competency', file(mentor.replace('delegation', 'juggling')), /^row 2: competencies: "juggling" is not one of the program's/],
    ['an unknown language', file(mentor.replace('it;en', 'it;fr')), /^row 2: languages: "fr" is not one of the languages/],
    ['an unknown time zone', file(mentor.replace('Europe/Rome', 'Europe/Atlantis')), /^row 2: time_zone "Europe\/Atlantis" is not a known IANA time zone/],
    ['a duplicate e-mail address', file(mentor, mentor.replace('Marco Bianchi', 'Marco B.')), /^row 3: email marco.bianchi@example.org is already in row 2/],
    ['a capacity that is not a positive whole number', file(mentor.replace(',2,no', ',0,no')), /^row 2: capacity "0" is not a positive whole number/],
    ['a capacity with a fraction', file(mentor.replace(',2,no', ',1.5,no')), /^row 2: capacity "1.5" is not a positive whole number/],
    ['a mentee without a line manager', file(mentee.replace('eva.devries@example.org,Eva de Vries', ',')), /^row 2: line_manager_email is empty/],
    [
      'a line manager nobody names',
      file(mentee.replace('Eva de Vries', '')),
      /^row 2: line_manager_name is empty and eva.devries@example.org is not in the file/,
    ],
  ])('%s is refused, naming the row and the field', (_, text, problem) => {
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  test('a JSON export says which entry is wrong; lists may be arrays', () => {
    const people = [
      {
        name: 'Marco Bianchi',
        email: 'marco.bianchi@example.org',
        role: 'mentor',
        competencies: ['delegation'],
        languages: ['it', 'en'],
        time_zone: 'Europe/Rome',
        capacity: 2,
        takes_circle: true,
      },
      {
        name: 'Sari Wibowo',
        email: 'sari.wibowo@example.org',
        role: 'mentee',
        competencies: 'delegation',
        languages: 'id;en',
        time_zone: 'Europe/Amsterdam',
        line_manager_email: 'marco.bianchi@example.org',
      },
    ];
    expect(parsePeople(JSON.stringify(people), program, 'people.json').map((p) => [p.email, p.capacity, p.takesCircle])).toEqual([
      ['marco.bianchi@example.org', 2, true],
      ['sari.wibowo@example.org', 1, false],
    ]);
    expect(problemsOf(JSON.stringify([people[0], { ...people[1], languages: ['xx'] }]), 'people.json')).toEqual([
      expect.stringMatching(/^entry 2: languages: "xx" is not one of the languages/),
    ]);
  });

  test('the coordinator is "Name <address>"', () => {
    expect(parseCoordinator('Ingrid Solberg <Ingrid.Solberg@example.org>')).toEqual(COORDINATOR);
    expect(parseCoordinator('ingrid.solberg@example.org')).toMatch(/is not "Name <address>"/);
  });
});

describe('the example people file', () => {
  test('gives proposals that the enrolment file takes as they are, with a circle, and says why Joost is left out', async () => {
    const text = await readFile(new URL('../../examples/people.csv', import.meta.url), 'utf8');
    const { proposal, enrolmentCsv } = matchPeople(parsePeople(text, program, 'examples/people.csv'), program, COORDINATOR, 'examples/people.csv');
    const rows = parseEnrolment(enrolmentCsv, program, 'proposals.csv');
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.coordinator.email === COORDINATOR.email && r.manager.name)).toBe(true);
    expect(new Set(rows.filter((r) => r.circle).map((r) => r.mentor.email))).toEqual(new Set(['henrik.lund@example.org']));
    expect(proposal.unmatched).toEqual([
      {
        person: expect.objectContaining({ email: 'joost.visser@example.org' }),
        reason: { kind: 'no-eligible-mentor', offering: 1, excluded: expect.objectContaining({ 'management-chain': 1 }) },
      },
    ]);
  });
});

describe('mentoring match', () => {
  const dir = mkdtemp(join(tmpdir(), 'mentoring-match-'));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));
  const match = async (people: string, ...extra: string[]) => {
    const out = join(await dir, 'proposals.csv');
    const report = join(await dir, 'report.html');
    const result = await runMentoring([
      'match',
      people,
      '--program',
      'examples/program.yaml',
      '--out',
      out,
      '--report',
      report,
      '--coordinator',
      'Ingrid Solberg <ingrid.solberg@example.org>',
      ...extra,
    ]);
    return { ...result, out, report };
  };

  test('writes the proposals and a report in the program language that validate accepts unchanged', async () => {
    const { code, out, report, err } = await match('examples/people.csv');
    expect(err).toBe('');
    expect(code).toBe(0);
    const page = await readFile(report, 'utf8');
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('Budi Santoso with Rina Kusuma');
    expect(page).toContain('Joost Visser (mentee): 1 mentor offers what they want, but cannot be their mentor: 1 in the management chain');
    const validated = await runMentoring(['validate', '--program', 'examples/program.yaml', '--enrolment', out]);
    expect(validated.code).toBe(0);
    expect(validated.out).toContain('6 relationships (5 pairs and 1 circle of 3 mentees), 8 mentees, are valid.');
  });

  test('a bad people file is one error naming row and field, exit 2, and nothing is written', async () => {
    const bad = join(await dir, 'bad.csv');
    await writeFile(bad, file(mentor.replace('Europe/Rome', 'Mars/Olympus')));
    for (const name of ['proposals.csv', 'report.html']) await rm(join(await dir, name), { force: true });
    const { code, err, out, report } = await match(bad);
    expect(code).toBe(2);
    expect(err).toMatch(/bad\.csv cannot be matched; nothing was written:\n {2}- row 2: time_zone "Mars\/Olympus"/);
    expect(await stat(out).catch(() => undefined)).toBeUndefined();
    expect(await stat(report).catch(() => undefined)).toBeUndefined();
  });
});
