import type { TFunction } from 'i18next';
import { MISSED_IN_A_ROW, type AtRisk } from '#domain/at-risk';
import type { DigestItem, RematchFacts } from '#domain/desk/digest';
import { COORDINATOR_ACTIONS, type CoordinatorAction } from '#domain/desk/coordinator-actions';
import type { GivenAnswer, Person, Role } from '#domain/model';
import { formatDay, formatDeadline, formatNumber } from '#presentation/messages/index';
import type { Letter } from './letters.ts';

/**
 * The coordinator's weekly digest as they read it, in their language and zone: what needs them,
 * relationship by relationship, each at-risk reason in the words the safety net's alert used,
 * with its private notes and what they might do; the links they can act on.
 */

/** Message keys per reason in the catalog, for the coordinator's digest and the pair's nudge alike. */
export const REASON_KEYS = { [MISSED_IN_A_ROW]: 'missed', 'low-rating': 'lowRating', silent: 'silent' } as const;

/** One relationship of the digest, with its people by name for the coordinator's eyes. */
export interface DigestEntry {
  relationshipId: string;
  mentees: string;
  mentor: string;
  items: DigestItem[];
  /** The pair's answer per meeting (rating, notes), for the at-risk reasons. */
  answers: Map<number, GivenAnswer>;
  /** A person of the relationship by id: name and role. */
  person: (personId: string) => { name: string; role: Role };
  /** The coordinator's own open link for a question kind (an extension to approve, a pause to end), if any. */
  ownLink: (kind: string, answer?: string) => string | undefined;
  /** The week's action links for this relationship: nudge the pair, pause, end without blame. */
  actions: Partial<Record<CoordinatorAction, string>>;
}

export interface DigestReader {
  t: TFunction;
  person: Pick<Person, 'name' | 'locale' | 'timeZone'>;
  program: string;
  weekStart: Date;
}

const reasonLines = (t: TFunction, reader: DigestReader, entry: DigestEntry, risk: AtRisk & { notedOn?: string }): string[] => {
  const key = REASON_KEYS[risk.reason];
  const { timeZone, locale } = reader.person;
  const day = (iso: string) => formatDay(iso, timeZone, locale);
  const pair = { mentee: entry.mentees, mentor: entry.mentor };
  const notesOf = (meetings: { meetingNo: number }[]) =>
    meetings.flatMap(({ meetingNo }) => {
      const note = entry.answers.get(meetingNo)?.details.note;
      return note ? [t('safetyNet.alert.note', { meetingNo, note })] : [];
    });
  let facts: Record<string, unknown>;
  let notes: string[] = [];
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
    facts = {
      meetingNo: meeting.meetingNo,
      day: day(meeting.startsAt),
      rating: risk.rating,
      by: t(`roles.${entry.answers.get(meeting.meetingNo)?.role ?? 'mentee'}`),
    };
    notes = notesOf(risk.meetings);
  } else {
    facts = { since: day(risk.since), days: risk.days };
  }
  return [
    [t(`safetyNet.alert.${key}`, { ...pair, ...facts }), ...(risk.notedOn ? [t('digest.since', { day: day(risk.notedOn) })] : [])].join(' '),
    ...(notes.length ? [t('safetyNet.alert.notes', { notes: notes.join(' ') })] : []),
    t(`safetyNet.alert.${key}Suggest`),
  ];
};

