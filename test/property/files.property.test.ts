import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { parseProgramFile } from '#adapters/program-file';
import { ConfigurationError } from '#domain/program/config';
import { EnrolmentError, parseEnrolmentFile } from '#use-cases/enrolment/read-enrolment';
import { exampleProgram } from '../support/cohort.ts';

/**
 * Whatever a coordinator's file holds, the answer is the cohort or the program, or the
 * project's own error saying where the file is wrong: never a crash, a stack trace, a raw
 * control byte, or a message as long as the file. The files are the examples, mutated.
 */
const EXAMPLE_CSV = readFileSync(new URL('../../examples/enrolment.csv', import.meta.url), 'utf8');
const EXAMPLE_YAML = readFileSync(new URL('../../examples/program.yaml', import.meta.url), 'utf8');
const program = exampleProgram();
const RUNS = { seed: 42, numRuns: 1_000 };

/* eslint-disable no-control-regex -- the characters no message or name may hold */
const RAW_CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const STACK_LINE = /\n\s+at /;
const MESSAGE_MAX = 4_100;
/** What no name the program stores may be: too long, a control or direction character, a formula's start. */
const UNSAFE_NAME = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|^[^\S\t\r]*[=+\-@]/;
const UNSAFE_TEXT = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
/* eslint-enable no-control-regex */

/** The checks every refusal passes, whichever file it is about. */
const expectAGoodRefusal = (error: Error & { problems: string[] }, namesWhere: (problem: string) => boolean) => {
  expect(error.message).not.toMatch(STACK_LINE);
  expect(error.message).not.toMatch(RAW_CONTROL);
  expect(error.message.length).toBeLessThanOrEqual(MESSAGE_MAX);
  expect(error.problems.length).toBeGreaterThan(0);
  // The problems the message lists each say where.
  for (const problem of error.problems.slice(0, 50).filter((p) => error.message.includes(p))) expect(namesWhere(problem), problem).toBe(true);
};

/** Text for a cell or a setting, from the ordinary to the hostile. */
const nastyText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', ' =', '  @'), fc.string({ maxLength: 40 })).map(([start, rest]) => start + rest),
  fc.constantFrom('=HYPERLINK("http://attacker.example/","x")', "=cmd|' /C calc'!A0", '@SUM(1+1)*cmd', '-2+3+cmd'),
  fc
    .tuple(fc.constantFrom('\u0000', '\u0007', '\u001B', '\u0085', '\u202E', '\u2066', '\u2069', '\n', '\r\n'), fc.string({ maxLength: 10 }))
    .map(([c, s]) => `Eva${c}${s}`),
  // Mostly just past a limit; now and then a cell of 100 KB and more.
  fc
    .tuple(
      fc.constantFrom('x', 'é', '李', '🌍', ','),
      fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 90, max: 1_100 }) }, fc.integer({ min: 1_100, max: 120_000 })),
    )
    .map(([c, n]) => c.repeat(n)),
  fc.constantFrom('', ' ', '42', '-1', '1e309', 'NaN', 'TRUE', 'null', '2027-13-45', '[1, 2]', '{a: 1}', '"', '""', "'", 'Europe/Atlantis'),
);

// ---------- enrolment files ----------

type CsvMutation =
  | { kind: 'delete-line' | 'duplicate-line'; line: number }
  | { kind: 'set-cell' | 'insert-cell'; line: number; column: number; value: string }
  | { kind: 'delete-cell'; line: number; column: number }
  | { kind: 'insert-bytes'; at: number; bytes: Uint8Array }
  | { kind: 'insert-quote'; at: number };
type Encoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16le-bom' | 'latin1';

// Mostly cells: a missing or extra cell, stray bytes or a stray quote make the whole file unreadable, hiding the rest.
const csvMutation: fc.Arbitrary<CsvMutation> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('delete-line' as const, 'duplicate-line' as const), line: fc.nat() }) },
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('set-cell' as const), line: fc.nat(), column: fc.nat(), value: nastyText }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert-cell' as const), line: fc.nat(), column: fc.nat(), value: nastyText }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete-cell' as const), line: fc.nat(), column: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert-bytes' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert-quote' as const), at: fc.nat() }) },
);

/** A cell as a spreadsheet writes it. */
const quoted = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

