import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tables } from '#adapters/store/dynamodb/client';
import { EnvironmentError, setting, stateMachineArns } from '#platform/environment';

const KEYS = ['MENTORING_TABLE', 'RESPONSES_TABLE', 'MAIL_FROM', 'RESPONSE_BASE_URL', 'STATE_MACHINE_ARNS'] as const;
let saved: Record<string, string | undefined>;
beforeEach(() => {
  saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
  for (const k of KEYS) delete process.env[k];
});
afterEach(() => {
  for (const k of KEYS)
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
});

describe("a function's settings", () => {
  it('names a missing setting instead of falling back to a default', () => {
    expect(() => setting('MAIL_FROM')).toThrow(new EnvironmentError('MAIL_FROM is not set'));
  });

  it('names a malformed setting and says what is wrong with it', () => {
    process.env.RESPONSE_BASE_URL = 'answers.example.org';
    expect(() => setting('RESPONSE_BASE_URL')).toThrow(/^RESPONSE_BASE_URL is not valid: /);
    process.env.STATE_MACHINE_ARNS = '{"Matching":';
    expect(() => stateMachineArns()).toThrow('STATE_MACHINE_ARNS is not valid: is not JSON');
  });

  it('reads a setting again when the environment changed it, as each local run does', () => {
    process.env.RESPONSE_BASE_URL = 'https://a.example.org/';
    expect(setting('RESPONSE_BASE_URL')).toBe('https://a.example.org');
    process.env.RESPONSE_BASE_URL = 'http://127.0.0.1:8006';
    expect(setting('RESPONSE_BASE_URL')).toBe('http://127.0.0.1:8006');
  });

  it('lets the answer pages, given the responses table only, name that table', () => {
    process.env.RESPONSES_TABLE = 'mentoring-responses';
    expect(tables().responses).toBe('mentoring-responses');
    expect(() => tables().mentoring).toThrow('MENTORING_TABLE is not set');
  });
});
