/**
 * The email that asks an address outside the allowed domains to confirm a subscription the API
 * was asked to create. Nothing about the program goes out before the click.
 */
import type { SendMailOptions } from 'nodemailer';

export interface ConfirmationRequest {
  readonly to: string;
  readonly from: string;
  readonly programName: string;
  readonly audience: string;
  readonly confirmUrl: string;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function confirmationEmail(request: ConfirmationRequest): SendMailOptions {
  const ask = `Someone asked Seams to send ${request.to} the ${request.audience} email about the program "${request.programName}".`;
  const ignore = 'If you did not ask for it, ignore this email: nothing will be sent.';
  return {
    from: request.from,
    to: request.to,
    subject: `Confirm your Seams subscription to ${request.programName}`,
    text: `${ask}\n\nTo start receiving it, open:\n${request.confirmUrl}\n\n${ignore}\n`,
    html:
      `<p>${escapeHtml(ask)}</p><p><a href="${escapeHtml(request.confirmUrl)}">Confirm the subscription</a></p>` +
      `<p>${escapeHtml(ignore)}</p>`,
  };
}