const applyToCsv = (mutations: CsvMutation[], encoding: Encoding): Uint8Array => {
  const lines = EXAMPLE_CSV.trimEnd()
    .split('\n')
    .map((line) => line.split(','));
  const extra: { at: number; bytes: Uint8Array }[] = [];
  for (const m of mutations) {
    const line = 'line' in m ? m.line % lines.length : 0;
    const cells = lines[line]!;
    if (m.kind === 'delete-line' && lines.length > 1) lines.splice(line, 1);
    if (m.kind === 'duplicate-line') lines.splice(line, 0, [...cells]);
    if (m.kind === 'set-cell') cells[m.column % cells.length] = quoted(m.value);
    if (m.kind === 'insert-cell') cells.splice(m.column % (cells.length + 1), 0, quoted(m.value));
    if (m.kind === 'delete-cell' && cells.length > 1) cells.splice(m.column % cells.length, 1);
    if (m.kind === 'insert-bytes') extra.push(m);
    if (m.kind === 'insert-quote') extra.push({ at: m.at, bytes: Buffer.from('"') });
  }
  const text = `${lines.map((cells) => cells.join(',')).join('\n')}\n`;
  let bytes: Uint8Array = encodeAs(text, encoding);
  for (const { at, bytes: inserted } of extra) {
    const offset = at % (bytes.length + 1);
    bytes = Buffer.concat([bytes.subarray(0, offset), inserted, bytes.subarray(offset)]);
  }
  return bytes;
};

const encodeAs = (text: string, encoding: Encoding): Buffer => {
  if (encoding === 'utf8-bom') return Buffer.from(`\uFEFF${text}`);
  if (encoding === 'utf16le') return Buffer.from(text, 'utf16le');
  if (encoding === 'utf16le-bom') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (encoding === 'latin1') return Buffer.from(text.replace('Zielinska', 'Zielińska').replace('Lestari', 'Léstari'), 'latin1');
  return Buffer.from(text);
};

const encoding: fc.Arbitrary<Encoding> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('utf8' as const) },
  { weight: 1, arbitrary: fc.constantFrom<Encoding>('utf8-bom', 'utf16le', 'utf16le-bom', 'latin1') },
);

const SAYS_WHERE_IN_CSV = /^(row \d+: |line \d+: |column |is not valid CSV: .*line \d+|has no pairs )/;

describe('any enrolment file gets the cohort or an EnrolmentError that says where', () => {
  test('1,000 mutations of the example enrolment file', () => {
    fc.assert(
      fc.property(fc.array(csvMutation, { minLength: 1, maxLength: 3 }), encoding, (mutations, as) => {
        const bytes = applyToCsv(mutations, as);
        let rows;
        try {
          rows = parseEnrolmentFile(bytes, program, 'cohort.csv');
        } catch (error) {
          expect(error).toBeInstanceOf(EnrolmentError);
          expectAGoodRefusal(error as EnrolmentError, (problem) => SAYS_WHERE_IN_CSV.test(problem));
          return;
        }
        for (const row of rows)
          for (const person of [row.mentee, row.mentor, row.manager, row.coordinator, { name: row.circle ?? '' }]) {
            expect([...person.name].length).toBeLessThanOrEqual(100);
            expect(person.name).not.toMatch(UNSAFE_NAME);
          }
      }),
      RUNS,
    );
  });
});

// ---------- program files ----------

type Settings = Record<string, unknown>;
const EXAMPLE_SETTINGS = parseYaml(EXAMPLE_YAML) as Settings;
const PATHS: (string | number)[][] = [
  ['id'],
  ['name'],
  ['locale'],
  ['timeZone'],
  ['startDate'],
  ['competencies'],
  ['competencies', 0, 'name'],
  ['competencies', 1, 'id'],
  ['competencies', 2, 'kind'],
  ['relationship', 'lengthMonths'],
  ['meetings', 'time'],
  ['meetings', 'cadence', 0, 'every'],
  ['meetings', 'cadence', 1, 'until', 'months'],
  ['reviewMonths'],
  ['answers', 'windowDays'],
  ['safetyNet'],
  ['unknownSetting'],
];

/** A value of the wrong type, the wrong size or the wrong shape. */
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyText,
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 1, max: 40 }).map((depth) => JSON.parse(`${'['.repeat(depth)}1${']'.repeat(depth)}`) as unknown),
  fc.array(fc.record({ id: fc.string({ maxLength: 70 }), name: nastyText }), { maxLength: 4 }),
);

type ProgramMutation =
  | { kind: 'delete-setting'; path: number }
  | { kind: 'set-setting'; path: number; value: unknown }
  | { kind: 'delete-line' | 'duplicate-line'; line: number }
  | { kind: 'insert-line'; line: number; text: string }
  | { kind: 'insert-bytes'; at: number; bytes: Uint8Array };

