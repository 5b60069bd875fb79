import { FREQUENCIES, type Frequency } from './agreement.ts';
import type { WorkingAgreement } from './model.ts';
import type { Program, Span } from './program/config.ts';

/**
 * How often a pair meets once the close start is over: the rhythm their working agreement
 * chose, within what the program allows. The program's first cadence step stays; after it the
 * pair's frequency replaces the program's later steps until the year's end. Extensions keep
 * their own rhythm, and reviews, pauses and closure their dates: only the spacing changes.
 */

export type Cadence = Program['meetings']['cadence'];

/** The interval each frequency the working agreement offers spaces meetings by. */
const INTERVALS: Record<Frequency, Span> = { weekly: { weeks: 1 }, 'every-two-weeks': { weeks: 2 }, monthly: { months: 1 } };

/** A span's rough length, only to tell which of two rhythms meets more often. */
const daysOf = ({ days = 0, weeks = 0, months = 0 }: Span): number => days + weeks * 7 + months * 30;

/** The program's most and least frequent steps' intervals: the range a pair's rhythm stays within. */
const rangeOf = (cadence: Cadence): { mostOften: Span; leastOften: Span } => {
  const byLength = cadence.map((step) => step.every).sort((a, b) => daysOf(a) - daysOf(b));
  return { mostOften: byLength[0]!, leastOften: byLength.at(-1)! };
};

/**
 * The interval a frequency gives, clamped into the program's range: a pair asking to meet more
 * often than any step meets at the most frequent step's interval (up to it), one asking for
 * less at the least frequent step's (down to it). The program's bounds are its own promise of
 * the coordinator's and mentors' time, so a pair's wish moves within them and never past.
 */
export const agreedInterval = (cadence: Cadence, frequency: Frequency): Span => {
  const { mostOften, leastOften } = rangeOf(cadence);
  const wanted = INTERVALS[frequency];
  if (daysOf(wanted) < daysOf(mostOften)) return mostOften;
  if (daysOf(wanted) > daysOf(leastOften)) return leastOften;
  return wanted;
};

/**
 * The frequencies a pair may choose from: those the clamp leaves as they are. None when there is
 * no choice to make: a single step has nothing after the close start, and one frequency alone
 * is no choice.
 */
export const frequenciesToChoose = (cadence: Cadence): Frequency[] => {
  const allowed = FREQUENCIES.filter((frequency) => daysOf(agreedInterval(cadence, frequency)) === daysOf(INTERVALS[frequency]));
  return cadence.length > 1 && allowed.length > 1 ? allowed : [];
};

/**
 * The pair's cadence: the program's first step (the close start) as it is, then their agreed
 * frequency, clamped, until the program's last step ends. Without a frequency, or with a
 * single step (nothing after the close start to choose), the program's cadence unchanged.
 */
export const pairCadence = (cadence: Cadence, frequency: Frequency | undefined): Cadence => {
  if (!frequency || cadence.length < 2) return cadence;
  const [closeStart, ...later] = cadence;
  return [closeStart!, { every: agreedInterval(cadence, frequency), until: later.at(-1)!.until }];
};

/** The rhythm a relationship's calendar follows from meeting `fromMeetingNo` on; earlier meetings keep the program's. */
export interface PairRhythm {
  cadence: Cadence;
  fromMeetingNo: number;
}

/**
 * The pair's rhythm, once their working agreement named a frequency and when it applies: from
 * the first meeting planned after it was recorded. An agreement recorded before the rhythm was
 * kept (no `fromMeetingNo`) had its meetings planned on the program's cadence, and keeps it.
 */
export const pairRhythm = (
  program: Pick<Program, 'meetings'>,
  agreement: Pick<WorkingAgreement, 'frequency' | 'fromMeetingNo'> | undefined,
): PairRhythm | undefined => {
  if (!agreement?.frequency || agreement.fromMeetingNo === undefined) return undefined;
  const cadence = pairCadence(program.meetings.cadence, agreement.frequency);
  return cadence === program.meetings.cadence ? undefined : { cadence, fromMeetingNo: agreement.fromMeetingNo };
};
