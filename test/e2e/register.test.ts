/**
 * A TPM's weekly review in headless Chromium against the real server wiring (buildHttpApp over
 * PGlite): sign in with an emailed one-time link, edit a risk's mitigation, record a decision
 * and resolve it, then find all of it in the history and in the next weekly report page.
 */
import { mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { SendMailOptions } from 'nodemailer';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../services/app/http-app.js';
import { parseRuntimeSettings } from '../../services/config/load-config.js';
import { Secret } from '../../services/config/secret.js';
import { createLogger } from '../../services/logging/logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { registerFixtureConfig, seedRegisterFixture } from '../helpers/register-fixture.js';
import { launchChromium, openPage, listenOnLoopback } from './browser-kit.js';

const TARGET_MISS = 'target-miss';

describe('risk register and decisions in Chromium', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let riskIds: Map<string, number>;
  const sent: SendMailOptions[] = [];

  beforeAll(async () => {
    t = await createTestDatabase('pglite');
    const file = registerFixtureConfig();
    riskIds = await seedRegisterFixture(t.db, file, new Date());
    const runtime = {
      ...parseRuntimeSettings({}),
      dashboardSecret: new Secret('e2e-register-shared-secret'),
      signingKey: new Secret('e2e-register-signing-key-0123456789'),
      publicUrl: 'http://seams.invalid',
    };
    ({ app } = await buildHttpApp({
      config: { file, runtime },
      db: t.db,
      logger: createLogger({ level: 'silent' }),
      mailTransport: { sendMail: async (message) => void sent.push(message) },
    }));
    baseUrl = await listenOnLoopback(app);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.drop();
  });

  it('signs in by emailed link, edits a mitigation, records and resolves a decision, and shows them in history and report', async () => {
    const { page, scriptErrors } = await openPage(browser, 1280, 1400);

    // Sign in with a one-time link sent to a configured address.
    await page.goto(`${baseUrl}/programs/checkout-v2/risks`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('#email', 'dana@example.com');
    await page.click('text=Email me a sign-in link');
    await expect.poll(() => page.locator('p.notice').textContent()).toContain('a one-time link is on its way');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe('dana@example.com');
    const emailed = new URL(/https?:\/\/\S+/.exec(String(sent[0]!.text))![0]);
    const link = `${baseUrl}${emailed.pathname}${emailed.search}`;
    await page.goto(link);
    expect(new URL(page.url()).pathname).toBe('/programs/checkout-v2/risks');
    expect(await page.locator('.whoami').textContent()).toBe('Dana Whitfield · editor');

    // The link works once.
    const other = await browser.newPage();
    await other.goto(link);
    expect(await other.locator('p.error').textContent()).toContain('invalid, expired or already used');
    await other.close();

    // Filter the register, open a risk and set its mitigation.
    await page.selectOption('select[name="severity"]', 'high');
    await page.click('form.filters button[type="submit"]');
    await expect.poll(() => page.locator('table.register tbody tr').count()).toBe(2);
    const targetMissId = riskIds.get(TARGET_MISS)!;
    await page.click(`tr[data-risk-id="${targetMissId}"] a`);
    await page.fill('#mitigation', 'Move the target to 19 July; agreed with Payments');
    await page.selectOption('#status', 'mitigating');
    await page.fill('#note', 'Discussed in the weekly review');
    await page.click('form.risk-form button[type="submit"]');
    await expect.poll(() => page.locator('p.saved').count()).toBe(1);
    expect(await page.locator('td.risk-mitigation').textContent()).toBe('Move the target to 19 July; agreed with Payments');
    const history = await page.locator('table.history tbody tr').allTextContents();
    expect(history.some((row) => row.includes('Dana Whitfield') && row.includes('mitigation') && row.includes('Move the target to 19 July'))).toBe(true);
    expect(history.some((row) => row.includes('status') && row.includes('open') && row.includes('mitigating'))).toBe(true);

    // Bad input is refused with a clear message and nothing is saved.
    // The browser's date picker cannot produce an impossible date; a hand-made request can.
    await page.evaluate(() => {
      const input = (globalThis as unknown as { document: { querySelector(s: string): { type: string; value: string } } }).document.querySelector('#snoozeUntil');
      input.type = 'text';
      input.value = '2027-02-30';
    });
    await page.click('form.risk-form button[type="submit"]');
    expect(await page.locator('.notice.error').textContent()).toContain('snoozeUntil: not a real calendar date');
    expect(await page.locator('table.history tbody tr').count()).toBe(history.length);

    // Record a decision, then resolve it.
    await page.click('nav.program-nav >> text=Decisions');
    await page.fill('#question', 'Ship without gift cards?');
    await page.fill('#options', 'Ship without gift cards\nSlip two weeks');
    await page.fill('#recommendation', 'Ship without gift cards');
    await page.fill('#decider', 'VP Product');
    await page.fill('#due', '2027-06-01');
    await page.fill('#riskIds', String(targetMissId));
    await page.click('form.decision-form button[type="submit"]');
    await expect.poll(() => page.locator('td.decision-status').textContent()).toBe('open');
    await page.fill('#outcome', 'Ship without gift cards; they follow in 2.1');
    await page.click('form.resolve-form button[type="submit"]');
    await expect.poll(() => page.locator('td.decision-status').textContent()).toBe('decided');
    expect(await page.locator('td.decision-outcome').textContent()).toContain('Ship without gift cards; they follow in 2.1');
    expect(await page.locator('table.history tbody').textContent()).toContain('Dana Whitfield');

    // The next weekly report shows the mitigation and the decision taken this week.
    await page.click('nav.program-nav >> text=Weekly report');
    const report = (await page.locator('section.report').textContent()) ?? '';
    expect(report).toContain('Move the target to 19 July; agreed with Payments');
    expect(report).toContain('Decided this week');
    expect(report).toContain('Ship without gift cards; they follow in 2.1');

    mkdirSync('out/screenshots', { recursive: true });
    await page.goto(`${baseUrl}/programs/checkout-v2/risks/${targetMissId}`);
    await page.screenshot({ path: 'out/screenshots/risk-register.png', fullPage: true });
    await page.goto(`${baseUrl}/programs/checkout-v2/decisions`);
    await page.screenshot({ path: 'out/screenshots/decisions.png', fullPage: true });

    // The team matrix opens the team's page.
    await page.goto(`${baseUrl}/programs/checkout-v2/report`);
    await page.click('table.matrix th a:text-is("Payments")');
    expect(await page.locator('h1').textContent()).toBe('Payments Yellow');
    expect(await page.locator('ul.waits-on').textContent()).toContain('IDN-44');
    await page.screenshot({ path: 'out/screenshots/team.png', fullPage: true });
    expect(scriptErrors).toEqual([]);
  });

  it('shows viewers the register without forms and refuses their changes', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.fill('#email', 'val@example.com');
    await page.click('text=Email me a sign-in link');
    await expect.poll(() => sent.length).toBe(2);
    const emailed = new URL(/https?:\/\/\S+/.exec(String(sent[1]!.text))![0]);
    await page.goto(`${baseUrl}${emailed.pathname}${emailed.search}`);
    const riskId = riskIds.get(TARGET_MISS)!;
    await page.goto(`${baseUrl}/programs/checkout-v2/risks/${riskId}`);
    expect(await page.locator('.whoami').textContent()).toBe('Val Viewer · viewer');
    expect(await page.locator('form.risk-form').count()).toBe(0);
    const csrf = await page.locator('input[name="_csrf"]').first().getAttribute('value');
    // The page's CSP allows no script requests; the browser context's own client carries the session cookie.
    const api = (token: string | null) =>
      page.context().request.patch(`${baseUrl}/api/risks/${riskId}`, { headers: { 'content-type': 'application/json', 'x-csrf-token': token ?? '' }, data: { mitigation: 'sneaky' } });
    expect((await api(null)).status()).toBe(403);
    const status = (await api(csrf)).status();
    expect(status).toBe(403);
    expect((await (await page.context().request.get(`${baseUrl}/api/risks/${riskId}`)).json()).risk.mitigation).not.toBe('sneaky');
  });
});
