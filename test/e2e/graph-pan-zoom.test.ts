/**
 * The program page's dependency graph in Chromium: pan and zoom (svg-pan-zoom), and focus on one
 * item, which leaves only that item, what it waits for and what waits for it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programGraphItems } from '../../services/reports/graph-layout.js';
import { reportInputsFixture } from '../fixtures/reports/program-report-inputs.js';
import { launchChromium, openPage, signInWithSecret, startFixtureDashboard, type FixtureDashboard } from './browser-kit.js';

const SECRET = 'e2e-graph-pan-zoom-secret';

/** Upstream and downstream of `id` over the links between drawn items, `id` included. */
function expectedFocus(id: string): string[] {
  const { current } = reportInputsFixture();
  const drawn = new Set(programGraphItems(current).map((i) => i.id));
  const links = current.links.filter((l) => drawn.has(l.from) && drawn.has(l.to) && l.from !== l.to);
  const walk = (start: string, next: (at: string) => string[]) => {
    const seen = new Set([start]);
    const queue = [start];
    while (queue.length > 0) {
      for (const other of next(queue.shift()!)) {
        if (seen.has(other)) continue;
        seen.add(other);
        queue.push(other);
      }
    }
    return seen;
  };
  const up = walk(id, (at) => links.filter((l) => l.to === at).map((l) => l.from));
  const down = walk(id, (at) => links.filter((l) => l.from === at).map((l) => l.to));
  return [...new Set([...up, ...down])].sort();
}

describe('dependency graph pan, zoom and focus in Chromium', () => {
  let dashboard: FixtureDashboard;
  let browser: Browser;

  beforeAll(async () => {
    dashboard = await startFixtureDashboard(reportInputsFixture(), SECRET);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
  });

  it('zooms with the controls and focuses on one item’s upstream and downstream', async () => {
    const { page, scriptErrors } = await openPage(browser, 1280, 1400);
    await signInWithSecret(page, dashboard.baseUrl, 'Dana Whitfield', SECRET, '/programs/checkout-v2');

    const viewport = page.locator('#program-graph g.svg-pan-zoom_viewport');
    await expect.poll(() => viewport.count()).toBe(1);
    const before = await viewport.getAttribute('transform');
    await page.locator('#svg-pan-zoom-zoom-in').click();
    await expect.poll(() => viewport.getAttribute('transform')).not.toBe(before);

    const { current } = reportInputsFixture();
    const pay88 = current.items.find((i) => i.key === 'PAY-88')!.id;
    const allNodes = await page.locator('#program-graph g.node').count();
    await page.locator('fieldset.team-filter select[name="focus"]').selectOption(pay88);
    const visible = async () => (await page.locator('#program-graph g.node:not(.focus-hidden)').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id')))).sort();
    await expect.poll(visible).toEqual(expectedFocus(pay88));
    expect((await visible()).length).toBeLessThan(allNodes);
    expect(await page.locator('#program-graph g.node.focused').getAttribute('data-id')).toBe(pay88);

    await page.locator('fieldset.team-filter select[name="focus"]').selectOption('');
    await expect.poll(() => page.locator('#program-graph g.node.focus-hidden').count()).toBe(0);
    expect(scriptErrors).toEqual([]);
    await page.close();
  }, 60_000);
});
