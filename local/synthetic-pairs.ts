import { DateTime } from 'luxon';
import type { Program } from '#domain/program/config';
import type { PairRow } from '#cli/commands';
import { LOCALES } from '#domain/program/locales';

const GIVEN = ['Ayu', 'Bram', 'Chiara', 'Dorota', 'Eirik', 'Fenna', 'Gita', 'Henrik', 'Ilaria', 'Jakub', 'Kirana', 'Lotte', 'Matteo', 'Nora', 'Oskar', 'Putri'];
const FAMILY = [
  'Halim',
  'Visser',
  'Ricci',
  'Zielinska',
  'Berg',
  'Mulder',
  'Pratama',
  'Lund',
  'Greco',
  'Wojcik',
  'Kusuma',
  'Smit',
  'Conti',
  'Haugen',
  'Nowicki',
  'Lestari',
];

/**
 * Extra pairs for a larger demo cohort: made-up people at example.org, spread over the
 * program's competencies, its languages and its first week, as a real cohort starts.
 */
export const syntheticPairs = (program: Program, count: number, firstRow: number): PairRow[] =>
  Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const person = (role: string, offset: number) => {
      const name = `${GIVEN[(n + offset) % GIVEN.length]} ${FAMILY[(n * 7 + offset) % FAMILY.length]}`;
      return { name, email: `${role}-${n}@example.org`, locale: LOCALES[(n + offset) % LOCALES.length]!, timeZone: program.timeZone };
    };
    return {
      row: firstRow + i,
      mentee: person('mentee', 0),
      mentor: person('mentor', 5),
      manager: { name: `Manager ${(n % 4) + 1}`, email: `manager-${(n % 4) + 1}@example.org`, locale: program.locale, timeZone: program.timeZone },
      coordinator: { name: 'Program Coordinator', email: 'coordinator@example.org', locale: program.locale, timeZone: program.timeZone },
      competencies: [program.competencies[n % program.competencies.length]!.id],
      timeZone: program.timeZone,
      startDate: DateTime.fromISO(program.startDate)
        .plus({ days: n % 7 })
        .toISODate()!,
    };
  });
