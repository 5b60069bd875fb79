import { createServer, type Server } from 'node:http';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { describe, expect, test } from 'vitest';
import { sesFailure } from '#adapters/mail/ses-errors';
import { SES_TIMEOUTS } from '#adapters/mail/mailer';
import { loopbackSettings } from '#local/services/loopback';

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

describe("the SES client's timeouts", () => {
  test('give up on a connection and on an answer well inside the 30 s function timeout and the 60 s send lease', () => {
    expect(SES_TIMEOUTS.connectMs + SES_TIMEOUTS.answerMs).toBeLessThan(30_000);
  });

  test('an SES that takes the request and never answers fails the send as transient once the answer timeout passes', async () => {
    const requests: string[] = [];
    // Reads the request, then says nothing: a connection hung after SES may have taken the message.
    const hung: Server = createServer((request) => void request.on('data', () => {}).on('end', () => requests.push(request.url ?? '')));
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const { port } = hung.address() as { port: number };
    const ses = new SESv2Client(loopbackSettings(`http://127.0.0.1:${port}`, 1, { connectMs: 500, answerMs: 300 }));
    const startedAt = performance.now();
    const error = await ses
      .send(new SendEmailCommand({ FromEmailAddress: 'mentoring@example.org', Content: { Raw: { Data: Buffer.from('Subject: hi\r\n\r\nhi') } } }))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    const waitedMs = performance.now() - startedAt;
    ses.destroy();
    hung.closeAllConnections();
    hung.close();
    expect(requests).toEqual(['/v2/email/outbound-emails']);
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(sesFailure(error)).toBe('transient');
    // The timeout, not the function's: it ended within a few hundred milliseconds of it.
    expect(waitedMs).toBeGreaterThanOrEqual(290);
    expect(waitedMs).toBeLessThan(5_000);
  });
});
