/**
 * Layout in a real browser at phone and desktop widths: every dashboard page and both emails
 * fit the viewport without sideways scrolling, and chart axis labels never overlap.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChartSvg } from '../../services/reports/chart-render.js';
import { confidenceTrendSpec } from '../../services/reports/chart-specs.js';
import { renderEmail } from '../../services/reports/render-email.js';
import { DEFAULT_COLOUR_THRESHOLDS } from '../../services/risk/status-colour.js';
import { reportInputsFixture } from '../fixtures/reports/program-report-inputs.js';
import { launchChromium, startFixtureDashboard, type FixtureDashboard } from './browser-kit.js';

const SECRET = 'e2e-layout-secret';
const WIDTHS = [375, 1280] as const;

interface Box {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** Page functions run in the browser; the project compiles without the DOM lib. */
interface BrowserDocument {
  readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
  querySelectorAll(selector: string): Iterable<{ getBoundingClientRect(): Box; readonly tagName: string; readonly className: unknown }>;
}

async function overflow(page: Page): Promise<{ scrollWidth: number; width: number; widest: string[] }> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: BrowserDocument }).document;
    const width = doc.documentElement.clientWidth;
    const view = globalThis as unknown as { getComputedStyle(e: unknown): { overflowX: string } };
    // Content inside its own scrolling box (a wide graph, a wide table) does not widen the page.
    const scrollsInside = (e: unknown): boolean => {
      for (let p = (e as { parentElement: unknown }).parentElement; p; p = (p as { parentElement: unknown }).parentElement) {
        if (['auto', 'scroll', 'hidden'].includes(view.getComputedStyle(p).overflowX)) return true;
      }
      return false;
    };
    const widest = [...doc.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 1 && !scrollsInside(e))
      .slice(0, 5)
      .map((e) => `${e.tagName}.${String(e.className)} → ${Math.round(e.getBoundingClientRect().right)} px`);
    return { scrollWidth: doc.documentElement.scrollWidth, width, widest };
  });
}

describe('layout at 375 and 1280 px', () => {
  let dashboard: FixtureDashboard;
  let browser: Browser;
  let baseUrl: string;
  const inputs = reportInputsFixture();

  beforeAll(async () => {
    dashboard = await startFixtureDashboard(inputs, SECRET);
    baseUrl = dashboard.baseUrl;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
  });

  for (const width of WIDTHS) {
    for (const path of ['/', '/programs/checkout-v2', '/programs/checkout-v2/report']) {
      it(`dashboard ${path} fits ${width} px`, async () => {
        const page = await browser.newPage({ viewport: { width, height: 900 }, extraHTTPHeaders: { authorization: `Bearer ${SECRET}` } });
        await page.goto(`${baseUrl}${path}`);
        const result = await overflow(page);
        await page.close();
        expect(result.widest).toEqual([]);
        expect(result.scrollWidth).toBeLessThanOrEqual(result.width);
      });
    }

    for (const kind of ['tpm', 'leadership'] as const) {
      it(`${kind} email fits ${width} px`, async () => {
        const email = await renderEmail(kind, inputs, { unsubscribeUrl: 'https://seams.example.com/unsubscribe?token=x' });
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        await page.setContent(email.html);
        const result = await overflow(page);
        await page.close();
        expect(result.widest).toEqual([]);
        expect(result.scrollWidth).toBeLessThanOrEqual(result.width);
      });
    }
  }

  it('the confidence trend never overlaps its date labels, even with many weeks', async () => {
    for (const weeks of [4, 7, 12, 26]) {
      const points = Array.from({ length: weeks }, (_, i) => ({
        date: new Date(Date.UTC(2026, 9, 14 + 7 * i)).toISOString().slice(0, 10),
        confidence: 0.5 + 0.3 * Math.sin(i),
        p85: '2027-03-01',
        targetDate: '2027-03-15',
        targetMovedFrom: null,
        targetMoved: false,
      }));
      const svg = await renderChartSvg(confidenceTrendSpec(points, DEFAULT_COLOUR_THRESHOLDS, 480));
      const page = await browser.newPage({ viewport: { width: 800, height: 400 } });
      await page.setContent(`<!DOCTYPE html><body style="margin:0">${svg}</body>`);
      const boxes = await page.evaluate(() => {
        const doc = (globalThis as unknown as { document: BrowserDocument }).document;
        return [...doc.querySelectorAll('.role-axis-label text')].map((t) => t.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom }));
      });
      await page.close();
      const xLabels = boxes.filter((b) => b.top > 100);
      expect(xLabels.length).toBeGreaterThan(1);
      for (let i = 1; i < xLabels.length; i++) {
        const [a, b] = [xLabels[i - 1]!, xLabels[i]!];
        const overlaps = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        expect(overlaps, `labels ${i - 1} and ${i} overlap with ${weeks} weeks`).toBe(false);
      }
    }
  });
});
