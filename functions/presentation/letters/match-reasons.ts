import type { TFunction } from 'i18next';
import type { Program } from '#domain/program/config';
import type { ScoreReason } from '#domain/matching/score';

/** Why a proposed pair fits, one reason in the reader's words: for the matching report and the digest's proposed rematch alike. */
export const reasonInWords = (t: TFunction, locale: string, program: Pick<Program, 'competencies'>, reason: ScoreReason, mentee: string): string => {
  const competencyName = new Map(program.competencies.map((c) => [c.id, c.name]));
  const list = (ids: readonly string[]) => new Intl.ListFormat(locale, { type: 'conjunction' }).format(ids.map((id) => competencyName.get(id) ?? id));
  switch (reason.kind) {
    case 'competencies':
      return t('matching.reasonCompetencies', { competencies: list(reason.shared), mentee: mentee.split(/\s+/)[0] ?? mentee });
    case 'common-hours':
      return t('matching.reasonHours', { count: Math.round((reason.minutes / 60) * 4) / 4 });
    case 'other-department':
      return t('matching.reasonOtherDepartment');
    case 'same-department':
      return t('matching.reasonSameDepartment');
    case 'first-language':
      return t('matching.reasonFirstLanguage', { language: new Intl.DisplayNames([locale], { type: 'language' }).of(reason.locale) ?? reason.locale });
  }
};
