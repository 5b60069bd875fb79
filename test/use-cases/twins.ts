import { afterEach, beforeEach } from 'vitest';
import { useStore } from '#adapters/store';
import { memoryStore } from '#adapters/store/memory';
import { useMail } from '#adapters/mail/mailer';
import { memoryMail } from '#adapters/mail/memory';
import { useWorkflow } from '#adapters/workflow/port';
import { memoryWorkflow } from '#adapters/workflow/memory';
import { useEvents } from '#adapters/events/port';
import { memoryEvents } from '#adapters/events/memory';
import { useClock } from '#platform/clock';
import { useSeededIds } from '#platform/ids';
import { enrolCohort } from '#use-cases/enrolment/enrol';
import type { Program } from '#domain/program/config';
import { examplePairs } from '../support/cohort.ts';

const SETTINGS = { RESPONSE_BASE_URL: 'https://answers.example.org', MAIL_FROM: 'mentoring@example.org' };

/**
 * Each test on fresh in-memory twins of the store, the mail, Step Functions and the event bus, at a program
 * time it sets: use cases run in milliseconds, and what they did is read from the twins.
 */
export const onTwins = () => {
  const twins = {} as {
    store: ReturnType<typeof memoryStore>;
    mail: ReturnType<typeof memoryMail>;
    workflow: ReturnType<typeof memoryWorkflow>;
    events: ReturnType<typeof memoryEvents>;
    /** Program time: set it, and every use case reads it. */
    now: Date;
  };
  const before = Object.fromEntries(Object.keys(SETTINGS).map((key) => [key, process.env[key]]));
  beforeEach(() => {
    Object.assign(twins, {
      store: memoryStore(),
      mail: memoryMail(),
      workflow: memoryWorkflow(),
      events: memoryEvents(),
      now: new Date('2027-01-04T09:00:00.000Z'),
    });
    useStore(twins.store);
    useMail(twins.mail);
    useWorkflow(twins.workflow);
    useEvents(twins.events);
    useClock({ now: () => twins.now });
    useSeededIds(18);
    Object.assign(process.env, SETTINGS);
  });
  afterEach(() => {
    useStore();
    useMail();
    useWorkflow();
    useEvents();
    useClock(undefined);
    useSeededIds(undefined);
    for (const [key, value] of Object.entries(before))
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
  });
  return twins;
};

/** The example cohort's first `count` rows enrolled (the circle is rows 6 to 8), everyone reading the program's language. */
export const enrolExample = async (program: Program, count = 1) => {
  const { enrolled } = await enrolCohort(program, examplePairs(program, count));
  return enrolled;
};
