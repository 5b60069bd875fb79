import type { LetterTask } from '#domain/task-payloads';
import { introduce } from '#use-cases/matching/introduction';
import { sendPauseLetter } from '#use-cases/pauses/pause-letters';
import { loadRelationship } from '#use-cases/relationship/relationship-context';

/** Letters that ask nothing: the introduction, a pause, the return from one. */
export const sendLetters = async ({ relationshipId, letter, pauseNo }: LetterTask): Promise<{ sent: number }> => {
  const context = await loadRelationship(relationshipId);
  return { sent: letter === 'introduction' ? await introduce(context) : await sendPauseLetter(context, letter, pauseNo) };
};
