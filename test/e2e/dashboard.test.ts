/**
 * The dashboard in a real browser: a fastify app with the plugin on 127.0.0.1, headless
 * Chromium logs in, checks the critical path and the graph, toggles the team filter and saves
 * a screenshot to out/screenshots/dashboard.png.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../services/config/secret.js';
import { dashboardRevocations } from '../../db/dashboard-revocations.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { dashboardRoutes } from '../../services/http/dashboard-routes.js';
import { CRITICAL_KEYS, reportInputsFixture } from '../fixtures/reports/program-report-inputs.js';

const CHROMIUM = '/usr/bin/chromium';

/** The one browser API used in page functions (the project compiles without the DOM lib). */
interface BrowserWindow {
  getComputedStyle(element: unknown): { readonly opacity: string };
}
const SECRET = 'e2e-dashboard-secret';

describe('dashboard in Chromium', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let database: TestDatabase;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install it with \`apt-get update && apt-get install -y chromium\` to run the dashboard e2e test`);
    }
    const inputs = reportInputsFixture();
    database = await createTestDatabase('pglite');
    app = Fastify();
    await app.register(dashboardRoutes, {
      loadProgramList: async () => [
        { name: 'checkout-v2', title: 'Checkout v2', owner: 'Dana Whitfield', targetDate: '2027-07-15', colour: 'yellow', confidence: 0.72, p85: '2027-07-19', asOf: '2027-05-24' },
      ],
      loadReportInputs: async (name) => (name === 'checkout-v2' ? inputs : null),
      auth: { sharedSecret: new Secret(SECRET) },
      publicUrl: 'http://127.0.0.1',
      revocations: dashboardRevocations(database.db),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
  });

  it('logs in, shows the critical path and the highlighted graph, and filters by team', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    const scriptErrors: string[] = [];
    page.on('pageerror', (error) => scriptErrors.push(error.message));

    await page.goto(`${baseUrl}/programs/checkout-v2`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('#name', 'Dana Whitfield');
    await page.fill('#secret', SECRET);
    await Promise.all([page.waitForURL(`${baseUrl}/programs/checkout-v2`), page.click('button[type="submit"]')]);

    const keys = await page.locator('ol.critical-path > li').evaluateAll((items) => items.map((li) => li.getAttribute('data-key')));
    expect(keys).toEqual([...CRITICAL_KEYS]);
    await expect.poll(() => page.locator('#program-graph svg g.node.on-path').count()).toBe(5);
    const criticalStroke = await page.locator('#program-graph g.node.on-path rect').first().getAttribute('stroke');
    expect(criticalStroke).toBe('#c62828');

    const webNodes = page.locator('#program-graph g.node[data-team="Web Checkout"]');
    expect(await webNodes.count()).toBeGreaterThan(0);
    expect(await page.locator('#program-graph g.node.filtered-out').count()).toBe(0);
    await page.locator('fieldset.team-filter input[value="Web Checkout"]').uncheck();
    const dimmed = await webNodes.evaluateAll((nodes) => nodes.every((n) => n.classList.contains('filtered-out')));
    expect(dimmed).toBe(true);
    // The CSS fades over 0.15 s; wait for it to settle.
    await expect.poll(async () => Number(await webNodes.first().evaluate((n) => (globalThis as unknown as BrowserWindow).getComputedStyle(n).opacity))).toBeLessThan(0.5);
    expect(await page.locator('#program-graph g.node[data-team="Payments"].filtered-out').count()).toBe(0);

    mkdirSync('out/screenshots', { recursive: true });
    await page.screenshot({ path: 'out/screenshots/dashboard.png', fullPage: false });
    expect(scriptErrors).toEqual([]);
  });
});
