import { longestPhaseDays, PHASE_LIMIT_DAYS } from '#domain/program/limits';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { ConfigurationError, parseProgram, type Program } from '#domain/program/config';
import { loadProgram, parseProgramFile } from '#adapters/program-file';
import { exampleProgram, MINIMAL_PROGRAM as minimal } from '../support/cohort.ts';

const EXAMPLE_FILE = fileURLToPath(new URL('../../examples/program.yaml', import.meta.url));

/** The problems a ConfigurationError lists, or a failed test when the program is accepted. */
const problemsOf = (raw: unknown, file = 'program.yaml'): string[] => {
  try {
    parseProgram(raw, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    const { problems, message } = error as ConfigurationError;
    // The message a coordinator reads names the file and repeats every problem.
    expect(message).toContain(file);
    for (const problem of problems) expect(message).toContain(problem);
    return problems;
  }
  throw new Error('the program was accepted');
};

describe('the example program', () => {
  test('parses, with the rhythm weekly, then every two weeks, then monthly, and reviews at months 3, 6 and 9', async () => {
    const program = await loadProgram(EXAMPLE_FILE);
    expect(program).toMatchObject({
      id: 'leadership-pilot',
      locale: 'en',
      timeZone: 'Europe/Amsterdam',
      startDate: '2027-01-11',
      relationship: { lengthMonths: 12, firstMeetingAfterDays: 7 },
      meetings: { time: '10:00', durationMinutes: 60, reminderHoursBefore: 24, checkInHoursAfter: 2 },
      reviewMonths: [3, 6, 9],
      answers: { windowDays: 3, reminderWindowDays: 4 },
    });
    expect(program.meetings.cadence).toEqual([
      { every: { weeks: 1 }, until: { weeks: 8 } },
      { every: { weeks: 2 }, until: { months: 4 } },
      { every: { months: 1 }, until: { months: 12 } },
    ]);
    expect(program.competencies.map((c) => `${c.id}:${c.kind}`)).toEqual([
      'stakeholder-management:strategic',
      'giving-feedback:tactical',
      'strategic-thinking:strategic',
      'delegation:tactical',
    ]);
  });

  test('a program that names only what it must gets the same year as the example', () => {
    const program = parseProgram(minimal, 'minimal.yaml');
    const example = exampleProgram();
    expect(program.meetings).toEqual(example.meetings);
    expect(program.relationship).toEqual(example.relationship);
    expect(program.reviewMonths).toEqual([3, 6, 9]);
    expect(program.answers).toEqual({ windowDays: 3, reminderWindowDays: 4, escalationWindowDays: 7 });
    expect(program.midpointReviewMonth).toBe(6);
    expect(program.goals).toEqual({ max: 5, scale: { min: 1, max: 5 }, revisionRounds: 1 });
    expect(program.extension).toEqual({ months: 3, every: { months: 1 }, maxTimes: 1 });
    expect(program.followUp).toEqual({ afterMonths: 3 });
    expect(program.locale).toBe('en');
    expect(program.competencies).toEqual([{ id: 'delegation', name: 'Delegation', kind: 'tactical' }]);
  });
});

describe('a program file with a mistake is refused, naming the file, the field and the reason', () => {
  test('an unknown time zone', () => {
    expect(problemsOf({ ...minimal, timeZone: 'Europe/Atlantis' })).toEqual(['timeZone: is not a known IANA time zone']);
  });

  test.each(['2027-13-01', '2027-02-30', '11-01-2027', 'next monday', ''])('a start date of "%s"', (startDate) => {
    expect(problemsOf({ ...minimal, startDate })).toEqual(['startDate: use YYYY-MM-DD']);
  });

  test('an empty competency list: decide what the program transfers before who takes part', () => {
    expect(problemsOf({ ...minimal, competencies: [] })).toEqual(['competencies: name at least one competency the program transfers']);
  });

  test('a competency listed twice points at the second one', () => {
    const competencies = [
      { id: 'delegation', name: 'Delegation' },
      { id: 'feedback', name: 'Feedback' },
      { id: 'delegation', name: 'Delegating work' },
    ];
    expect(problemsOf({ ...minimal, competencies })).toEqual(['competencies[2].id: "delegation" is listed twice']);
  });

  test('a cadence step with two units, or none', () => {
    const cadence = [
      { every: { weeks: 1, days: 3 }, until: { weeks: 8 } },
      { every: { months: 1 }, until: {} },
    ];
    expect(problemsOf({ ...minimal, meetings: { cadence } })).toEqual([
      'meetings.cadence[0].every: give exactly one of days, weeks or months',
      'meetings.cadence[1].until: give exactly one of days, weeks or months',
    ]);
  });

  test('working days: Monday to Friday unless named; none, a day twice or an unknown day is refused, naming the field', () => {
    expect(parseProgram(minimal, 'p.yaml').meetings.workingDays).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
    const sundayToThursday = ['sun', 'mon', 'tue', 'wed', 'thu'];
    expect(parseProgram({ ...minimal, meetings: { workingDays: sundayToThursday } }, 'p.yaml').meetings.workingDays).toEqual(sundayToThursday);
    expect(problemsOf({ ...minimal, meetings: { workingDays: [] } })).toEqual(['meetings.workingDays: name at least one working day']);
    expect(problemsOf({ ...minimal, meetings: { workingDays: ['mon', 'tue', 'mon'] } })).toEqual(['meetings.workingDays[2]: "mon" is listed twice']);
    expect(problemsOf({ ...minimal, meetings: { workingDays: ['mon', 'Friday'] } })).toEqual([
      'meetings.workingDays[1]: use mon, tue, wed, thu, fri, sat, sun',
    ]);
  });

  test('a review month beyond the relationship', () => {
    expect(problemsOf({ ...minimal, reviewMonths: [3, 12] })).toEqual(['reviewMonths[1]: month 12 is not inside a 12-month relationship']);
    // Inside a longer relationship the same month is fine.
    expect(parseProgram({ ...minimal, reviewMonths: [3, 12], relationship: { lengthMonths: 18 } }, 'p.yaml').reviewMonths).toEqual([3, 12]);
  });

  test('an unknown key, at the top level or inside a section (a typo never passes silently)', () => {
    expect(problemsOf({ ...minimal, timezone: 'Europe/Amsterdam' })).toEqual(['(top level): Unrecognized key: "timezone"']);
    expect(problemsOf({ ...minimal, meetings: { durationMins: 45 } })).toEqual(['meetings: Unrecognized key: "durationMins"']);
  });

  test('several mistakes are all listed at once', () => {
    const problems = problemsOf({
      ...minimal,
      timeZone: 'Mars/Olympus',
      competencies: [
        { id: 'delegation', name: 'Delegation' },
        { id: 'delegation', name: 'Delegation again' },
      ],
    });
    expect(problems).toEqual(['timeZone: is not a known IANA time zone', 'competencies[1].id: "delegation" is listed twice']);
  });
});

describe("a program's texts are plain text of a sensible length", () => {
  test('a competency name holds at most 100 characters; the program name at most 200', () => {
    expect(problemsOf({ ...minimal, competencies: [{ id: 'delegation', name: 'D'.repeat(5_000) }] })).toEqual([
      'competencies[0].name: is 5,000 characters long; at most 100',
    ]);
    expect(parseProgram({ ...minimal, competencies: [{ id: 'delegation', name: 'D'.repeat(100) }] }, 'p.yaml').competencies[0]!.name).toHaveLength(100);
    expect(problemsOf({ ...minimal, name: 'P'.repeat(201) })).toEqual([expect.stringMatching(/^name: .*200/)]);
  });

  test('a name with a control or text-direction character is refused, naming the field', () => {
    expect(
      problemsOf({
        ...minimal,
        name: 'Pilot\n2027',
        competencies: [
          { id: 'delegation', name: 'Dele\u202Egation' },
          { id: 'feedback', name: 'Feed\u0000back' },
        ],
      }),
    ).toEqual([
      'name: contains a control character (U+000A) at character 6; remove it',
      'competencies[0].name: contains a text-direction override (U+202E) at character 5, which makes it read otherwise than it is stored; remove it',
      'competencies[1].name: contains a control character (U+0000) at character 5; remove it',
    ]);
  });

  test('a setting with a control character is reported as that, once, and never with the raw character', () => {
    const error = (() => {
      try {
        return parseProgram({ ...minimal, id: 'pilot\u0007' }, 'program.yaml');
      } catch (e) {
        return e as ConfigurationError;
      }
    })() as ConfigurationError;
    expect(error.problems).toEqual(['id: contains a control character (U+0007) at character 6; remove it']);
    // eslint-disable-next-line no-control-regex -- a message never holds a raw control byte
    expect(error.message).not.toMatch(/[\u0000-\u0008]/);
  });

  test('thousands of unknown keys: the first few are named, in part, and the rest counted', () => {
    const extra = Object.fromEntries(Array.from({ length: 3_000 }, (_, i) => [`key${i}${'x'.repeat(500)}\u0007`, i]));
    const [problem, ...others] = problemsOf({ ...minimal, ...extra });
    expect(others).toEqual([]);
    expect(problem).toMatch(/^\(top level\): Unrecognized keys: "key0x{36}…", "key1x{36}…", .* and 2,990 more$/);
    expect(problem!.length).toBeLessThan(600);
  });
});

describe('loading a program file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mentoring-program-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const write = async (name: string, text: string) => {
    const file = join(dir, name);
    await writeFile(file, text, 'utf8');
    return file;
  };
  const refusal = async (file: string): Promise<ConfigurationError> => {
    const error = await loadProgram(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).file).toBe(file);
    expect((error as ConfigurationError).message).toContain(file);
    return error as ConfigurationError;
  };

  test('a YAML file and the same program as JSON load to the same program', async () => {
    const program: Program = parseProgram(minimal, 'x');
    const fromYaml = await loadProgram(await write('program.yaml', toYaml(minimal)));
    const fromJson = await loadProgram(await write('program.json', JSON.stringify(minimal)));
    expect(fromYaml).toEqual(program);
    expect(fromJson).toEqual(program);
  });

  test('a file with a mistake names that file and the field', async () => {
    const file = await write('bad-zone.yaml', toYaml({ ...minimal, timeZone: 'Europe/Atlantis' }));
    expect((await refusal(file)).problems).toEqual(['timeZone: is not a known IANA time zone']);
  });

  test('a file that is not YAML says so', async () => {
    const file = await write('broken.yaml', 'id: pilot\ncompetencies: [delegation\nname: "unterminated\n');
    const { problems } = await refusal(file);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^is not valid YAML: \S/);
  });

  test('a .json file that is not JSON says so', async () => {
    const file = await write('broken.json', '{ "id": "pilot", }');
    const { problems } = await refusal(file);
    expect(problems[0]).toMatch(/^is not valid JSON: \S/);
  });

  test('a file that is not there says it cannot be read', async () => {
    const file = join(dir, 'missing.yaml');
    expect((await refusal(file)).problems).toEqual(['cannot be read (ENOENT)']);
  });

  test('an empty file is refused as a program, not as YAML', async () => {
    const file = await write('empty.yaml', '');
    expect((await refusal(file)).problems).toEqual([expect.stringMatching(/^\(top level\): /)]);
  });

  test('a file too large to be a program is refused before it is read', async () => {
    const file = join(dir, 'huge.yaml');
    await writeFile(file, '');
    await truncate(file, 3 * 1_048_576);
    expect((await refusal(file)).problems).toEqual(['is 3 MB; at most 1 MB is read']);
  });
});

