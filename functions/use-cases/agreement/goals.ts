import type { TFunction } from 'i18next';
import { escapeHtml } from '#adapters/mail/letters';
import { formatDeadline } from '#adapters/messages/index';
import type { Goal, Question } from '#domain/model';
import type { RelationshipContext } from '#use-cases/relationship-context';
import { listGoals, listSavedAnswers, replaceGoals } from '#adapters/store';
import { levelOf, scaleOptions, select, textInput, textOf } from '#adapters/pages/form';
import { whenAllAnswered, type Parsed, type QuestionKind } from '#use-cases/answering/kind';

/** A goal's description is one sentence, not a plan. */
export const DESCRIPTION_MAX_LENGTH = 200;

/** A goal as a mentee proposes it: what an answer's details hold, as JSON. */
export type ProposedGoal = Pick<Goal, 'competency' | 'description' | 'baseline' | 'target'>;

/** A goal as others read it: the competency by its name. */
export interface GoalSummary {
  goalNo: number;
  competencyName: string;
  description: string;
  baseline: number;
  target: number;
}

export interface MenteeGoals {
  menteeId: string;
  menteeName: string;
  goals: GoalSummary[];
}

/** Each active mentee's current goals, for the confirmation, endorsement and rating pages. */
export const goalsByMentee = async (context: RelationshipContext): Promise<MenteeGoals[]> => {
  const goals = await listGoals(context.relationship.relationshipId);
  const competencyName = (id: string) => context.program.competencies.find((c) => c.id === id)?.name ?? id;
  return context.mentees.map((mentee) => ({
    menteeId: mentee.personId,
    menteeName: mentee.name,
    goals: goals
      .filter((g) => g.menteeId === mentee.personId)
      .map(({ goalNo, competency, description, baseline, target }) => ({ goalNo, competencyName: competencyName(competency), description, baseline, target })),
  }));
};

/** Page data is our own JSON; a page with none shows none. */
export const fromJson = <T>(raw: string | undefined, fallback: T): T => {
  try {
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
};

/** "1. Delegation: hand over the weekly report (from 2 to 4)" */
export const goalLine = (t: TFunction, goal: GoalSummary, index: number) =>
  t('goals.line', { n: index + 1, competency: goal.competencyName, description: goal.description, baseline: goal.baseline, target: goal.target });

/** One mentee's goals as lines of a letter, under their name when there are several mentees. */
export const goalsText = (t: TFunction, people: Pick<MenteeGoals, 'menteeName' | 'goals'>[]): string[] =>
  people.map((mentee) => {
    const lines = mentee.goals.length ? mentee.goals.map((g, i) => goalLine(t, g, i)) : [t('goals.none')];
    return (people.length > 1 ? [mentee.menteeName, ...lines] : lines).join('\n');
  });

/** The same goals on an answer page, escaped. */
export const goalsHtml = (t: TFunction, people: Pick<MenteeGoals, 'menteeName' | 'goals'>[]): string =>
  people
    .map(
      (mentee) =>
        `<h2>${escapeHtml(t('goals.of', { mentee: mentee.menteeName }))}</h2>` +
        (mentee.goals.length
          ? `<ol>${mentee.goals.map((g) => `<li>${escapeHtml(t('goals.item', { competency: g.competencyName, description: g.description, baseline: g.baseline, target: g.target }))}</li>`).join('')}</ol>`
          : `<p class="note">${escapeHtml(t('goals.none'))}</p>`),
    )
    .join('\n');

const listOf = (items: string[], locale: string) => new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);

/** The goals a mentee proposed, from their answer's details. */
export const proposedGoals = (details: Record<string, unknown>): ProposedGoal[] =>
  fromJson<ProposedGoal[]>(typeof details.goals === 'string' ? details.goals : undefined, []);

/** A mentee's goals from an earlier round, to start the page from. */
interface PreviousGoals {
  menteeId: string;
  goals: ProposedGoal[];
}

const row = (form: URLSearchParams, n: number) => ({
  competency: (form.get(`competency${n}`) ?? '').trim(),
  description: textOf(form, `description${n}`),
  baseline: (form.get(`baseline${n}`) ?? '').trim(),
  target: (form.get(`target${n}`) ?? '').trim(),
});

