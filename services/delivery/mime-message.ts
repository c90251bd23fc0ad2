/**
 * Builds the nodemailer message for one delivery: HTML with a plain-text alternative, charts as
 * CID-referenced PNG attachments (email clients block SVG and remote images), the deterministic
 * Message-ID of the outbox row, and RFC 8058 one-click unsubscribe headers.
 */
import type { SendMailOptions } from 'nodemailer';
import type { RenderedEmail } from '../reports/render-email.js';

/** `<seams.{subscriptionId}.{period}@{host}>`: the same for every attempt of one delivery. */
export function deliveryMessageId(subscriptionId: number, period: string, host: string): string {
  return `<seams.${subscriptionId}.${period}@${host}>`;
}

export interface MimeMessageInput {
  readonly from: string;
  readonly to: string;
  readonly messageId: string;
  readonly email: RenderedEmail;
  /** https URL of the one-click unsubscribe endpoint, token included. */
  readonly unsubscribeUrl: string;
  /** Mailbox that accepts unsubscribe requests by email (the mailto: fallback). */
  readonly unsubscribeMailbox: string;
}

export function buildMimeMessage(input: MimeMessageInput): SendMailOptions {
  const token = new URL(input.unsubscribeUrl).searchParams.get('token') ?? '';
  const mailto = `mailto:${input.unsubscribeMailbox}?subject=${encodeURIComponent(`unsubscribe ${token}`)}`;
  return {
    from: input.from,
    to: input.to,
    subject: input.email.subject,
    messageId: input.messageId,
    html: input.email.html,
    text: input.email.text,
    attachments: input.email.attachments.map((a) => ({
      cid: a.cid,
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
      contentDisposition: 'inline' as const,
    })),
    headers: {
      'List-Unsubscribe': `<${input.unsubscribeUrl}>, <${mailto}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Auto-Submitted': 'auto-generated',
    },
  };
}

/** The bare address out of `Name <addr>` (or the input when it is already bare). */
export function mailboxAddress(from: string): string {
  const match = /<([^>]+)>/.exec(from);
  return (match?.[1] ?? from).trim();
}
