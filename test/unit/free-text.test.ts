import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { csvOf } from '#presentation/reports/csv';
import { translator } from '#presentation/messages/index';
import { noteOf, textOf } from '#presentation/pages/form';
import { NOTE_MAX_LENGTH } from '#domain/check-in-details';

const t = translator('en');
const form = (fields: Record<string, string>) => new URLSearchParams(fields);

describe('what participants type on the answer pages', () => {
  test('control characters and the marks that reorder text on screen are dropped; tabs and line breaks stay', () => {
    expect(textOf(form({ note: 'Quiet\u0000 room\u0007, please\u001b[31m\u007f\u0085\u009b.\tThanks' }))).toBe('Quiet room, please[31m.\tThanks');
    expect(textOf(form({ note: 'invoice\u202Efdp.exe \u2066hidden\u2069' }))).toBe('invoicefdp.exe hidden');
  });

  test('line breaks come as one \\n, whatever the browser sent, and a text of nothing but unseen characters is empty', () => {
    expect(textOf(form({ note: 'one\r\ntwo\rthree\u2028four\u2029five\n' }))).toBe('one\ntwo\nthree\nfour\nfive');
    expect(textOf(form({ note: ' \u0000\r\n\u202E ' }))).toBe('');
  });

  test('a field of one line keeps one line: breaks and runs of spaces become one space', () => {
    expect(textOf(form({ description1: ' Lead the\r\n planning\t\tmeeting\u0000 ' }), 'description1', { oneLine: true })).toBe('Lead the planning meeting');
  });

  test('text that starts like a spreadsheet formula is kept as typed', () => {
    for (const note of ['=HYPERLINK("https://example.com")', '+1 for the room', '-2 weeks', '@Marco thanks']) expect(textOf(form({ note }))).toBe(note);
  });

  test('a note counts what is kept: at the limit it is taken, one character more is refused naming the note and its limit', () => {
    const atLimit = 'x'.repeat(NOTE_MAX_LENGTH);
    expect(noteOf(form({ note: `${atLimit}\u0000\u0007` }), t, 'en')).toEqual({ note: atLimit });
    expect(noteOf(form({ note: `${atLimit}y` }), t, 'en')).toEqual({ error: 'please keep the note to 2,000 characters' });
  });

  // Text starting with = + - @ is stored as given, so a spreadsheet must never get it unquoted.
  test('the product writes CSV one way, which writes a cell a spreadsheet would run as a formula as text', () => {
    const root = new URL('../../', import.meta.url).pathname;
    const sources = (dir: string): string[] =>
      readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
      );
    const files = ['cli', 'local', 'functions', 'infra'].flatMap(sources).map((file) => ({ file, text: readFileSync(join(root, file), 'utf8') }));
    expect(files.filter(({ text }) => /csv-stringify|text\/csv/i.test(text)).map(({ file }) => file)).toEqual(['functions/presentation/reports/csv.ts']);
    // Whatever writes a CSV file writes what csvOf made.
    const writers = files.filter(({ text }) => /(writeFile|appendFile|createWriteStream)(Sync)?\([^)]*csv/i.test(text));
    expect(writers.map(({ file }) => file)).toEqual(['cli/mentoring.ts']);
    for (const { text } of writers) expect(text).toContain('csvOf(');
    expect(csvOf(['note'], [{ note: '=HYPERLINK("https://example.org")' }, { note: '@SUM(A1)' }, { note: 'plain' }])).toBe(
      `note\n"'=HYPERLINK(""https://example.org"")"\n'@SUM(A1)\nplain\n`,
    );
  });
});
