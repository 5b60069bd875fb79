import { parse } from 'csv-parse/sync';
import { preview } from '#domain/plain-text';

/** A row of the longest cells a file of people allows is some 10 KB; a longer one is not a row of such a file. */
const ROW_MAX_BYTES = 1_048_576;

/** A CSV file as rows: its headings in lower case, and each record with the line it starts on, as the coordinator sees it in an editor. */
export interface CsvRecords {
  header: string[];
  records: { line: number; record: Record<string, string> }[];
}

/**
 * Reads a spreadsheet's CSV export (the enrolment file, the people file): a byte-order mark and
 * the empty rows spreadsheets write as a line of commas are skipped, cells trimmed. Throws a
 * `SyntaxError` that says, in one line, why the text is not CSV.
 */
export const csvRecords = (text: string): CsvRecords => {
  let header: string[] = [];
  try {
    const parsed = parse<{ info: { lines: number }; record: Record<string, string> }>(text, {
      columns: (names: string[]) => (header = names.map((h) => h.trim().toLowerCase())),
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
      bom: true,
      info: true,
      max_record_size: ROW_MAX_BYTES,
    });
    return { header, records: parsed.map(({ info, record }) => ({ line: info.lines, record })) };
  } catch (error) {
    throw new SyntaxError(`is not valid CSV: ${preview((error as Error).message, 300)}`, { cause: error });
  }
};
