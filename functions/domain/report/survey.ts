import { mean, tally, within, type Period, type RelationshipFacts } from './facts.ts';

/**
 * What mentors and mentees said of the program when they looked back at the end of their year
 * (how satisfied, would they recommend mentoring, would they mentor others), and what mentees
 * said at the follow-up of whether their progress held. Choices and levels only: a note is never read.
 */

export interface LookBackView {
  role: 'mentee' | 'mentor';
  answers: number;
  satisfaction: { count: number; mean?: number; byLevel: Record<number, number> };
  recommend: { yes: number; no: number };
  mentorOthers: { yes: number; maybe: number; no: number };
}

export interface SurveyFigures {
  lookBack: LookBackView[];
  followUp: { held: number; partly: number; slipped: number };
}

export const surveyFigures = (relationships: readonly RelationshipFacts[], period: Period): SurveyFigures => {
  const views: LookBackView[] = (['mentee', 'mentor'] as const).map((role) => ({
    role,
    answers: 0,
    satisfaction: { count: 0, byLevel: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } },
    recommend: { yes: 0, no: 0 },
    mentorOthers: { yes: 0, maybe: 0, no: 0 },
  }));
  const levels: Record<string, number[]> = { mentee: [], mentor: [] };
  const followUp = { held: 0, partly: 0, slipped: 0 };
  for (const { saved } of relationships)
    for (const question of saved)
      for (const answer of Object.values(question.answers)) {
        if (!within(answer.answeredAt, period)) continue;
        if (question.kind === 'follow-up' && answer.outcome in followUp) tally(followUp, answer.outcome as keyof typeof followUp);
        const view = views.find((v) => v.role === answer.role);
        if (question.kind !== 'look-back' || !view) continue;
        view.answers += 1;
        // Details go when personal data is erased: an erased answer still counts, its choices do not.
        const { satisfaction, recommend, mentorOthers } = answer.details ?? {};
        if (typeof satisfaction === 'number') {
          levels[view.role]!.push(satisfaction);
          tally(view.satisfaction.byLevel, satisfaction);
        }
        if (recommend === 'yes' || recommend === 'no') tally(view.recommend, recommend);
        if (mentorOthers === 'yes' || mentorOthers === 'maybe' || mentorOthers === 'no') tally(view.mentorOthers, mentorOthers);
      }
  for (const view of views) {
    view.satisfaction.count = levels[view.role]!.length;
    const average = mean(levels[view.role]!);
    if (average !== undefined) view.satisfaction.mean = average;
  }
  return { lookBack: views, followUp };
};
