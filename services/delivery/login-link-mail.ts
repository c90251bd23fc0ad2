/** The one-time dashboard sign-in email: plain text, the link, how long it works, nothing else. */
import type { MailTransport } from './tracked-send.js';

export function createLoginLinkMailer(deps: { readonly transport: MailTransport; readonly from: string; readonly ttlMinutes: number }) {
  return async (email: string, url: string): Promise<void> => {
    await deps.transport.sendMail({
      from: deps.from,
      to: email,
      subject: 'Your Seams sign-in link',
      text:
        `Sign in to the Seams dashboard with this link. It works once, for ${deps.ttlMinutes} minutes:\n\n${url}\n\n` +
        'If you did not ask for it, ignore this email: nobody can use the link without access to your mailbox.\n',
    });
  };
}
