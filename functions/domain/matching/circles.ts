import type { Candidate } from './people.ts';

/**
 * A circle works on one theme: a mentor who takes a circle offers it the competency of theirs
 * that the most mentees in the pool want (the program's first of those wanted alike), and only
 * mentees who want it join. So a circle's mentees want the same competency, and the assignment
 * weighs them as it weighs pairs. A circle mentor with a single place is a pair's mentor.
 */
export const withCircleThemes = (people: readonly Candidate[], programCompetencies: readonly string[]): Candidate[] => {
  const wanting = new Map<string, number>();
  for (const p of people) if (p.role === 'mentee') for (const c of new Set(p.competencies)) wanting.set(c, (wanting.get(c) ?? 0) + 1);
  const order = new Map(programCompetencies.map((id, i) => [id, i]));
  return people.map((p) => {
    if (p.role !== 'mentor' || !p.takesCircle || p.capacity < 2 || p.competencies.length < 2) return p;
    const [theme] = [...p.competencies].sort((a, b) => (wanting.get(b) ?? 0) - (wanting.get(a) ?? 0) || (order.get(a) ?? 0) - (order.get(b) ?? 0));
    return { ...p, competencies: [theme!] };
  });
};
