import type { TFunction } from 'i18next';
import { escapeHtml } from '#presentation/letters/letters';
import type { Question } from '#domain/model';
import { chosenOr, levelOf, radioRow, scaleOptions } from '#presentation/pages/form';
import type { PageReader } from '#presentation/pages/question-page';

/**
 * Rating goals between their baseline and target: what the reviews and the closing look back
 * share. The page of a mentee shows their own goals; the mentor's shows every mentee's.
 */
export interface GoalsToRate {
  menteeId: string;
  menteeName: string;
  goals: {
    goalNo: number;
    competency: string;
    description: string;
    baseline: number;
    target: number;
    /** The level each of them gave at the latest review before this one, if any. */
    last?: { mentee?: number; mentor?: number };
  }[];
}

const goalsOf = (question: Question, reader: PageReader): GoalsToRate[] => {
  const all = JSON.parse(question.page.goals ?? '[]') as GoalsToRate[];
  return reader.role === 'mentor' ? all : all.filter((m) => m.menteeId === reader.personId);
};

const field = (menteeId: string, goalNo: number) => `goal-${menteeId}-${goalNo}`;

/** The reader's level for a goal at the last review, if they gave one. */
const lastLevel = (goal: GoalsToRate['goals'][number], reader: PageReader) =>
  reader.role === 'mentee' || reader.role === 'mentor' ? goal.last?.[reader.role] : undefined;

/**
 * One row of levels per goal, each starting at the reader's last level (or the baseline), so
 * "nothing changed" is one press; without goals, one overall rating of how the mentoring
 * helps, which may be left out.
 */
export const ratingFields = (t: TFunction, question: Question, reader: PageReader, draft: URLSearchParams, legend: string): string => {
  const scale = scaleOptions(Number(question.page.scaleMin), Number(question.page.scaleMax));
  const people = goalsOf(question, reader);
  if (people.every((m) => m.goals.length === 0))
    return radioRow(
      'overall',
      t('progress.overall'),
      [...scaleOptions(1, 5), { value: '', label: t('progress.noAnswer') }],
      chosenOr(draft, 'overall', ''),
      t('progress.overallScale'),
    );
  return people
    .map(
      (mentee) =>
        `<h2>${escapeHtml(reader.role === 'mentor' ? t('progress.goalsOf', { mentee: mentee.menteeName }) : legend)}</h2>` +
        mentee.goals
          .map((g) =>
            radioRow(
              field(mentee.menteeId, g.goalNo),
              `${g.competency}: ${g.description}`,
              scale,
              // Where the row starts: the reader's last level, else where the goal started.
              chosenOr(draft, field(mentee.menteeId, g.goalNo), String(lastLevel(g, reader) ?? g.baseline)),
              t(lastLevel(g, reader) === undefined ? 'progress.baselineTarget' : 'progress.lastTarget', {
                baseline: g.baseline,
                target: g.target,
                last: lastLevel(g, reader),
              }),
              'goal',
            ),
          )
          .join(''),
    )
    .join('');
};

/** Every goal on the page rated, as JSON for the answer's details; or what is missing. */
export const parseRatings = (form: URLSearchParams, question: Question, reader: PageReader, t: TFunction): { ratings: string } | { error: string } => {
  const [min, max] = [Number(question.page.scaleMin), Number(question.page.scaleMax)];
  const people = goalsOf(question, reader);
  if (people.every((m) => m.goals.length === 0)) {
    if (!form.get('overall')) return { ratings: JSON.stringify({}) };
    const overall = levelOf(form, 'overall', 1, 5);
    return overall === undefined ? { error: t('progress.chooseOverall') } : { ratings: JSON.stringify({ overall }) };
  }
  const ratings: Record<string, Record<number, number>> = {};
  for (const mentee of people)
    for (const g of mentee.goals) {
      const level = levelOf(form, field(mentee.menteeId, g.goalNo), min, max);
      if (level === undefined) return { error: t('progress.rateEvery', { goal: g.description }) };
      (ratings[mentee.menteeId] ??= {})[g.goalNo] = level;
    }
  return { ratings: JSON.stringify(ratings) };
};
