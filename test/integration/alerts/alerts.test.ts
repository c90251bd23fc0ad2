/**
 * Alerts end to end: a synced program, a subscriber who asked for alerts, a rebuild after a
 * critical item is re-estimated writes one alert into the outbox; it is rendered with the reason
 * and why the date moved, sent once over SMTP, and a rebuild with nothing new sends nothing.
 */
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDeliveries } from '../../../db/deliveries.js';
import { createDbSyncStore } from '../../../db/sync-store.js';
import { createSeamsServices } from '../../../services/app/seams-services.js';
import { registerConfig } from '../../../services/app/register-config.js';
import type { ConfigFile } from '../../../services/config/config-schema.js';
import { parseConfigFile, parseRuntimeSettings, resolveCredentials } from '../../../services/config/load-config.js';
import { createSourceConnector } from '../../../services/connectors/connector-factory.js';
import { createDeliveryService } from '../../../services/delivery/delivery-service.js';
import { createSubscriptionService } from '../../../services/delivery/subscription-service.js';
import { createLogger } from '../../../services/logging/logger.js';
import { startSandboxTrackers, type SandboxTrackers } from '../../../services/sandbox/sandbox-trackers.js';
import type { AppServices } from '../../../services/app/app-services.js';
import { startSmtpTestServer, type SmtpTestServer } from '../delivery/smtp-test-server.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/test-database.js';

const SIGNING_KEY = 'alerts-test-signing-key-0123456789';
const PUBLIC_URL = 'https://seams.example.com';
const DAY = 86_400_000;

describe.each(DIALECTS)('alerts (%s)', (kind) => {
  let t: TestDatabase;
  let sandbox: SandboxTrackers;
  let smtp: SmtpTestServer;
  let file: ConfigFile;
  let services: AppServices;
  let clock = new Date();

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    sandbox = await startSandboxTrackers({ seed: 7, size: 'demo', now: clock });
    const document = sandbox.configDocument as { subscriptions: { email: string; program: string; audience: string }[] };
    file = parseConfigFile(
      {
        ...document,
        forecast: { trials: 2000, seed: 3 },
        subscriptions: [
          ...document.subscriptions,
          { email: 'cto@example.com', program: 'launch', audience: 'leadership', alerts: { p85MovedDays: 3, colourChange: true } },
        ],
      },
      'alerts test',
    );
    await registerConfig(t.db, file);
    const credentials = resolveCredentials(file, sandbox.env, 'sandbox');
    const store = createDbSyncStore(t.db);
    const logger = createLogger({ level: 'silent' });
    for (const source of ['jira', 'linear']) await createSourceConnector({ sources: file.sources, credentials, store, logger }, source).sync({ mode: 'full' });
    await createSubscriptionService({ db: t.db, signingKey: SIGNING_KEY }).syncFromConfig(file);
    services = createSeamsServices({
      db: t.db,
      config: { file, credentials, runtime: { ...parseRuntimeSettings({}), publicUrl: PUBLIC_URL } },
      logger,
      now: () => clock,
    });
    smtp = await startSmtpTestServer();
  }, 120_000);

  afterAll(async () => {
    await smtp?.close();
    await sandbox?.close();
    await t?.drop();
  });

  it('alerts once when a critical re-estimate moves P85, with the reason and why; nothing when nothing moved', async () => {
    const first = await services.rebuildProgram('launch');
    expect(first.alerts ?? []).toEqual([]);

    // The head of the critical path becomes far bigger.
    const [head] = (await t.db.selectFrom('snapshots').select('critical_path').executeTakeFirstOrThrow()).critical_path as string[];
    const externalId = head!.split(':').slice(1).join(':');
    await t.db.updateTable('work_items').set({ estimate: 40 }).where('external_id', '=', externalId).execute();
    clock = new Date(clock.getTime() + DAY / 24);
    const second = await services.rebuildProgram('launch');
    expect(second.alerts).toHaveLength(1);
    const [alert] = second.alerts!;
    expect(alert!.period).toMatch(/^alert:\d+$/);

    const delivery = createDeliveryService({
      db: t.db,
      transport: nodemailer.createTransport({ url: smtp.url, socketTimeout: 5_000 }),
      render: services.renderProgramEmail.bind(services),
      renderAlert: services.renderAlertEmail!.bind(services),
      publicUrl: PUBLIC_URL,
      signingKey: SIGNING_KEY,
      mailFrom: 'Seams <seams@example.com>',
      unsubscribeMailbox: 'seams@example.com',
      leaseMs: 60_000,
      unknownOutcome: 'at-most-once',
    });
    expect(await delivery.deliver(alert!.subscriptionId, alert!.period)).toBe('sent');
    expect(await delivery.deliver(alert!.subscriptionId, alert!.period)).toBe('already-sent');
    expect(smtp.messages).toHaveLength(1);
    const mail = await simpleParser(smtp.messages[0]!.raw);
    expect(mail.to).toMatchObject({ text: 'cto@example.com' });
    expect(mail.subject).toMatch(/P85 moved later by \d+ working days/);
    expect(mail.text).toContain('Why the date moved:');
    expect(mail.text).toMatch(/\+\d+ d: \S+ re-estimated .* → 40 points/);

    clock = new Date(clock.getTime() + DAY / 24);
    const third = await services.rebuildProgram('launch');
    expect(third.alerts ?? []).toEqual([]);
    expect((await listDeliveries(t.db)).filter((d) => d.period.startsWith('alert:'))).toHaveLength(1);
  }, 180_000);
});