/** The rows to show: what was just sent back with an error, else the reader's goals from the round before. */
const rowsFor = (question: Question, personId: string, draft: URLSearchParams, max: number) => {
  if (draft.has('competency1')) return Array.from({ length: max }, (_, i) => row(draft, i + 1));
  const mine = fromJson<PreviousGoals[]>(question.page.previous, []).find((p) => p.menteeId === personId)?.goals ?? [];
  return Array.from({ length: max }, (_, i) => {
    const goal = mine[i];
    return goal
      ? { competency: goal.competency, description: goal.description, baseline: String(goal.baseline), target: String(goal.target) }
      : { competency: '', description: '', baseline: '', target: '' };
  });
};

/**
 * After the first meeting, each mentee proposes 1 to `max` goals, each tied to one of the
 * program's competencies, with where they are today (baseline) and where they aim to be
 * (target) on the program's scale. A later round comes back with the mentor's note asking
 * for changes, and starts from the goals as they stand.
 */
export const goals: QuestionKind<{ round: number }> = {
  name: 'goals',
  questionId: (relationshipId, { round }) => `${relationshipId}.goals.${round}`,

  prepare: async (context, { round }) => {
    const { relationship, program } = context;
    // The relationship's own competencies first: those are what the match was made for.
    const own = program.competencies.filter((c) => relationship.competencies.includes(c.id));
    const others = program.competencies.filter((c) => !relationship.competencies.includes(c.id));
    const page: Record<string, string> = {
      competencies: JSON.stringify([...own, ...others].map(({ id, name }) => ({ id, name }))),
      scaleMin: String(program.goals.scale.min),
      scaleMax: String(program.goals.scale.max),
      max: String(program.goals.max),
      round: String(round),
    };
    if (round > 1) {
      const current = await listGoals(relationship.relationshipId);
      const previous: PreviousGoals[] = context.mentees.map((mentee) => ({
        menteeId: mentee.personId,
        goals: current
          .filter((g) => g.menteeId === mentee.personId)
          .map(({ competency, description, baseline, target }) => ({ competency, description, baseline, target })),
      }));
      page.previous = JSON.stringify(previous);
      const asked = (await listSavedAnswers(relationship.relationshipId)).find(
        (saved) => saved.kind === 'goal-confirmation' && saved.subject.round === round - 1,
      );
      const note = Object.values(asked?.answers ?? {}).find((a) => a.role === 'mentor' && typeof a.details.note === 'string')?.details.note;
      if (typeof note === 'string' && note) page.changes = note;
    }
    return page;
  },

  asked: (context) => context.mentees.map((mentee) => ({ person: mentee, role: 'mentee' as const, partner: context.mentor })),

  letter: (t, { person, partner }, question, attempt, link) => {
    const revision = Number(question.page.round) > 1;
    const key = (first: string, reminder: string) => `goals.${attempt === 'first' ? first : reminder}`;
    const changes = question.page.changes;
    return {
      subject: t(revision ? key('revisionSubject', 'revisionReminderSubject') : key('subject', 'reminderSubject'), { partner: partner.name }),
      paragraphs: [
        t(revision ? key('revisionBody', 'revisionReminderBody') : key('body', 'reminderBody'), { partner: partner.name, count: Number(question.page.max) }),
        ...(revision && changes ? [t('goals.changesQuoted', { partner: partner.name, note: changes })] : []),
        t('goals.how', { min: question.page.scaleMin, max: question.page.scaleMax }),
        t('goals.deadline', { deadline: formatDeadline(question.closesAt, person.timeZone, person.locale) }),
      ],
      actions: [{ label: t(revision ? 'goals.revisionAction' : 'goals.action'), url: link() }],
    };
  },

  page: (t, question, reader, draft) => {
    const max = Number(question.page.max);
    const competencies = fromJson<{ id: string; name: string }[]>(question.page.competencies, []).map(({ id, name }) => ({ value: id, label: name }));
    const scale = scaleOptions(Number(question.page.scaleMin), Number(question.page.scaleMax));
    const rows = rowsFor(question, reader.personId, draft, max).map(
      (r, i) =>
        `<fieldset class="goal"><legend>${escapeHtml(t('goals.goalNo', { n: i + 1 }))}</legend>${[
          select(`competency${i + 1}`, t('goals.competency'), competencies, r.competency, t('goals.chooseCompetency')),
          textInput(`description${i + 1}`, t('goals.description'), r.description, DESCRIPTION_MAX_LENGTH),
          select(`baseline${i + 1}`, t('goals.baseline'), scale, r.baseline, ''),
          select(`target${i + 1}`, t('goals.target'), scale, r.target, ''),
        ].join(' ')}</fieldset>`,
    );
    const changes = question.page.changes ? [`<p class="note">${escapeHtml(t('goals.changesNote', { note: question.page.changes }))}</p>`] : [];
    return {
      title: t(Number(question.page.round) > 1 ? 'goals.revisionPageTitle' : 'goals.pageTitle'),
      intro: t('goals.pageIntro', { count: max, min: question.page.scaleMin, max: question.page.scaleMax }),
      fields: [...changes, ...rows].join('\n'),
      privacy: t('goals.privacy'),
    };
  },

  parse: (form, question, { locale }, t): Parsed => {
    const [min, max] = [Number(question.page.scaleMin), Number(question.page.scaleMax)];
    const known = new Set(fromJson<{ id: string }[]>(question.page.competencies, []).map((c) => c.id));
    const proposed: ProposedGoal[] = [];
    for (let n = 1; n <= Number(question.page.max); n++) {
      const r = row(form, n);
      // A row left empty is a goal not wanted: only a row begun must be finished.
      if (!r.competency && !r.description && !r.baseline && !r.target) continue;
      const missing = [
        ...(r.competency ? [] : [t('goals.needCompetency')]),
        ...(r.description ? [] : [t('goals.needDescription')]),
        ...(r.baseline ? [] : [t('goals.needBaseline')]),
        ...(r.target ? [] : [t('goals.needTarget')]),
      ];
      if (missing.length) return { ok: false, reason: t('goals.rowMissing', { n, missing: listOf(missing, locale) }) };
      if (!known.has(r.competency)) return { ok: false, reason: t('goals.unknownCompetency', { n }) };
      if (r.description.length > DESCRIPTION_MAX_LENGTH) return { ok: false, reason: t('goals.descriptionTooLong', { n, max: DESCRIPTION_MAX_LENGTH }) };
      const baseline = levelOf(form, `baseline${n}`, min, max);
      const target = levelOf(form, `target${n}`, min, max);
      if (baseline === undefined || target === undefined) return { ok: false, reason: t('goals.offScale', { n, min, max }) };
      if (target <= baseline) return { ok: false, reason: t('goals.targetNotAbove', { n }) };
      proposed.push({ competency: r.competency, description: r.description, baseline, target });
    }
    if (proposed.length === 0) return { ok: false, reason: t('goals.needOne') };
    return { ok: true, outcome: 'proposed', details: { goals: JSON.stringify(proposed) } };
  },

  settle: (question) => whenAllAnswered(question, () => 'proposed'),
  thanks: (t, answer) => t('goals.thanks', { count: proposedGoals(answer.details).length }),

  /** Each mentee who answered gets their goals replaced by the ones just proposed; the others' stand. */
  record: async (context, question, { round }) => {
    const { relationshipId } = context.relationship;
    let proposed = 0;
    for (const mentee of context.mentees) {
      const answer = question.answers[mentee.personId];
      const given = answer ? proposedGoals(answer.details) : [];
      if (given.length === 0) continue;
      await replaceGoals(
        relationshipId,
        mentee.personId,
        given.map((g, i) => ({
          relationshipId,
          menteeId: mentee.personId,
          goalNo: i + 1,
          competency: g.competency,
          description: g.description,
          baseline: g.baseline,
          target: g.target,
          ratings: {},
        })),
      );
      proposed += 1;
    }
    return { proposed, round };
  },
};