describe('a program file that is not text, or that would make a parser work without end, is refused quickly and once', () => {
  const EXAMPLE = readFileSync(EXAMPLE_FILE, 'utf8');
  const SAVE = 'save the file as UTF-8 text';
  const problemsOfFile = (text: string | Uint8Array, file = 'program.yaml'): string[] => {
    try {
      parseProgramFile(typeof text === 'string' ? Buffer.from(text) : text, file);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      // eslint-disable-next-line no-control-regex -- a message never holds a raw control byte
      expect((error as ConfigurationError).message).not.toMatch(/[\u0000-\u0008\u000E-\u001F]|\n {4}at /);
      return (error as ConfigurationError).problems;
    }
    throw new Error('the program was accepted');
  };

  test('binary data, Latin-1 and UTF-16 name the line and how to save the file', () => {
    expect(problemsOfFile(EXAMPLE.replace('locale: en', 'locale: e\u0000n'))).toEqual([`line 5: contains binary data (byte 0x00); ${SAVE}`]);
    expect(problemsOfFile(Buffer.from(EXAMPLE.replace('Pilot', 'Piloté'), 'latin1'))).toEqual([`line 4: is not UTF-8 text (byte 0xE9); ${SAVE}`]);
    expect(problemsOfFile(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(EXAMPLE, 'utf16le')]))).toEqual([
      `line 1: is saved as UTF-16 (it starts with bytes 0xFE 0xFF); ${SAVE}`,
    ]);
  });

  test('a billion laughs: aliases that would expand to millions of values', () => {
    const laughs = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (const [i, name] of [...'bcdefghij'].entries()) laughs.push(`${name}: &${name} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(', ')}]`);
    expect(problemsOfFile(laughs.join('\n'))).toEqual(['line 2: uses aliases (*name) more than 100 times over; write the settings out in full']);
  });

  test('a few aliases for a repeated span are fine', () => {
    const program = parseProgramFile(
      Buffer.from(`${toYaml(minimal)}extension:\n  every: &monthly { months: 1 }\nmeetings:\n  cadence:\n    - every: *monthly\n      until: { months: 12 }\n`),
      'p.yaml',
    );
    expect(program.meetings.cadence).toEqual([{ every: { months: 1 }, until: { months: 12 } }]);
  });

  test.each([
    ['flow lists', 'program.yaml', `id: ${'['.repeat(300_000)}${']'.repeat(300_000)}\n`, 'line 1: nests lists or maps more than 32 deep'],
    ['flow maps', 'program.yaml', `id: ${'{a: '.repeat(300_000)}1${'}'.repeat(300_000)}\n`, 'line 1: nests lists or maps more than 32 deep'],
    ['JSON arrays', 'program.json', `{"id": ${'['.repeat(300_000)}${']'.repeat(300_000)}}`, 'line 1: nests lists or maps more than 32 deep'],
    ['sequences on one line', 'program.yaml', `id: pilot\nname:\n${'- '.repeat(300_000)}x\n`, 'line 3: is indented more than 100 places'],
    [
      'indentation',
      'program.yaml',
      `id: pilot\nname:\n${Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')}\n`,
      'line 104: is indented more than 100 places',
    ],
  ])('deep nesting in %s', (_, file, text, where) => {
    expect(problemsOfFile(text, file)).toEqual([`${where}; a program's settings nest five deep at most`]);
  });

  /** The line just after the example file, whatever its length. */
  const after = (extra: number) => EXAMPLE.split('\n').length + extra;

  test('an alias without its anchor names its line', () => {
    expect(problemsOfFile(`${EXAMPLE}\nextension:\n  every: *monthly\n`)).toEqual([
      `is not valid YAML: Unresolved alias (the anchor must be set before the alias): monthly at line ${after(2)}`,
    ]);
  });

  test('a key set twice names its line, even in a section of thousands of keys', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `  k${i}: 1`).join('\n');
    expect(problemsOfFile(`${EXAMPLE}\nmeetings:\n  time: '09:00'\n`)).toEqual([`line ${after(1)}: "meetings" is set twice in the same section; keep one`]);
    expect(problemsOfFile(`${EXAMPLE}\nextension:\n${keys}\n  k7: 2\n`)[0]).toBe(`line ${after(20_002)}: "k7" is set twice in the same section; keep one`);
  });
});

