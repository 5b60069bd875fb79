import { isTransient } from '#platform/transient';

/**
 * What an error from SES's SendEmail means for the message:
 * - `transient`: throttled per second, briefly unavailable, or no answer: try again in seconds;
 * - `quota`: the account's daily sending quota is used up: try again in an hour or so;
 * - `not-sent`: SES refuses to send now, whoever the reader (sender identity not verified or
 *   pending, a sandbox recipient not verified, sending paused, the account suspended, a request
 *   it cannot read): an operator must act; it says nothing about the reader's address.
 */
export type SesFailure = 'transient' | 'quota' | 'not-sent';

const DAILY_QUOTA = /daily (message|sending) quota/i;
const PER_SECOND = /maximum sending rate/i;

export const sesFailure = (error: unknown): SesFailure => {
  const { name = '', message = '' } = error instanceof Error ? error : {};
  // SES names both limits as throttling (ThrottlingException, TooManyRequestsException) and tells them apart in the message.
  if (PER_SECOND.test(message)) return 'transient';
  if (DAILY_QUOTA.test(message) || name === 'LimitExceededException') return 'quota';
  return isTransient(error) ? 'transient' : 'not-sent';
};
