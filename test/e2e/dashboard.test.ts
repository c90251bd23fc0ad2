/**
 * The dashboard in a real browser: a fastify app with the plugin on 127.0.0.1, headless
 * Chromium logs in, checks the critical path and the graph, toggles the team filter and saves
 * a screenshot to out/screenshots/dashboard.png.
 */
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRITICAL_KEYS, reportInputsFixture } from '../fixtures/reports/program-report-inputs.js';
import { launchChromium, openPage, startFixtureDashboard, type FixtureDashboard } from './browser-kit.js';

/** The one browser API used in page functions (the project compiles without the DOM lib). */
interface BrowserWindow {
  getComputedStyle(element: unknown): { readonly opacity: string };
}
const SECRET = 'e2e-dashboard-secret';

describe('dashboard in Chromium', () => {
  let dashboard: FixtureDashboard;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    dashboard = await startFixtureDashboard(reportInputsFixture(), SECRET);
    baseUrl = dashboard.baseUrl;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
  });

  it('logs in, shows the critical path and the highlighted graph, and filters by team', async () => {
    const { page, scriptErrors } = await openPage(browser, 1280, 1600);

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
