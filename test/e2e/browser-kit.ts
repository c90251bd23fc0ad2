/**
 * What the browser tests share: Debian's Chromium through playwright-core (no download), and
 * the dashboard plugin served on loopback with the report fixture behind it.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
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