/** Lines that make a parser work: aliases that expand, nesting that recurses, tabs, flow left open. */
const nastyLine = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.integer({ min: 1, max: 12 }).map((levels) => {
      const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
      for (let i = 1; i <= levels; i++)
        lines.push(
          `a${i}: &a${i} [${Array(9)
            .fill(`*a${i - 1}`)
            .join(', ')}]`,
        );
      return lines.join('\n');
    }),
  },
  // Nesting, mostly around the depth refused.
  fc
    .oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 40 }) }, fc.integer({ min: 40, max: 200_000 }))
    .chain((n) => fc.constantFrom(`deep: ${'['.repeat(n)}${']'.repeat(n)}`, `deep: ${'{a: '.repeat(n)}1${'}'.repeat(n)}`, `deep:\n${'- '.repeat(n)}x`)),
  fc.integer({ min: 1, max: 150 }).map((n) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')),
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '\tname: tabbed',
      'name: &x [*x]',
      '*undefined',
      '--- second document',
      '%YAML 9.9',
      '!!binary aGVsbG8=',
      'x: !!python/object:os.system ls',
      '? complex key',
      '<<: *a0',
    ),
  },
  { weight: 3, arbitrary: nastyText.map((text) => `name: ${JSON.stringify(text)}`) },
  { weight: 2, arbitrary: nastyText.map((text) => `name: ${text}`) },
);

const programMutation: fc.Arbitrary<ProgramMutation> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete-setting' as const), path: fc.nat() }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('set-setting' as const), path: fc.nat(), value: nastyValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('delete-line' as const, 'duplicate-line' as const), line: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert-line' as const), line: fc.nat(), text: nastyLine }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert-bytes' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }) },
);

const setAt = (settings: Settings, path: (string | number)[], value: unknown, remove: boolean) => {
  let parent = settings as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = parent[key];
    if (typeof next !== 'object' || next === null) return;
    parent = next as Record<string | number, unknown>;
  }
  if (remove) delete parent[path.at(-1)!];
  else parent[path.at(-1)!] = value;
};

const applyToProgram = (mutations: ProgramMutation[], format: 'yaml' | 'json', as: Encoding): Uint8Array => {
  const settings = structuredClone(EXAMPLE_SETTINGS);
  for (const m of mutations)
    if (m.kind === 'delete-setting' || m.kind === 'set-setting')
      setAt(settings, PATHS[m.path % PATHS.length]!, m.kind === 'set-setting' ? m.value : undefined, m.kind === 'delete-setting');
  const lines = (format === 'json' ? JSON.stringify(settings, null, 2) : toYaml(settings)).split('\n');
  const inserted: { at: number; bytes: Uint8Array }[] = [];
  for (const m of mutations) {
    if (m.kind === 'delete-line') lines.splice(m.line % lines.length, 1);
    if (m.kind === 'duplicate-line') lines.splice(m.line % lines.length, 0, lines[m.line % lines.length]!);
    if (m.kind === 'insert-line') lines.splice(m.line % (lines.length + 1), 0, m.text);
    if (m.kind === 'insert-bytes') inserted.push(m);
  }
  let bytes: Uint8Array = encodeAs(lines.join('\n'), as);
  for (const { at, bytes: more } of inserted) {
    const offset = at % (bytes.length + 1);
    bytes = Buffer.concat([bytes.subarray(0, offset), more, bytes.subarray(offset)]);
  }
  return bytes;
};

/** A line, a field (`meetings.cadence[0].every:`), the top level, or a parser's message that names its line. */
const SAYS_WHERE_IN_PROGRAM = /^(line \d+: |\(top level\): |[A-Za-z][\w.[\]…"-]*: |is not valid YAML: .*line \d+|is not valid JSON: .*\(line \d+\)$)/;

describe('any program file gets the program or a ConfigurationError that says where', () => {
  test('1,000 mutations of the example program, as YAML and as JSON', () => {
    fc.assert(
      fc.property(
        fc.array(programMutation, { minLength: 1, maxLength: 3 }),
        fc.constantFrom<'yaml' | 'json'>('yaml', 'yaml', 'yaml', 'json'),
        encoding,
        (mutations, format, as) => {
          const bytes = applyToProgram(mutations, format, as);
          let parsed;
          try {
            parsed = parseProgramFile(bytes, `program.${format}`);
          } catch (error) {
            expect(error).toBeInstanceOf(ConfigurationError);
            expectAGoodRefusal(error as ConfigurationError, (problem) => SAYS_WHERE_IN_PROGRAM.test(problem));
            return;
          }
          expect(parsed.name).not.toMatch(RAW_CONTROL);
          for (const competency of parsed.competencies) {
            expect([...competency.name].length).toBeLessThanOrEqual(100);
            expect(competency.name).not.toMatch(UNSAFE_TEXT);
          }
        },
      ),
      RUNS,
    );
  });
});
