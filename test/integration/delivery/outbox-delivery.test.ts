import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getDelivery, listDeliveries } from '../../../db/deliveries.js';
import { deactivateSubscription } from '../../../db/subscriptions.js';
import type { SubscriptionRow } from '../../../db/database-types.js';
import {
  createDeliveryService,
  PermanentDeliveryError,
  RetryableDeliveryError,
  type DeliveryServiceDeps,
} from '../../../services/delivery/delivery-service.js';
import { createSubscriptionService } from '../../../services/delivery/subscription-service.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { PUBLIC_URL, SIGNING_KEY, renderedEmail, seedPrograms, testConfigFile } from '../workers/worker-test-kit.js';
import { startSmtpTestServer, type SmtpTestServer, type SmtpTestServerOptions } from './smtp-test-server.js';

const PERIOD = '2026-W12';

describe.each(DIALECTS)('outbox delivery (%s)', (kind) => {
  let database: TestDatabase;
  let smtp: SmtpTestServer | undefined;
  let subscriptions: SubscriptionRow[];

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    await seedPrograms(database.db);
    subscriptions = await createSubscriptionService({ db: database.db, signingKey: SIGNING_KEY }).syncFromConfig(testConfigFile());
  });
  afterEach(async () => {
    await smtp?.close();
    smtp = undefined;
    await database.drop();
  });

  async function service(smtpOptions: SmtpTestServerOptions = {}, overrides: Partial<DeliveryServiceDeps> = {}) {
    smtp = await startSmtpTestServer(smtpOptions);
    const transport = nodemailer.createTransport({ url: smtp.url, socketTimeout: 5_000 });
    return createDeliveryService({
      db: database.db,
      transport,
      render: async (program, _audience, recipient) => renderedEmail(program, recipient.email),
      publicUrl: PUBLIC_URL,
      signingKey: SIGNING_KEY,
      mailFrom: 'Seams <reports@seams.example.test>',
      unsubscribeMailbox: 'reports@seams.example.test',
      leaseMs: 60_000,
      unknownOutcome: 'at-most-once',
      ...overrides,
    });
  }

  const ada = () => subscriptions.find((s) => s.email === 'ada@acme.test')!;

  it('sends one MIME message with text, HTML, a CID image and one-click unsubscribe headers', async () => {
    const delivery = await service();
    const sub = ada();
    expect(await delivery.deliver(sub.id, PERIOD)).toBe('sent');
    expect(await delivery.deliver(sub.id, PERIOD)).toBe('already-sent');
    expect(smtp!.messages).toHaveLength(1);

    const parsed = await simpleParser(smtp!.messages[0]!.raw, { skipImageLinks: true });
    expect(parsed.messageId).toBe(`<seams.${sub.id}.${PERIOD}@seams.example.test>`);
    expect(parsed.subject).toBe('checkout: weekly status');
    expect(parsed.text?.trim()).toBe('Hello ada@acme.test');
    expect(parsed.html).toContain('cid:burnup@seams');
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]!.cid).toBe('burnup@seams');
    expect(parsed.attachments[0]!.contentType).toBe('image/png');
    const headerBlock = (smtp!.messages[0]!.raw.split('\r\n\r\n')[0] ?? '').replace(/\r\n[ \t]+/g, ' ');
    const listUnsubscribe = /^List-Unsubscribe: (.*)$/m.exec(headerBlock)?.[1] ?? '';
    const [httpPart, mailtoPart] = listUnsubscribe.split(', ');
    expect(httpPart).toMatch(new RegExp(`^<https://seams\\.example\\.test/unsubscribe\\?token=${sub.id}\\.[A-Za-z0-9_-]{43}>$`));
    expect(mailtoPart).toMatch(/^<mailto:reports@seams\.example\.test\?subject=unsubscribe%20\d+\.[A-Za-z0-9_-]{43}>$/);
    expect(headerBlock).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    const row = await getDelivery(database.db, sub.id, PERIOD);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, error: null });
    expect(row!.sent_at).toBeInstanceOf(Date);
  });

  it('retries a send the server refused with 4xx and still sends exactly once', async () => {
    const delivery = await service({ rcptReply: (n) => (n === 1 ? '451 4.3.0 Try again later' : null) });
    const sub = ada();
    await expect(delivery.deliver(sub.id, PERIOD)).rejects.toBeInstanceOf(RetryableDeliveryError);
    expect(await getDelivery(database.db, sub.id, PERIOD)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await delivery.deliver(sub.id, PERIOD)).toBe('sent');
    expect(await delivery.deliver(sub.id, PERIOD)).toBe('already-sent');
    expect(smtp!.messages).toHaveLength(1);
    expect(await getDelivery(database.db, sub.id, PERIOD)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('fails for good on a 5xx rejection and never sends', async () => {
    const delivery = await service({ rcptReply: () => '550 5.1.1 No such user' });
    const sub = ada();
    await expect(delivery.deliver(sub.id, PERIOD)).rejects.toBeInstanceOf(PermanentDeliveryError);
    expect(await delivery.deliver(sub.id, PERIOD)).toBe('failed');
    expect(smtp!.messages).toHaveLength(0);
    expect((await getDelivery(database.db, sub.id, PERIOD))?.error).toContain('550');
  });

  it('sends exactly once when five processors race for the same delivery', async () => {
    const delivery = await service();
    const sub = ada();
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => delivery.deliver(sub.id, PERIOD)));
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    expect(outcomes.every((o) => ['sent', 'in-flight', 'already-sent'].includes(o))).toBe(true);
    expect(smtp!.messages).toHaveLength(1);
    expect((await listDeliveries(database.db, PERIOD)).filter((d) => d.subscription_id === sub.id)).toHaveLength(1);
  });

  it('skips an unsubscribed recipient without contacting the server', async () => {
    const delivery = await service();
    const sub = ada();
    await deactivateSubscription(database.db, sub.id);
    expect(await delivery.deliver(sub.id, PERIOD)).toBe('skipped');
    expect(smtp!.messages).toHaveLength(0);
    expect(await getDelivery(database.db, sub.id, PERIOD)).toMatchObject({ status: 'skipped', error: 'unsubscribed' });
  });

  // The server stores the message, then the connection dies before its 250: the sender cannot
  // know whether it was accepted. These two tests pin down what each policy does in that window.
  const loseFirstReply = () => {
    let lost = false;
    return {
      beforeAccept: (_m: unknown, connection: { destroy(): void }) => {
        if (!lost) {
          lost = true;
          connection.destroy();
        }
      },
    };
  };

  // Long enough that a loaded machine still asks again inside the lease; the wait below runs
  // until it has certainly expired, measured from after the first attempt (which took it) failed.
  const LEASE_MS = 3_000;
  const leaseExpired = (since: number) => new Promise((r) => setTimeout(r, Math.max(0, since + LEASE_MS + 100 - Date.now())));

  it('at-most-once: a send whose reply was lost is not repeated after the lease expires', async () => {
    const delivery = await service(loseFirstReply(), { leaseMs: LEASE_MS, unknownOutcome: 'at-most-once' });
    const sub = ada();
    await expect(delivery.deliver(sub.id, PERIOD)).rejects.toBeInstanceOf(RetryableDeliveryError);
    const started = Date.now(); // the lease was taken before this
    expect(await getDelivery(database.db, sub.id, PERIOD)).toMatchObject({ status: 'sending', attempts: 1 });
    expect(await delivery.deliver(sub.id, PERIOD)).toBe('in-flight');
    await leaseExpired(started);
    expect(await delivery.deliver(sub.id, PERIOD)).toBe('unknown-outcome');
    expect(await delivery.deliver(sub.id, PERIOD)).toBe('failed');
    expect(smtp!.messages).toHaveLength(1);
    expect((await getDelivery(database.db, sub.id, PERIOD))?.error).toMatch(/^outcome unknown/);
  });

  it('at-least-once: the same case resends once, with the same Message-ID', async () => {
    const delivery = await service(loseFirstReply(), { leaseMs: LEASE_MS, unknownOutcome: 'at-least-once' });
    const sub = ada();
    await expect(delivery.deliver(sub.id, PERIOD)).rejects.toBeInstanceOf(RetryableDeliveryError);
    const started = Date.now(); // the lease was taken before this
    expect(await delivery.deliver(sub.id, PERIOD)).toBe('in-flight');
    await leaseExpired(started);
    expect(await delivery.deliver(sub.id, PERIOD)).toBe('sent');
    expect(await delivery.deliver(sub.id, PERIOD)).toBe('already-sent');
    expect(smtp!.messages).toHaveLength(2);
    expect(smtp!.messages[0]!.messageId).toBe(smtp!.messages[1]!.messageId);
  });
});
