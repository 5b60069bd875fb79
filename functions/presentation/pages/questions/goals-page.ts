import type { TFunction } from 'i18next';
import { escapeHtml } from '#presentation/letters/letters';
import type { Goal, Question } from '#domain/model';
import { levelOf, scaleOptions, select, textInput, textOf } from '#presentation/pages/form';
import type { Parsed, QuestionPage } from '#presentation/pages/question-page';
import { whenAllAnswered } from '#domain/question-answers';

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

/** Page data is our own JSON; a page with none shows none. */
export const fromJson = <T>(raw: string | undefined, fallback: T): T => {
  try {
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
};

/** The goals on an answer page, escaped: what `goalsText` gives a letter. */
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
export interface PreviousGoals {
  menteeId: string;
  goals: ProposedGoal[];
}

const row = (form: URLSearchParams, n: number) => ({
  competency: (form.get(`competency${n}`) ?? '').trim(),
  description: textOf(form, `description${n}`, { oneLine: true }),
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

/** The goals as the answer page shows them: apart from their letter and record, so the page carries no mail code. */
export const goalsPage: QuestionPage = {
  name: 'goals',

  page: (t, question, reader, draft) => {
    const max = Number(question.page.max);
    const competencies = fromJson<{ id: string; name: string }[]>(question.page.competencies, []).map(({ id, name }) => ({ value: id, label: name }));
    const scale = scaleOptions(Number(question.page.scaleMin), Number(question.page.scaleMax));
    const rows = rowsFor(question, reader.personId, draft, max).map(
      (r, i) =>
        `<fieldset class="goal"><legend>${escapeHtml(t('goals.goalNo', { n: i + 1 }))}</legend>${[
          select(`competency${i + 1}`, t('goals.competency'), competencies, r.competency, t('goals.chooseCompetency')),
          textInput(`description${i + 1}`, t('goals.description'), r.description, DESCRIPTION_MAX_LENGTH),
          select(`baseline${i + 1}`, t('goals.baseline'), scale, r.baseline, t('goals.chooseLevel')),
          select(`target${i + 1}`, t('goals.target'), scale, r.target, t('goals.chooseLevel')),
        ].join(' ')}</fieldset>`,
    );
    const changes = question.page.changes ? [`<p class="note">${escapeHtml(t('goals.changesNote', { note: question.page.changes }))}</p>`] : [];
    return {
      title: t(Number(question.page.round) > 1 ? 'goals.revisionPageTitle' : 'goals.pageTitle'),
      intro: t('goals.pageIntro', { count: max, min: question.page.scaleMin, max: question.page.scaleMax }),
      fields: [...changes, ...rows].join('\n'),
      next: t('goals.next'),
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
  thanks: (t, answer) => [t('goals.thanks', { count: proposedGoals(answer.details).length })],
};
