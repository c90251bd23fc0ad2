/** The SMTP transport every sender uses (worker reports, server confirmation emails). */
import nodemailer from 'nodemailer';
import type { Secret } from '../config/secret.js';
import type { MailTransport } from './tracked-send.js';

export function createSmtpTransport(url: Secret): MailTransport & { close(): void } {
  // Bounded timeouts keep every live send well inside the outbox lease.
  return nodemailer.createTransport({ url: url.reveal(), connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
}
