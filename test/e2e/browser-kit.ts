/**
 * What the browser tests share: Debian's Chromium through playwright-core (no download), and
 * the dashboard plugin served on loopback with the report fixture behind it.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { dashboardRevocations } from '../../db/dashboard-revocations.js';
import { Secret } from '../../services/config/secret.js';
import { dashboardRoutes, type DashboardRoutesOptions } from '../../services/http/dashboard-routes.js';
import type { ProgramReportInputs } from '../../services/reports/report-inputs.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install it with \`apt-get update && apt-get install -y chromium\` to run the browser tests`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    // Without the background-networking flags Chromium keeps dialling out on a closed network.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A new page of `width` × `height` and the script errors it raises (a page must raise none). */
export async function openPage(browser: Browser, width: number, height: number): Promise<{ page: Page; scriptErrors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height } });
  const scriptErrors: string[] = [];
  page.on('pageerror', (error) => scriptErrors.push(error.message));
  return { page, scriptErrors };
}

/** Signs in with the shared secret on the login page and waits to land on `next`. */
export async function signInWithSecret(page: Page, baseUrl: string, name: string, secret: string, next: string): Promise<void> {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.fill('#name', name);
  await page.fill('#secret', secret);
  await Promise.all([page.waitForURL(`${baseUrl}${next}`), page.click('button[type="submit"]')]);
}

/** An http base URL for an app listening on an ephemeral loopback port. */
export async function listenOnLoopback(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

export interface FixtureDashboard {
  readonly app: FastifyInstance;
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** The dashboard with one program, `checkout-v2`, whose report inputs are `inputs`; `extra` adds optional parts (what-if). */
export async function startFixtureDashboard(
  inputs: ProgramReportInputs,
  secret: string,
  extra: Pick<DashboardRoutesOptions, 'whatIf'> = {},
): Promise<FixtureDashboard> {
  const database: TestDatabase = await createTestDatabase('pglite');
  const app = Fastify();
  await app.register(dashboardRoutes, {
    loadProgramList: async () => [
      { name: 'checkout-v2', title: 'Checkout v2', owner: 'Dana Whitfield', targetDate: '2027-07-15', colour: 'yellow', confidence: 0.72, p85: '2027-07-19', asOf: '2027-05-24' },
    ],
    loadReportInputs: async (name) => (name === 'checkout-v2' ? inputs : null),
    auth: { sharedSecret: new Secret(secret) },
    publicUrl: 'http://127.0.0.1',
    revocations: dashboardRevocations(database.db),
    ...extra,
  });
  const baseUrl = await listenOnLoopback(app);
  return {
    app,
    baseUrl,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
