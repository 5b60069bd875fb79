import * as z from 'zod';

/**
 * What SES publishes to EventBridge through the configuration set when a message bounces or
 * its reader complains, as far as the program reads it: the message's tags (see mailer.ts,
 * `kind` and `relationship`) and the recipients concerned. Other fields and tags are ignored.
 */
const tag = z.array(z.string().min(1)).min(1);
const recipients = z.array(z.object({ emailAddress: z.string().min(1) })).min(1);
const envelope = {
  id: z.string().min(1),
  source: z.literal('aws.ses'),
  time: z.string(),
};
const mail = z.object({
  messageId: z.string().min(1),
  tags: z.object({ relationship: tag, kind: tag }),
});

export const BOUNCED = 'Email Bounced';
export const COMPLAINED = 'Email Complaint Received';

export const sesMailEvent = z.discriminatedUnion('detail-type', [
  z.object({
    ...envelope,
    'detail-type': z.literal(BOUNCED),
    detail: z.object({ mail, bounce: z.object({ bounceType: z.string(), bouncedRecipients: recipients }) }),
  }),
  z.object({
    ...envelope,
    'detail-type': z.literal(COMPLAINED),
    detail: z.object({ mail, complaint: z.object({ complainedRecipients: recipients }) }),
  }),
]);

/** An event as EventBridge delivers it (the local runtime builds the same). */
export type SesMailEvent = z.input<typeof sesMailEvent>;

/** A bounce or complaint as the program sees it: ids, kinds and the addresses concerned. */
export interface MailEvent {
  eventId: string;
  type: 'bounce' | 'complaint';
  /** A transient bounce (a full mailbox, say) is SES's to retry, not the program's concern. */
  permanent: boolean;
  relationshipId: string;
  kind: string;
  addresses: string[];
}

export const readMailEvent = (event: z.output<typeof sesMailEvent>): MailEvent => {
  const common = { eventId: event.id, relationshipId: event.detail.mail.tags.relationship[0]!, kind: event.detail.mail.tags.kind[0]! };
  return event['detail-type'] === BOUNCED
    ? {
        ...common,
        type: 'bounce',
        permanent: event.detail.bounce.bounceType === 'Permanent',
        addresses: event.detail.bounce.bouncedRecipients.map((r) => r.emailAddress),
      }
    : { ...common, type: 'complaint', permanent: true, addresses: event.detail.complaint.complainedRecipients.map((r) => r.emailAddress) };
};

/** Where an event does not fit, by field path and issue code only: a malformed event's addresses stay out of the log. */
export const mailEventIssues = (error: z.ZodError): string[] => error.issues.map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.code}`);