const itemLines = (t: TFunction, reader: DigestReader, entry: DigestEntry, item: DigestItem): { lines: string[]; action?: { label: string; url: string } } => {
  const { timeZone, locale } = reader.person;
  const day = (iso: string) => formatDay(iso, timeZone, locale);
  switch (item.item) {
    case 'at-risk':
      return { lines: item.risks.flatMap((risk) => reasonLines(t, reader, entry, risk)) };
    case 'recovered':
      return { lines: [t('digest.recovered', { reasons: item.reasons.map((r) => t(`digest.reason.${REASON_KEYS[r]}`)).join(', ') })] };
    case 'unanswered': {
      const question = t(`questions.${item.kind}`);
      const deadline = formatDeadline(item.closesAt, timeZone, locale);
      const own = entry.ownLink(item.kind);
      const others = item.waitingFor.map((id) => entry.person(id)).filter((p) => p.role !== 'coordinator');
      const lines = others.length
        ? [
            t('digest.unanswered', {
              question,
              names: new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(others.map((p) => `${p.name} (${t(`roles.${p.role}`)})`)),
              day: day(item.askedAt || item.closesAt),
              deadline,
            }),
          ]
        : [];
      if (own) return { lines: [...lines, t('digest.yourAnswer', { question, deadline })], action: { label: t('digest.answer'), url: own } };
      return { lines };
    }
    case 'pause-ends': {
      const resume = entry.ownLink('pause', 'resume');
      return { lines: [t('digest.pauseEnds', { day: day(item.at) })], ...(resume ? { action: { label: t('digest.resumeNow'), url: resume } } : {}) };
    }
    case 'review-due':
      return { lines: [t('digest.reviewDue', { months: item.review.replace('month-', ''), day: day(item.at) })] };
    case 'closure-due': {
      const approve = entry.ownLink('extension', 'approve');
      return { lines: [t('digest.closureDue', { day: day(item.at) })], ...(approve ? { action: { label: t('digest.approveExtension'), url: approve } } : {}) };
    }
    case 'undeliverable': {
      const person = entry.person(item.personId);
      return {
        lines: [
          t(`digest.${item.because === 'complaint' ? 'complained' : 'bounced'}`, {
            person: person.name,
            role: t(`roles.${person.role}`),
            day: day(item.since),
          }),
        ],
      };
    }
    case 'ended':
      return {
        lines: [
          t('digest.ended', {
            day: day(item.at),
            outcome: [
              t(`digest.outcome.${item.outcome.name}`),
              ...(item.outcome.pauses ? [t('digest.outcome.pausedTimes', { count: item.outcome.pauses })] : []),
              ...(item.outcome.extensions ? [t('digest.outcome.extendedTimes', { count: item.outcome.extensions })] : []),
              ...(item.outcome.followedUp ? [t('digest.outcome.followedUp')] : []),
            ].join(', '),
            held: item.meetingsHeld,
            reached: item.goalsReached,
            goals: item.goals,
          }),
          ...(item.satisfaction
            ? [t('celebration.satisfaction', { average: formatNumber(item.satisfaction.average, locale, 1), answers: item.satisfaction.answers })]
            : []),
          ...(item.wouldMentor.length
            ? [
                t('celebration.wouldMentor', {
                  names: new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(item.wouldMentor.map((id) => entry.person(id).name)),
                }),
              ]
            : []),
        ],
      };
  }
};

/** The digest: a heading per relationship, then each thing that needs the coordinator; new rematch requests last. */
export const digestLetter = (
  reader: DigestReader,
  entries: readonly DigestEntry[],
  rematches: {
    fresh: (RematchFacts & { mentee: string; mentor: string; notes: string[] })[];
    stillOpen: number;
    /** The best new mentor with room for a mentee waiting, and the link that approves it. */
    proposed: { mentee: string; mentor: string; reasons: string; url: string }[];
  },
): Pick<Letter, 'subject' | 'paragraphs' | 'also' | 'closing'> => {
  const { t, person } = reader;
  const day = (iso: string) => formatDay(iso, person.timeZone, person.locale);
  const paragraphs = [t('digest.intro', { program: reader.program, day: day(reader.weekStart.toISOString()) })];
  const also: NonNullable<Letter['also']> = [];
  for (const entry of entries.filter((e) => e.items.length)) {
    const rendered = entry.items.map((item) => itemLines(t, reader, entry, item));
    const heading = t('digest.relationship', { mentee: entry.mentees, mentor: entry.mentor, relationshipId: entry.relationshipId });
    const text = [heading, ...rendered.flatMap((r) => r.lines.map((line) => `• ${line}`))].join('\n');
    const actions = [
      ...rendered.flatMap((r) => (r.action ? [r.action] : [])),
      ...COORDINATOR_ACTIONS.flatMap((action) => (entry.actions[action] ? [{ label: t(`digest.action.${action}`), url: entry.actions[action] }] : [])),
    ];
    // The text goes with its buttons side by side.
    if (actions.length) also.push({ paragraph: text, action: actions[0]!, more: actions.slice(1) });
    else paragraphs.push(text);
  }
  if (rematches.fresh.length)
    paragraphs.push(
      [
        t('digest.rematches'),
        ...rematches.fresh.map((r) =>
          [
            `• ${t(`rematch.${r.reason}`, { mentee: r.mentee, mentor: r.mentor })} ${t('digest.rematchSince', { day: day(r.openedAt) })}`,
            ...(r.notes.length ? [t('rematch.notes', { notes: r.notes.map((n) => `“${n}”`).join(' ') })] : []),
            t('rematch.next', { mentee: r.mentee }),
          ].join(' '),
        ),
      ].join('\n'),
    );
  if (rematches.stillOpen) paragraphs.push(t('digest.rematchesOpen', { count: rematches.stillOpen }));
  rematches.proposed.forEach((p, i) =>
    also.push({
      paragraph: [...(i === 0 ? [t('digest.proposedRematches')] : []), `• ${t('digest.proposedRematch', p)}`].join('\n'),
      action: { label: t('digest.action.rematch'), url: p.url },
    }),
  );
  return {
    subject: t('digest.subject', { program: reader.program, day: day(reader.weekStart.toISOString()) }),
    paragraphs,
    also,
    closing: [t('digest.desk'), t('safetyNet.alert.privacy')],
  };
};
