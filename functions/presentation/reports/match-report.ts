import type { Program } from '#domain/program/config';
import { EXCLUSIONS, MENTORS_PER_MENTEE, type ExclusionCounts, type Proposal, type UnmatchedReason } from '#domain/matching/propose';
import { formatNumber, translator } from '#presentation/messages/index';
import { reasonInWords } from '#presentation/letters/match-reasons';

/** The matching report as the coordinator reads it, in the program's language: a title, the figures, then each section's lines with their details. */
interface ReportSection {
  heading: string;
  lines: { text: string; details: string[] }[];
}
interface MatchReport {
  lang: string;
  title: string;
  summary: string[];
  sections: ReportSection[];
  nextStep: string;
}

const RULE_KEYS = {
  'mentored-before': 'matching.ruleMentoredBefore',
  'management-chain': 'matching.ruleManagementChain',
  'no-common-language': 'matching.ruleNoCommonLanguage',
  'too-few-common-hours': 'matching.ruleTooFewHours',
  'meeting-outside-hours': 'matching.ruleMeetingOutsideHours',
} as const;

/** The report's words, from the proposal's facts. `circles` names each circle by its mentor's address. */
const matchReport = (proposal: Proposal, program: Program, enrolmentFile: string, circles: ReadonlyMap<string, string>): MatchReport => {
  const locale = program.locale;
  const t = translator(locale);
  const competencyName = new Map(program.competencies.map((c) => [c.id, c.name]));
  const list = (ids: readonly string[], type: 'conjunction' | 'disjunction' = 'conjunction') =>
    new Intl.ListFormat(locale, { type }).format(ids.map((id) => competencyName.get(id) ?? id));
  const rules = (excluded: ExclusionCounts) =>
    new Intl.ListFormat(locale, { type: 'unit' }).format(
      EXCLUSIONS.filter((rule) => excluded[rule] > 0).map((rule) => t(RULE_KEYS[rule], { n: excluded[rule] })),
    );
  const unmatchedWords = (reason: UnmatchedReason): string => {
    switch (reason.kind) {
      case 'coordinates-program':
        return t('matching.coordinatesProgram');
      case 'no-mentor-offers':
        return t('matching.noMentorOffers', { competencies: list(reason.wanted, 'disjunction') });
      case 'no-eligible-mentor':
        return t('matching.noEligibleMentor', { count: reason.offering, rules: rules(reason.excluded) });
      case 'places-taken':
        return t('matching.placesTaken', { count: reason.eligible });
      case 'no-mentee-wants':
        return t('matching.noMenteeWants', { competencies: list(reason.offered, 'disjunction') });
      case 'no-eligible-mentee':
        return t('matching.noEligibleMentee', { count: reason.wanting, rules: rules(reason.excluded) });
      case 'mentees-matched-elsewhere':
        return t('matching.menteesElsewhere', { count: reason.eligible });
    }
  };

  const mentees = new Set(proposal.pairs.map((p) => p.mentee.email)).size + proposal.unmatched.filter((u) => u.person.role === 'mentee').length;
  const matchedMentors = new Set(proposal.pairs.map((p) => p.mentor.email)).size;
  const mentors = matchedMentors + proposal.unmatched.filter((u) => u.person.role === 'mentor').length;
  const mean = proposal.pairs.length ? proposal.totalScore / proposal.pairs.length : 0;
  return {
    lang: locale,
    title: t('matching.title', { program: program.name }),
    summary: [
      t('matching.summaryMentees', { matched: proposal.pairs.length, total: mentees }),
      t('matching.summaryMentors', { matched: matchedMentors, total: mentors }),
      t('matching.summaryScore', { score: proposal.totalScore, mean: formatNumber(mean, locale, 1) }),
      ...(proposal.pruned ? [t('matching.pruned', { best: MENTORS_PER_MENTEE })] : []),
    ],
    sections: [
      {
        heading: t('matching.pairsHeading'),
        lines: proposal.pairs.map((pair) => {
          const circle = circles.get(pair.mentor.email);
          const text = t('matching.pair', { mentee: pair.mentee.name, mentor: pair.mentor.name, score: pair.score });
          return {
            text: circle ? `${text} (${t('matching.inCircle', { circle })})` : text,
            details: pair.reasons.map((reason) => reasonInWords(t, locale, program, reason, pair.mentee.name)),
          };
        }),
      },
      {
        heading: t('matching.unmatchedHeading'),
        lines: proposal.unmatched.length
          ? proposal.unmatched.map(({ person, reason }) => ({
              text: t('matching.unmatched', { name: person.name, role: t(`roles.${person.role}`), reason: unmatchedWords(reason) }),
              details: [],
            }))
          : [{ text: t('matching.nobodyUnmatched'), details: [] }],
      },
      ...(proposal.freePlaces.length
        ? [
            {
              heading: t('matching.freeHeading'),
              lines: proposal.freePlaces.map(({ mentor, free }) => ({ text: t('matching.freePlaces', { name: mentor.name, count: free }), details: [] })),
            },
          ]
        : []),
    ],
    nextStep: t('matching.nextStep', { file: enrolmentFile }),
  };
};

/** The report as plain text: a title, figures, then each section with its lines and their reasons indented. */
export const matchReportText = (proposal: Proposal, program: Program, enrolmentFile: string, circles: ReadonlyMap<string, string>): string => {
  const report = matchReport(proposal, program, enrolmentFile, circles);
  const out = [report.title, '='.repeat(Math.min(report.title.length, 80)), '', ...report.summary, ''];
  for (const section of report.sections) {
    out.push(section.heading, '-'.repeat(Math.min(section.heading.length, 80)));
    for (const line of section.lines) out.push(`- ${line.text}`, ...line.details.map((d) => `    · ${d}`));
    out.push('');
  }
  out.push(report.nextStep, '');
  return out.join('\n');
};

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The report as one HTML page, opened offline: no script, no outside resource. */
export const matchReportHtml = (proposal: Proposal, program: Program, enrolmentFile: string, circles: ReadonlyMap<string, string>): string => {
  const report = matchReport(proposal, program, enrolmentFile, circles);
  const sections = report.sections.map(
    (section) =>
      `<section><h2>${escape(section.heading)}</h2><ul>${section.lines
        .map((line) => `<li>${escape(line.text)}${line.details.length ? `<ul>${line.details.map((d) => `<li>${escape(d)}</li>`).join('')}</ul>` : ''}</li>`)
        .join('\n')}</ul></section>`,
  );
  return `<!doctype html>
<html lang="${escape(report.lang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(report.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}li>ul{color:#444}</style></head>
<body><h1>${escape(report.title)}</h1>
<p>${report.summary.map(escape).join('<br>')}</p>
${sections.join('\n')}
<p>${escape(report.nextStep)}</p>
</body></html>
`;
};
