/**
 * The what-if page in headless Chromium: sign in, slip a critical item, finish it, then ask
 * about an unknown key. Today and the scenario stand side by side with the critical-path diff;
 * the scenario's graph source is a hand-built program whose answers are known.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphItem, ProgramGraph } from '../../services/graph/graph-types.js';
import { createWhatIfService } from '../../services/whatif/whatif-service.js';
import { reportInputsFixture } from '../fixtures/reports/program-report-inputs.js';
import { blocks, graphOf, item, team } from '../unit/graph/graph-fixtures.js';
import { launchChromium, openPage, startFixtureDashboard, type FixtureDashboard } from './browser-kit.js';

const SECRET = 'e2e-whatif-secret';
const HISTORY = { cycleTimes: [2, 3, 3, 4, 4, 5, 3, 4, 2, 5], weeklyThroughput: [3, 4, 3, 4], daysPerPoint: 1 };

/** PAY-1 (5 d) → WEB-1 (3 d) is critical; MOB-1 (2 d) → WEB-1 has 3 days of slack. */
function program(): ProgramGraph {
  const work = (id: string, teamName: string, days: number): GraphItem => item(id, { team: teamName, durationDays: days });
  return graphOf(
    [work('PAY-1', 'payments', 5), work('MOB-1', 'mobile', 2), work('WEB-1', 'web', 3)],
    [blocks('PAY-1', 'WEB-1'), blocks('MOB-1', 'WEB-1')],
    { program: 'checkout-v2', targetDate: '2026-06-19', teams: [team('payments', HISTORY), team('mobile', HISTORY), team('web', HISTORY)] },
  );
}

async function compare(page: Page, fields: Readonly<Record<string, string>>): Promise<void> {
  for (const id of ['slip', 'estimate', 'done', 'cut', 'add-link', 'remove-link', 'capacity']) await page.fill(`#whatif-${id}`, fields[id] ?? '');
  await page.click('text=Compare');
  await page.waitForLoadState('load');
}

const cell = (page: Page, row: string, column: 2 | 3) => page.locator(`tr[data-row="${row}"] td:nth-child(${column})`).textContent();

describe('what-if page in Chromium', () => {
  let dashboard: FixtureDashboard;
  let browser: Browser;
  let asked = 0;

  beforeAll(async () => {
    const whatIf = createWhatIfService({
      loadGraph: async (name) => {
        asked += 1;
        return name === 'checkout-v2' ? { graph: program(), settings: { trials: 500, seed: 3, minFinishedItems: 1 } } : null;
      },
    });
    dashboard = await startFixtureDashboard(reportInputsFixture(), SECRET, { whatIf });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
  });

  it('compares a slip and a finished item with today, and names a bad key', async () => {
    const { page, scriptErrors } = await openPage(browser, 1280, 1200);

    await page.goto(`${dashboard.baseUrl}/programs/checkout-v2/whatif`);
    await page.fill('#name', 'Dana Whitfield');
    await page.fill('#secret', SECRET);
    await page.click('button:has-text("Sign in")');
    expect(new URL(page.url()).pathname).toBe('/programs/checkout-v2/whatif');
    expect(await page.locator('.whatif-result').count()).toBe(0);

    // A slip on the zero-slack item moves the finish by exactly the slip.
    await compare(page, { slip: 'PAY-1=+5d' });
    expect(await cell(page, 'CPM finish', 2)).toBe('10 Jun 2026');
    expect(await cell(page, 'CPM finish', 3)).toBe('17 Jun 2026');
    expect(await page.locator('p.moves').textContent()).toContain('CPM finish moves +5 working days');
    expect(await cell(page, 'P85', 3)).not.toBe('—');
    expect(await cell(page, 'Chance of the target', 2)).toMatch(/%$/);
    expect(await page.locator('.path-diff').textContent()).toContain('The critical path does not change.');
    expect(await page.inputValue('#whatif-slip')).toBe('PAY-1=+5d');

    // Finishing it hands the critical path to MOB-1.
    await compare(page, { done: 'PAY-1' });
    expect(await page.locator('.path-today').textContent()).toBe('PAY-1 → WEB-1');
    expect(await page.locator('.path-scenario').textContent()).toBe('MOB-1 → WEB-1');
    expect(await page.locator('.path-added').textContent()).toBe('MOB-1');
    expect(await page.locator('.path-removed').textContent()).toBe('PAY-1');
    mkdirSync('out/screenshots', { recursive: true });
    await page.screenshot({ path: 'out/screenshots/whatif.png', fullPage: true });

    // Bad input: a clear error, the form kept, no result.
    await compare(page, { slip: 'NOPE-9=+2d', capacity: 'payments=50%' });
    expect(await page.locator('[role=alert]').textContent()).toContain('--slip NOPE-9=+2d: no item with key "NOPE-9" in program checkout-v2');
    expect(await page.locator('.whatif-result').count()).toBe(0);
    expect(await page.inputValue('#whatif-capacity')).toBe('payments=50%');
    expect(scriptErrors).toEqual([]);
    expect(asked).toBe(3);
  });
});
