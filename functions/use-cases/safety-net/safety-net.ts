import type { TFunction } from 'i18next';
import { relationshipStart } from '#domain/program/schedule';
import { MISSED_IN_A_ROW, riskKey, type AtRisk, type AtRiskReasonName, type MeetingFacts } from '#domain/at-risk';
import { safetyNetLook, type PairAnswers } from '#domain/safety-net';
import { clock } from '#platform/clock';
import type { Letter } from '#presentation/letters/letters';
import { logger } from '#platform/logger';
import { formatDay } from '#presentation/messages/index';
import type { Person } from '#domain/model';
import { coordinator as coordinatorOf, namesOf, writeTo, writeToMembers, type Partner } from '#use-cases/relationship/write-to';
import type { RelationshipContext } from '#use-cases/relationship/relationship-context';
import type { RecordedQuestion } from '#use-cases/relationship/question-kind';
import type { Recorded } from '#domain/task-payloads';
import { readHistory, saveSafetyNetAlerts } from '#adapters/store';
import { publish } from '#adapters/events/port';
import { atRiskAlerted } from '#domain/events/events';

/** Message keys per reason in the catalog. */
const KEYS = { [MISSED_IN_A_ROW]: 'missed', 'low-rating': 'lowRating', silent: 'silent' } as const;

/** One reason as the coordinator reads it: what happened, their private notes, what they might do, what the pair was told. */
const reasonText = (t: TFunction, coordinator: Person, risk: AtRisk, pair: { mentee: string; mentor: string }, answers: PairAnswers) => {
  const key = KEYS[risk.reason];
  const day = (iso: string) => formatDay(iso, coordinator.timeZone, coordinator.locale);
  const notesOf = (meetings: MeetingFacts[]) =>
    meetings.flatMap(({ meetingNo }) => {
      const note = answers.get(meetingNo)?.details.note;
      return note ? [t('safetyNet.alert.note', { meetingNo, note })] : [];
    });

  let facts: Record<string, unknown>;
  let notes: string[];
  if (risk.reason === MISSED_IN_A_ROW) {
    const meetings = risk.meetings
      .map(({ meetingNo, startsAt, status }) =>
        t('safetyNet.alert.meeting', {
          meetingNo,
          day: day(startsAt),
          status: t(status === 'not-held' ? 'safetyNet.alert.notHeld' : 'safetyNet.alert.unanswered'),
        }),
      )
      .join('; ');
    facts = { count: risk.meetings.length, meetings };
    notes = notesOf(risk.meetings);
  } else if (risk.reason === 'low-rating') {
    const [meeting] = risk.meetings;
    const by = answers.get(meeting.meetingNo)?.role ?? 'mentee';
    facts = { meetingNo: meeting.meetingNo, day: day(meeting.startsAt), rating: risk.rating, by: t(`roles.${by}`) };
    notes = notesOf(risk.meetings);
  } else {
    facts = { since: day(risk.since), days: risk.days };
    notes = [];
  }
  return {
    subject: t(`safetyNet.alert.${key}Subject`, { ...pair, ...facts }),
    paragraphs: [
      t(`safetyNet.alert.${key}`, { ...pair, ...facts }),
      ...(notes.length ? [t('safetyNet.alert.notes', { notes: notes.join(' ') })] : []),
      t(`safetyNet.alert.${key}Suggest`),
      t(`safetyNet.alert.${key}Pair`),
    ],
  };
};

/** What the coordinator reads: which pair, which meetings, what happened, what they might do; several reasons in one alert. */
const alert = (
  t: TFunction,
  coordinator: Person,
  context: RelationshipContext,
  risks: AtRisk[],
  answers: PairAnswers,
): Pick<Letter, 'subject' | 'paragraphs'> => {
  const pair = { mentee: namesOf(context.mentees, coordinator.locale), mentor: context.mentor.name };
  const reasons = risks.map((risk) => reasonText(t, coordinator, risk, pair, answers));
  if (reasons.length === 1) return { subject: reasons[0]!.subject, paragraphs: [...reasons[0]!.paragraphs, t('safetyNet.alert.privacy')] };
  return {
    subject: t('safetyNet.alert.severalSubject', { ...pair, count: reasons.length }),
    paragraphs: [t('safetyNet.alert.several', { ...pair, count: reasons.length }), ...reasons.flatMap((r) => r.paragraphs), t('safetyNet.alert.privacy')],
  };
};

/** What the pair reads: a gentle, blame-free nudge that never says what the coordinator was told. */
const nudge = (t: TFunction, partner: Partner, risk: AtRisk): Pick<Letter, 'subject' | 'paragraphs'> => {
  const key = KEYS[risk.reason];
  return {
    subject: t(`safetyNet.nudge.${key}Subject`, { partner: partner.name }),
    paragraphs: [t(`safetyNet.nudge.${key}`, { partner: partner.name }), t(`safetyNet.nudge.${key}Tip`, { partner: partner.name })],
  };
};

/**
 * The safety net, run after each recorded check-in: judges the relationship by the program's
 * thresholds. The coordinator gets at most one alert a day about it (`coordinatorAlert`),
 * naming every reason not named before; a reason found after that day's alert went is kept
 * with the relationship and named in the next. The pair gets a nudge for a new reason, at most
 * once in 28 days. Message keys come from the day and the trigger, so re-evaluating sends
 * nothing twice. Returns the reasons' names only: it ends up in execution state.
 */
const watchOver = async (context: RelationshipContext): Promise<AtRiskReasonName[]> => {
  const { relationshipId } = context.relationship;
  const { meetings, saved, mail } = await readHistory(relationshipId);
  const look = safetyNetLook(
    {
      meetings,
      saved,
      mail,
      stored: context.relationship.safetyNetAlerts,
      startedAt: relationshipStart(context.calendar).toISOString(),
      zone: context.coordinator.timeZone,
      thresholds: context.program.safetyNet,
    },
    clock().now(),
  );
  const { risks, send, nudge: risk } = look;

  // The letters first, then the log: a retry finds them sent and only writes the log.
  if (send)
    await writeTo(
      context,
      coordinatorOf(context),
      'at-risk-alert',
      () => `day-${look.today}`,
      ({ t, person }) => alert(t, person, context, send, look.answers),
    );
  if (risk)
    await writeToMembers(
      context,
      'at-risk-nudge',
      () => riskKey(risk),
      ({ t, partner }) => nudge(t, partner, risk),
    );
  if (send) await publish(atRiskAlerted(context.relationship, send, look.today, clock().now()));
  if (look.logChanged) await saveSafetyNetAlerts(relationshipId, look.log);
  if (risks.length)
    logger.info('relationship at risk', {
      reasons: risks.map((r) => r.reason),
      alerted: send?.map(riskKey) ?? [],
      folded: send ? [] : look.fresh.map(riskKey),
    });
  return risks.map((r) => r.reason);
};

/**
 * After each check-in, recorded with its answers or closed unanswered, the safety net looks at
 * the relationship as the record read it; the execution gets the reasons' names (`atRisk`)
 * beside the check-in's outcome, never who said what. Any other question passes as recorded.
 */
export const watchOverAfterCheckIn = async ({ kind, context, recorded }: RecordedQuestion): Promise<Recorded> =>
  kind === 'check-in' ? { ...recorded, atRisk: await watchOver(context) } : recorded;
