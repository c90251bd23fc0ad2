/**
 * Sends a message as a pre-built MIME stream so we know whether nodemailer ever read all of it:
 * the SMTP end-of-data dot is written only after the stream ends, so an unfinished stream proves
 * the server never received a complete message (see smtp-outcome.ts).
 */
import { Readable } from 'node:stream';
import type { SendMailOptions } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';

export interface MailTransport {
  sendMail(message: SendMailOptions): Promise<unknown>;
}

export class SendFailure extends Error {
  override readonly name = 'SendFailure';
  constructor(readonly messageFullyStreamed: boolean, readonly smtpError: unknown) {
    super(smtpError instanceof Error ? smtpError.message : String(smtpError), { cause: smtpError });
  }
}

const CHUNK = 64 * 1024;

export async function sendTracked(transport: MailTransport, message: SendMailOptions): Promise<void> {
  const node = new MailComposer(message).compile();
  const raw = await node.build();
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < raw.length; offset += CHUNK) chunks.push(raw.subarray(offset, offset + CHUNK));
  let streamed = false;
  const stream = Readable.from(chunks);
  stream.on('end', () => {
    streamed = true;
  });
  try {
    await transport.sendMail({ envelope: node.getEnvelope(), raw: stream });
  } catch (error) {
    throw new SendFailure(streamed, error);
  }
}
