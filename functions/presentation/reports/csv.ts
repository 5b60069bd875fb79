import { stringify } from 'csv-stringify/sync';

/**
 * A spreadsheet runs a cell that begins with =, +, -, @, a tab or a carriage return as a formula:
 * such a text cell is written with a leading apostrophe, which the spreadsheet shows as text.
 */
export const neutralised = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** Rows as CSV with a header line, in `columns`' order; text cells neutralised, numbers as they are. */
export const csvOf = <C extends readonly string[]>(columns: C, rows: readonly Record<C[number], string | number>[]): string =>
  stringify(
    rows.map((row) => columns.map((column) => row[column as C[number]])),
    { header: true, columns: [...columns], cast: { string: neutralised } },
  );
