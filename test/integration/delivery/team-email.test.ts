/** The `team` audience end to end below SMTP: config subscription with its team → stored row → that team's own email. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeamsServices } from '../../../services/app/seams-services.js';
import { parseConfigFile, parseRuntimeSettings } from '../../../services/config/load-config.js';
import { createSubscriptionService } from '../../../services/delivery/subscription-service.js';
import { createLogger } from '../../../services/logging/logger.js';
import { registerFixtureConfig, seedRegisterFixture } from '../../helpers/register-fixture.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/test-database.js';

describe.each(DIALECTS)('team audience email on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("stores the subscriber's team and sends that team's report", async () => {
    const base = registerFixtureConfig();
    const file = parseConfigFile({ ...base, subscriptions: [...base.subscriptions, { email: 'aiko@example.com', program: 'checkout-v2', audience: 'team', team: 'Web Checkout' }] }, 'test');
    await seedRegisterFixture(t.db, file, new Date());
    const [, row] = await createSubscriptionService({ db: t.db, signingKey: 'team-email-signing-key-0123456789' }).syncFromConfig(file);
    expect(row).toMatchObject({ email: 'aiko@example.com', audience: 'team', team: 'Web Checkout' });

    const services = createSeamsServices({ db: t.db, config: { file, credentials: new Map(), runtime: { ...parseRuntimeSettings({}), publicUrl: 'https://seams.example.com' } }, logger: createLogger({ level: 'silent' }) });
    const email = await services.renderProgramEmail('checkout-v2', 'team', { email: row!.email, unsubscribeUrl: 'https://seams.example.com/u?t=1', team: row!.team });
    expect(email?.subject).toMatch(/^Web Checkout weekly report, .* \(Checkout v2\): (Green|Yellow|Red)$/);
    expect(email?.text).toContain('WAITS ON');
    const tpm = await services.renderProgramEmail('checkout-v2', 'tpm', { email: 'dana@example.com', unsubscribeUrl: 'https://seams.example.com/u?t=2' });
    expect(tpm?.subject).toMatch(/^Checkout v2 weekly report/);
    expect(await services.renderProgramEmail('checkout-v2', 'team', { email: 'x@example.com', unsubscribeUrl: 'https://seams.example.com/u?t=3', team: null })).toBeNull();
  });
});
