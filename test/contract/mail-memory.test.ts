import { memoryMail } from '#adapters/mail/memory';
import { mailContract } from './mail.contract.ts';

const mail = memoryMail();
mailContract('the in-memory outbox', () => ({
  mail,
  delivered: async () => mail.outbox().map(({ messageId, address, letter }) => ({ messageId, to: address, subject: letter.subject })),
}));
