import type { TFunction } from 'i18next';
import { addDays, relationshipStart } from '#domain/program/schedule';
import { relationshipAtRisk, type AtRisk, type AtRiskReasonName, type MeetingFacts } from '#domain/at-risk';
import { clock } from '#platform/clock';
import type { Letter } from '#adapters/mail/letters';
import { logger } from '#platform/logger';
import { formatDay } from '#adapters/messages/index';
import type { GivenAnswer, Person } from '#domain/model';
import { coordinator as coordinatorOf, namesOf, writeTo, writeToMembers, type Partner } from '#use-cases/write-to';
import type { RelationshipContext } from '#use-cases/relationship-context';
import { listMail, listMeetings, listSavedAnswers } from '#adapters/store';

/** Message keys per reason in the catalog. */
const KEYS = { 'two-missed-in-a-row': 'missed', 'low-rating': 'lowRating', silent: 'silent' } as const;

type PairAnswers = Map<number, GivenAnswer>;

/** What the coordinator reads: which pair, which meetings, what happened, what they might do. */
const alert = (t: TFunction, coordinator: Person, context: RelationshipContext, risk: AtRisk, answers: PairAnswers): Pick<Letter, 'subject' | 'paragraphs'> => {
  const key = KEYS[risk.reason];
  const day = (iso: string) => formatDay(iso, coordinator.timeZone, coordinator.locale);
  const pair = { mentee: namesOf(context.mentees, coordinator.locale), mentor: context.mentor.name };
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
      t('safetyNet.alert.privacy'),
    ],
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
 * The pair hears from the safety net at most once in this many days: one gentle note helps, a
 * stream of them nags. The coordinator is alerted every time.
 */
const NUDGE_GAP_DAYS = 28;

const pairNudgedSince = async (relationshipId: string, since: Date): Promise<boolean> =>
  (await listMail(relationshipId)).some((m) => m.kind === 'at-risk-nudge' && m.sentAt !== undefined && new Date(m.sentAt) > since);

/**
 * The safety net, run after each recorded check-in: judges the relationship by the program's
 * thresholds and, for each reason with a trigger not alerted before, alerts the coordinator
 * and nudges the pair. Message keys come from reason and trigger, so re-evaluating sends
 * nothing twice. Returns the reasons' names only: it ends up in execution state.
 */
export const watchOver = async (context: RelationshipContext): Promise<AtRiskReasonName[]> => {
  const { relationshipId } = context.relationship;
  const [meetings, saved] = await Promise.all([listMeetings(relationshipId), listSavedAnswers(relationshipId)]);
  const checkIns = saved.filter((a) => a.kind === 'check-in' && a.settledAt).sort((a, b) => Date.parse(a.settledAt!) - Date.parse(b.settledAt!));
  // The pair's answer per meeting: the one that settled its latest date.
  const answers: PairAnswers = new Map(
    checkIns.flatMap((a) => (a.subject.meetingNo && Object.values(a.answers)[0] ? [[a.subject.meetingNo, Object.values(a.answers)[0]!]] : [])),
  );

  const risks = relationshipAtRisk(
    { meetings, lastAnsweredAt: checkIns.at(-1)?.settledAt, startedAt: relationshipStart(context.calendar).toISOString() },
    clock().now(),
    context.program.safetyNet,
  );
  let nudged = await pairNudgedSince(relationshipId, addDays(clock().now(), -NUDGE_GAP_DAYS));
  for (const risk of risks) {
    const key = () => `${risk.reason}/${risk.trigger}`;
    await writeTo(context, coordinatorOf(context), 'at-risk-alert', key, ({ t, person }) => alert(t, person, context, risk, answers));
    if (!nudged) nudged = (await writeToMembers(context, 'at-risk-nudge', key, ({ t, partner }) => nudge(t, partner, risk))) > 0;
  }
  if (risks.length) logger.info('relationship at risk', { reasons: risks.map((r) => r.reason) });
  return risks.map((r) => r.reason);
};
