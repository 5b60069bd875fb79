import type { StateMachineKind } from '#domain/lifecycle/phases';
import type { ProgramSettings, Span } from './settings.ts';

/** The settings the phases' waits are computed from. */
type Timing = Pick<ProgramSettings, 'answers' | 'meetings' | 'goals' | 'relationship' | 'extension' | 'followUp' | 'pause'>;

/**
 * Step Functions ends a Standard execution after one year. Every phase must end well before:
 * a program whose longest possible phase exceeds this is refused when it is loaded.
 */
export const PHASE_LIMIT_DAYS = 300;

/** An upper bound in days: a month counts as 31. */
const daysOf = (s: Span): number => (s.days ?? 0) + (s.weeks ?? 0) * 7 + (s.months ?? 0) * 31;

/**
 * The longest each phase can run under this program, in days: every wait at its latest and
 * every question left unanswered until its last timeout. Pure arithmetic over the settings the
 * handlers compute the waits from, so it is the bound the state machines actually obey.
 */
export const longestPhaseDays = (program: Timing): Record<StateMachineKind, number> => {
  const { windowDays, reminderWindowDays, escalationWindowDays } = program.answers;
  const asked = windowDays + reminderWindowDays;
  const escalated = asked + escalationWindowDays;
  const meetingDay = (program.meetings.durationMinutes / 60 + program.meetings.checkInHoursAfter) / 24;
  const rounds = program.goals.revisionRounds + 1;
  const longestInterval = Math.max(...program.meetings.cadence.map((step) => daysOf(step.every)), daysOf(program.extension.every));
  const block = Math.min(6, program.relationship.lengthMonths) * 31;
  return {
    Matching: escalated,
    Agreement: program.relationship.firstMeetingAfterDays + meetingDay + escalated + rounds * 2 * escalated + escalated,
    // The block's meetings and reviews, then the last check-in and a review at the very end.
    Meetings: Math.max(block, program.extension.months * 31) + 2 * asked,
    // From the last meeting to the anniversary, then the look back and the coordinator's decision.
    Closure: longestInterval + escalated + escalated,
    FollowUp: program.followUp.afterMonths * 31 + asked,
    Pause: program.pause.maxDays + 1,
    Conclusion: 1,
    // Minutes of work, as the conclusion's.
    CoordinatorAction: 1,
  };
};

const FIELDS: Record<StateMachineKind, string> = {
  Matching: 'answers',
  Agreement: 'goals.revisionRounds',
  Meetings: 'answers',
  Closure: 'answers',
  FollowUp: 'followUp.afterMonths',
  Pause: 'pause.maxDays',
  Conclusion: 'answers',
  CoordinatorAction: 'answers',
};

/** A problem per phase that could outlive the limit, naming the setting to shorten. */
export const phaseLimitProblems = (program: Timing): { path: string[]; message: string }[] =>
  Object.entries(longestPhaseDays(program))
    .filter(([, days]) => days > PHASE_LIMIT_DAYS)
    .map(([kind, days]) => ({
      path: FIELDS[kind as StateMachineKind].split('.'),
      message: `with these settings the ${kind} phase could last ${Math.ceil(days)} days, more than the ${PHASE_LIMIT_DAYS} a phase may take; shorten the answer windows or this setting`,
    }));
