/**
 * A tiny SMTP server on loopback speaking just enough RFC 5321 for nodemailer (EHLO/HELO, MAIL,
 * RCPT, DATA, RSET, NOOP, QUIT). It records every message whose DATA completed, and lets a test
 * inject replies and pause between "message received" and the 250 reply (to kill a sender there).
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface ReceivedMessage {
  readonly from: string;
  readonly to: readonly string[];
  readonly raw: string;
  readonly messageId: string | null;
}

export interface SmtpTestServerOptions {
  /** Reply to RCPT TO for the n-th RCPT overall (1-based); null = 250. */
  readonly rcptReply?: (n: number) => string | null;
  /**
   * Runs after a message's DATA is complete and recorded, before the 250 reply is written;
   * `connection.destroy()` drops the client without that reply (a reply lost in transit).
   */
  readonly beforeAccept?: (message: ReceivedMessage, connection: { destroy(): void }) => Promise<void> | void;
}

export interface SmtpTestServer {
  readonly port: number;
  readonly url: string;
  readonly messages: ReceivedMessage[];
  waitForMessages(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpTestServer(options: SmtpTestServerOptions = {}): Promise<SmtpTestServer> {
  const messages: ReceivedMessage[] = [];
  const sockets = new Set<Socket>();
  let rcptCount = 0;

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const reply = (line: string) => {
      if (!socket.destroyed) socket.write(`${line}\r\n`);
    };
    let buffer = '';
    let inData = false;
    let dataLines: string[] = [];
    let from = '';
    let to: string[] = [];
    let queue = Promise.resolve();

    const handleLine = async (line: string): Promise<void> => {
      if (inData) {
        if (line !== '.') {
          dataLines.push(line.startsWith('..') ? line.slice(1) : line);
          return;
        }
        inData = false;
        const raw = dataLines.join('\r\n');
        const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? null;
        const message = { from, to: [...to], raw, messageId };
        messages.push(message);
        await options.beforeAccept?.(message, { destroy: () => socket.destroy() });
        reply('250 2.0.0 OK queued');
        return;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') reply('250-localhost greets you\r\n250-8BITMIME\r\n250 SMTPUTF8');
      else if (verb === 'HELO') reply('250 localhost');
      else if (verb === 'MAIL') {
        from = /<([^>]*)>/.exec(line)?.[1] ?? '';
        to = [];
        reply('250 2.1.0 OK');
      } else if (verb === 'RCPT') {
        rcptCount += 1;
        const custom = options.rcptReply?.(rcptCount) ?? null;
        if (custom) reply(custom);
        else {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          reply('250 2.1.5 OK');
        }
      } else if (verb === 'DATA') {
        inData = true;
        dataLines = [];
        reply('354 End data with <CR><LF>.<CR><LF>');
      } else if (verb === 'RSET') {
        from = '';
        to = [];
        reply('250 OK');
      } else if (verb === 'NOOP') reply('250 OK');
      else if (verb === 'QUIT') {
        reply('221 Bye');
        socket.end();
      } else reply('502 5.5.2 Command not recognized');
    };

    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let index: number;
      while ((index = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        queue = queue.then(() => handleLine(line));
      }
    });
    reply('220 localhost ESMTP seams-test');
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async waitForMessages(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} message(s), got ${messages.length}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
