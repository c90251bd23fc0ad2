/**
 * What a failed SMTP send tells us about whether the server took the message. Only the server's
 * reply to the end of DATA commits a message, so:
 * - a reply code (4xx/5xx) to any command means it did NOT take it;
 * - if our message stream was never fully read, the terminating dot was never written, so the
 *   server cannot have taken it (connection refused, dropped during EHLO/MAIL/RCPT, ...);
 * - a failure typed as an auth/envelope/TLS/DNS problem happens before DATA by nature;
 * - anything else after the whole message was streamed (connection lost, timeout, no reply) is
 *   ambiguous: the server may have accepted it and we never heard the 250. nodemailer labels a
 *   dropped connection `command: 'CONN'` whatever the stage, so the command alone cannot tell.
 */
export type SmtpFailure =
  | { readonly kind: 'not-accepted'; readonly permanent: boolean }
  | { readonly kind: 'ambiguous' };

const PRE_DATA_CODES = new Set(['EDNS', 'ETLS', 'EREQUIRETLS', 'EAUTH', 'ENOAUTH', 'EENVELOPE', 'ECONFIG', 'EPROXY', 'EOAUTH2']);

export function classifySmtpFailure(error: unknown, messageFullyStreamed: boolean): SmtpFailure {
  const e = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : null;
  if (responseCode !== null && responseCode >= 400) return { kind: 'not-accepted', permanent: responseCode >= 500 };
  if (!messageFullyStreamed) return { kind: 'not-accepted', permanent: false };
  if (typeof e.code === 'string' && PRE_DATA_CODES.has(e.code)) return { kind: 'not-accepted', permanent: false };
  return { kind: 'ambiguous' };
}
