import type { QuestionKindName } from '#core/model';
import { checkIn } from './check-in.ts';
import type { QuestionKind } from './kind.ts';

/** Every kind of question the lifecycle asks, by the name its state machine task passes. */
export const QUESTION_KINDS: Record<QuestionKindName, QuestionKind<never>> = {
  'check-in': checkIn as QuestionKind<never>,
};

export const QUESTION_KIND_NAMES = Object.keys(QUESTION_KINDS) as [QuestionKindName, ...QuestionKindName[]];
