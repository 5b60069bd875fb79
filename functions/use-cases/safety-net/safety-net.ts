import type { TFunction } from 'i18next';
import { addDays, relationshipStart } from '#domain/program/schedule';
import {
  coordinatorAlert,
  NO_ALERTS,
  newRisks,
  relationshipAtRisk,
  riskKey,
  type AlertLog,
  type AtRisk,
  type AtRiskReasonName,
  type MeetingFacts,
} from '#domain/at-risk';
import { clock } from '#platform/clock';
import type { Letter } from '#presentation/letters/letters';
import { logger } from '#platform/logger';
import { formatDay } from '#presentation/messages/index';
import type { GivenAnswer, Person } from '#domain/model';
import { coordinator as coordinatorOf, namesOf, writeTo, writeToMembers, type Partner } from '#use-cases/relationship/write-to';
import type { RelationshipContext } from '#use-cases/relationship/relationship-context';
import { listMail, listMeetings, listSavedAnswers, updateRelationship, type MailRecord } from '#adapters/store';
import { DateTime } from 'luxon';

/** Message keys per reason in the catalog. */
const KEYS = { 'two-missed-in-a-row': 'missed', 'low-rating': 'lowRating', silent: 'silent' } as const;

type PairAnswers = Map<number, GivenAnswer>;

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
  if (risk.reason === 'two-missed-in-a-row') {
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

/** Alerts sent before each day's alert was one: each named one reason, in its message key. */
const legacyAlerts = (mail: MailRecord[], zone: string): AlertLog['alerted'] => {
  const alerted: AlertLog['alerted'] = {};
  for (const m of mail.filter((m) => m.kind === 'at-risk-alert' && !m.messageKey.startsWith('at-risk-alert/day-'))) {
    const [, reason, trigger] = m.messageKey.split('/');
    const day = DateTime.fromISO(m.sentAt, { zone }).toISODate()!;
    alerted[day] = [...(alerted[day] ?? []), `${reason}/${trigger}`];
  }
  return alerted;
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
 * The pair hears from the safety net at most once in this many days: one gentle note helps, a
 * stream of them nags. The coordinator hears of every reason, in at most one alert a day.
 */
const NUDGE_GAP_DAYS = 28;

const pairNudgedSince = (mail: MailRecord[], since: Date): boolean =>
  mail.some((m) => m.kind === 'at-risk-nudge' && m.sentAt !== undefined && new Date(m.sentAt) > since);

/**
 * The safety net, run after each recorded check-in: judges the relationship by the program's
 * thresholds. The coordinator gets at most one alert a day about it (`coordinatorAlert`),
 * naming every reason not named before; a reason found after that day's alert went is kept
 * with the relationship and named in the next. The pair gets a nudge for a new reason, at most
 * once in 28 days. Message keys come from the day and the trigger, so re-evaluating sends
 * nothing twice. Returns the reasons' names only: it ends up in execution state.
 */
export const watchOver = async (context: RelationshipContext): Promise<AtRiskReasonName[]> => {
  const { relationshipId } = context.relationship;
  const [meetings, saved, mail] = await Promise.all([listMeetings(relationshipId), listSavedAnswers(relationshipId), listMail(relationshipId)]);
  const checkIns = saved.filter((a) => a.kind === 'check-in' && a.settledAt).sort((a, b) => Date.parse(a.settledAt!) - Date.parse(b.settledAt!));
  // The pair's answer per meeting: the one that settled its latest date.
  const answers: PairAnswers = new Map(
    checkIns.flatMap((a) => (a.subject.meetingNo && Object.values(a.answers)[0] ? [[a.subject.meetingNo, Object.values(a.answers)[0]!]] : [])),
  );

  const now = clock().now();
  const risks = relationshipAtRisk(
    { meetings, lastAnsweredAt: checkIns.at(-1)?.settledAt, startedAt: relationshipStart(context.calendar).toISOString() },
    now,
    context.program.safetyNet,
  );
  const zone = context.coordinator.timeZone;
  const stored = context.relationship.safetyNetAlerts ?? NO_ALERTS;
  const before: AlertLog = { alerted: { ...legacyAlerts(mail, zone), ...stored.alerted }, folded: stored.folded };
  const today = DateTime.fromJSDate(now, { zone }).toISODate()!;
  const { send, log } = coordinatorAlert(risks, before, today);
  const fresh = newRisks(risks, before);

  // The letters first, then the log: a retry finds them sent and only writes the log.
  if (send)
    await writeTo(
      context,
      coordinatorOf(context),
      'at-risk-alert',
      () => `day-${today}`,
      ({ t, person }) => alert(t, person, context, send, answers),
    );
  const first = fresh[0];
  if (first && !pairNudgedSince(mail, addDays(now, -NUDGE_GAP_DAYS)))
    await writeToMembers(
      context,
      'at-risk-nudge',
      () => riskKey(first),
      ({ t, partner }) => nudge(t, partner, first),
    );
  if (log !== before) await updateRelationship(relationshipId, { safetyNetAlerts: log });
  if (risks.length)
    logger.info('relationship at risk', { reasons: risks.map((r) => r.reason), alerted: send?.map(riskKey) ?? [], folded: send ? [] : fresh.map(riskKey) });
  return risks.map((r) => r.reason);
};