describe('no phase of a relationship can outlive what one Step Functions execution may take', () => {
  test('every phase of the example program ends within 300 days, even with every question left unanswered', () => {
    const longest = longestPhaseDays(exampleProgram());
    for (const [phase, days] of Object.entries(longest)) expect(days, phase).toBeLessThanOrEqual(PHASE_LIMIT_DAYS);
    // Six months of meetings, then the last check-in and a review at the very end of the block.
    expect(longest.Meetings).toBe(6 * 31 + 2 * 7);
  });

  test('the longest answer windows the file allows still fit every phase of a one-year program', () => {
    const slow = parseProgram(
      { ...minimal, answers: { windowDays: 14, reminderWindowDays: 14, escalationWindowDays: 14 }, goals: { revisionRounds: 1 } },
      'slow.yaml',
    );
    expect(Math.max(...Object.values(longestPhaseDays(slow)))).toBeLessThanOrEqual(PHASE_LIMIT_DAYS);
  });

  test('a program whose agreement could outlast the limit is refused, naming the setting to shorten', () => {
    const problems = problemsOf({
      ...minimal,
      relationship: { firstMeetingAfterDays: 60 },
      answers: { windowDays: 14, reminderWindowDays: 14, escalationWindowDays: 14 },
      goals: { revisionRounds: 2 },
    });
    expect(problems).toEqual([
      expect.stringMatching(/^goals\.revisionRounds: with these settings the Agreement phase could last 3\d\d days, more than the 300 a phase may take/),
    ]);
  });

  test('a mid-point review that is not one of the reviews is refused', () => {
    expect(problemsOf({ ...minimal, reviewMonths: [3, 9], midpointReviewMonth: 6 })).toEqual([
      'midpointReviewMonth: month 6 is not one of the reviewMonths (3, 9)',
    ]);
    expect(parseProgram({ ...minimal, reviewMonths: [3, 9] }, 'x.yaml').midpointReviewMonth).toBeNull();
  });
});
