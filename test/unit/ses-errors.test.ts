import { describe, expect, test } from 'vitest';
import { sesFailure } from '#adapters/mail/ses-errors';

/** An error as the SDK throws it for SES's answer. */
const ses = (name: string, message: string, status = 400, retryable = false): Error =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status }, ...(retryable ? { $retryable: {} } : {}) });

describe('what an error of SES means for a message', () => {
  test.each([
    ['MessageRejected', 'Email address is not verified. The following identities failed the check in region EU-WEST-1: mentoring@example.org'],
    ['MessageRejected', 'Email address is not verified. The following identities failed the check in region EU-WEST-1: sari.wibowo@example.org'],
    ['MailFromDomainNotVerifiedException', 'The MAIL FROM domain is not verified'],
    ['AccountSuspendedException', 'Your account has been suspended'],
    ['SendingPausedException', 'Sending is paused for this account'],
    ['BadRequestException', 'Configuration set does not exist'],
    ['NotFoundException', 'Configuration set mentoring does not exist'],
  ])('%s (%s) is not sent: about the sender, the account or the sandbox, never the reader', (name, message) => {
    expect(sesFailure(ses(name, message))).toBe('not-sent');
  });

  test.each([
    ['ThrottlingException', 'Daily message quota exceeded.'],
    ['Throttling', 'Daily message quota exceeded.'],
    ['TooManyRequestsException', 'Daily message quota exceeded.'],
    ['LimitExceededException', 'Daily sending quota exceeded.'],
    ['LimitExceededException', 'Limit exceeded'],
  ])('%s (%s) is the daily quota: waited out', (name, message) => {
    expect(sesFailure(ses(name, message, 400, true))).toBe('quota');
  });

  test.each([
    ['TooManyRequestsException', 'Maximum sending rate exceeded.', 429],
    ['ThrottlingException', 'Maximum sending rate exceeded.', 400],
    ['LimitExceededException', 'Maximum sending rate exceeded.', 400],
    ['InternalFailure', 'We encountered an internal error.', 500],
    ['ServiceUnavailable', 'Service unavailable', 503],
  ])('%s (%s) is transient: per second or passing, tried again in seconds', (name, message, status) => {
    expect(sesFailure(ses(name, message, status))).toBe('transient');
  });

  test('no connection or no answer within the timeout is transient', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
    const hung = Object.assign(new Error('a request has exceeded the configured 10000 ms requestTimeout.'), { name: 'TimeoutError', code: 'ETIMEDOUT' });
    expect(sesFailure(refused)).toBe('transient');
    expect(sesFailure(hung)).toBe('transient');
  });

  test('something that is no error at all is not sent: an operator looks', () => {
    expect(sesFailure('MessageRejected')).toBe('not-sent');
  });
});
