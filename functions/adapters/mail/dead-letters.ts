import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { normalEmail } from '#adapters/store';
import { setting } from '#platform/environment';

/**
 * The mail-events dead-letter queue keeps, for 14 days, each bounce or complaint that could not
 * be recorded: SES's event, addresses included. `forget` takes out every one that mentions the
 * person, and only those.
 */
export interface MailEventDeadLetters {
  /** Removes every kept event that mentions the address; returns how many it removed. */
  removeMentioning(address: string): Promise<number>;
}

/** A kept message, as a queue hands it out: hidden from other readers until deleted or released. */
export interface KeptMessage {
  body: string;
  receipt: string;
}

/** The queue operations the removal needs (SQS's ReceiveMessage, DeleteMessageBatch, ChangeMessageVisibilityBatch). */
export interface MessageQueue {
  /** Up to ten messages, each hidden for `hideSeconds`; none when the queue has no visible message. */
  receive(hideSeconds: number): Promise<KeptMessage[]>;
  delete(receipts: string[]): Promise<void>;
  /** Makes the messages visible again at once. */
  release(receipts: string[]): Promise<void>;
}

/** Whether a kept event names the address anywhere (a recipient, the message's destination), in any case. */
export const mentionsAddress = (body: string, address: string): boolean => body.toLowerCase().includes(normalEmail(address));

/** Long enough to read a queue of thousands in batches of ten; what is not about the person is released sooner. */
const HIDE_SECONDS = 300;

/**
 * Reads the queue in batches until it hands out nothing more, deleting what mentions the address
 * and keeping the rest hidden meanwhile (so no message is read twice), then makes the rest
 * visible again at once: an operator handling the queue sees every other event as before.
 */
export const removeMentioning = async (queue: MessageQueue, address: string): Promise<number> => {
  const others: string[] = [];
  let removed = 0;
  try {
    for (let batch = await queue.receive(HIDE_SECONDS); batch.length; batch = await queue.receive(HIDE_SECONDS)) {
      const mentioning = batch.filter((message) => mentionsAddress(message.body, address));
      if (mentioning.length) await queue.delete(mentioning.map((message) => message.receipt));
      removed += mentioning.length;
      others.push(...batch.filter((message) => !mentionsAddress(message.body, address)).map((message) => message.receipt));
    }
  } finally {
    for (let i = 0; i < others.length; i += 10) await queue.release(others.slice(i, i + 10));
  }
  return removed;
};

/** The messages of a queue kept in memory: a queue's behaviour for tests, hidden messages included. */
export const memoryQueue = (bodies: string[]): MessageQueue & { bodies(): string[]; visible(): string[] } => {
  const messages = bodies.map((body, i) => ({ body, receipt: `r${i}`, hidden: false }));
  return {
    receive: async () =>
      messages
        .filter((m) => !m.hidden)
        .slice(0, 10)
        .map((m) => ((m.hidden = true), { body: m.body, receipt: m.receipt })),
    delete: async (receipts) => {
      for (const receipt of receipts)
        messages.splice(
          messages.findIndex((m) => m.receipt === receipt),
          1,
        );
    },
    release: async (receipts) => {
      for (const m of messages) if (receipts.includes(m.receipt)) m.hidden = false;
    },
    bodies: () => messages.map((m) => m.body),
    visible: () => messages.filter((m) => !m.hidden).map((m) => m.body),
  };
};

/** A batch answers per message: one it could not act on is an error, not a silent leftover. */
const failed = (what: string, { Failed = [] }: { Failed?: { Code?: string }[] }) => {
  if (Failed.length)
    throw new Error(`SQS could not ${what} ${Failed.length} message(s) of the mail-events dead-letter queue (${Failed[0]!.Code ?? 'unknown'})`);
};

/** The deployed queue, with the operator's credentials: `forget` runs on an operator's machine, not in a function. */
export const sqsQueue = (QueueUrl: string, sqs = new SQSClient({})): MessageQueue => {
  const entries = (receipts: string[]) => receipts.map((ReceiptHandle, i) => ({ Id: String(i), ReceiptHandle }));
  return {
    receive: async (hideSeconds) => {
      // Long polling asks every server of the queue: an empty answer means nothing is visible.
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: hideSeconds, WaitTimeSeconds: 1 }),
      );
      return Messages.map((m) => ({ body: m.Body ?? '', receipt: m.ReceiptHandle ?? '' }));
    },
    delete: async (receipts) => failed('delete', await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: entries(receipts) }))),
    release: async (receipts) =>
      failed(
        'release',
        await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl, Entries: entries(receipts).map((entry) => ({ ...entry, VisibilityTimeout: 0 })) })),
      ),
  };
};

/**
 * The program's dead-letter queue when the deployment names one (MAIL_EVENTS_DEAD_LETTERS_URL, from
 * the stack's outputs). Locally there is none: the local runtime hands a bounce straight to the
 * function, and a failure goes back to whoever delivered it, so nothing is kept to remove.
 */
export const mailEventDeadLetters = (): MailEventDeadLetters => {
  const queueUrl = setting('MAIL_EVENTS_DEAD_LETTERS_URL');
  return { removeMentioning: async (address) => (queueUrl ? removeMentioning(sqsQueue(queueUrl), address) : 0) };
};
