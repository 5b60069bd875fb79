import type { Server } from 'node:http';
import sesLocal from 'aws-ses-v2-local';
// The inbox's own store, in this process: read in place rather than as JSON over HTTP at every look.
import { getStoreReadonly } from 'aws-ses-v2-local/dist/store.js';
import { normalEmail } from '#adapters/store/view';

export interface LocalInbox {
  /** The SES API endpoint and the web inbox a person can open. */
  endpoint: string;
  /** How many e-mails were accepted so far: whoever reads the inbox knows when there is news. */
  readonly accepted: number;
  /** The e-mails accepted so far, in order, from the `from`th on. */
  mail(from?: number): StoredEmail[];
  stop(): Promise<void>;
}

export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: { filename?: string; contentType: string; content: string }[];
  at: number;
}

/** An e-mail as the inbox received it, with when (program time) and why the product sent it. */
export type SentEmail = Omit<StoredEmail, 'messageId' | 'at'> & { sentAt: string; relationshipId: string; messageKey: string; kind: string };

/**
 * The local SES: accepts SendEmail like SES v2 and shows every message in a web inbox.
 * `begin` marks each request in flight, so program time waits for it.
 */
export const startInbox = async (port = 0, begin: () => () => void = () => () => {}): Promise<LocalInbox> => {
  const start = (sesLocal as unknown as { default?: typeof sesLocal }).default ?? sesLocal;
  let server: Server = await start({ host: '127.0.0.1', port });
  // Its port, or any free one when that is taken (another run, perhaps starting at the same instant).
  if (!server.address() && port !== 0) {
    server.close();
    server = await start({ host: '127.0.0.1', port: 0 });
  }
  if (!server.address()) throw new Error('The local inbox could not listen on 127.0.0.1');
  // Idle connections are left for the client to close: one closed as a send goes out on it would fail that send.
  server.keepAliveTimeout = 0;
  let accepted = 0;
  server.prependListener('request', (request, response) => {
    const end = begin();
    const sending = request.method === 'POST' && request.url?.startsWith('/v2/email/outbound-emails');
    response.once('close', () => {
      if (sending && response.statusCode === 200) accepted++;
      end();
    });
  });
  const address = server.address() as { port: number };
  const endpoint = `http://127.0.0.1:${address.port}`;
  // Every run starts with an empty inbox; the store is process-wide.
  await fetch(`${endpoint}/clear-store`, { method: 'POST' });
  return {
    endpoint,
    get accepted() {
      return accepted;
    },
    mail: (from = 0) => (getStoreReadonly().emails as StoredEmail[]).slice(from),
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
};

export const readInbox = async (endpoint: string, sinceEpochSeconds?: number): Promise<StoredEmail[]> => {
  const response = await fetch(`${endpoint}/store${sinceEpochSeconds ? `?since=${sinceEpochSeconds}` : ''}`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
};

/** A recipient's address as the inbox shows it (`"Name" <address>`), in the form the store keeps. */
export const addressOf = (to: string): string => normalEmail(/<([^>]+)>/.exec(to)?.[1] ?? to);

const QUESTION_LINKS = /(https?:\/\/[^\s?]+\/r\/[A-Za-z0-9_-]+)/g;

/** An e-mail's private question links, above its foot (whose link ends the relationship): a check-in may carry more than one. */
export const questionLinksOf = (mail: Pick<StoredEmail, 'body'>): string[] => [
  ...new Set([...(mail.body.text ?? '').split('\n\n--\n')[0]!.matchAll(QUESTION_LINKS)].map((m) => m[1]!)),
];
