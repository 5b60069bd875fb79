import { idBytes } from '#platform/ids';
import { setting } from '#platform/environment';

/** At least 128 bits, so a link cannot be guessed; one per question and person. */
export const newLinkId = (questionId: string, personId: string): string => idBytes(18, 'link', questionId, personId).toString('base64url');

/** A question's links: one per person asked. */
export const linksFor = (questionId: string, asked: { person: { personId: string } }[]): Record<string, string> =>
  Object.fromEntries(asked.map(({ person }) => [person.personId, newLinkId(questionId, person.personId)]));

/** Where a link in an e-mail points: the answer page, with the button the reader pressed. */
export const responseUrl = (linkId: string, answer?: string): string => `${setting('RESPONSE_BASE_URL')}/r/${linkId}${answer ? `?answer=${answer}` : ''}`;
