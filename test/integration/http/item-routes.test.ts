import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../services/config/secret.js';
import { dashboardRevocations } from '../../../db/dashboard-revocations.js';
import { handleHttpError } from '../../../services/http/http-errors.js';
import { dashboardRoutes } from '../../../services/http/dashboard-routes.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { reportInputsFixture } from '../../fixtures/reports/program-report-inputs.js';

const SECRET = 'correct horse battery staple';
const BEARER = { authorization: `Bearer ${SECRET}`, 'x-seams-user': 'Dana' };
const HTML = { ...BEARER, accept: 'text/html' };

let database: TestDatabase;
let app: FastifyInstance;
beforeAll(async () => {
  database = await createTestDatabase('pglite');
  app = Fastify();
  app.setErrorHandler(handleHttpError);
  const base = reportInputsFixture();
  const items = base.current.items.map((i) =>
    i.key === 'IDN-44' ? { ...i, downstream: { items: 4, teams: ['Payments', 'Web Checkout'], target: { date: '2027-07-15', itemId: 'linear:web-230' } } } : i,
  );
  await app.register(dashboardRoutes, {
    loadProgramList: async () => [],
    loadReportInputs: async (name) => (name === 'checkout-v2' ? { ...base, current: { ...base.current, items } } : null),
    auth: { sharedSecret: new Secret(SECRET), signingKey: new Secret('test-signing-key-0123456789') },
    publicUrl: 'https://seams.example.com',
    revocations: dashboardRevocations(database.db),
  });
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

describe('item lists and details', () => {
  it('shows the blocked list filtered by team and the team it waits on, linked from the team matrix', async () => {
    const page = await app.inject({ url: '/programs/checkout-v2/items?list=blocked&team=Payments&waitsOn=Identity', headers: HTML });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-item-key="PAY-88"');
    expect(page.body).not.toContain('data-item-key="PAY-91"');
    expect(page.body).toContain('export/items.csv?list&#x3D;blocked&amp;team&#x3D;Payments&amp;waitsOn&#x3D;Identity');
    const program = await app.inject({ url: '/programs/checkout-v2/report', headers: HTML });
    expect(program.body).toContain('/programs/checkout-v2/items?list=blocked&amp;team=Payments&amp;waitsOn=Identity');
  });

  it('answers a refused filter with 422 naming the parameter, as a page and from the API', async () => {
    const page = await app.inject({ url: '/programs/checkout-v2/items?sort=colour', headers: HTML });
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('sort: expected one of key, finish');
    const api = await app.inject({ url: '/api/programs/checkout-v2/items?list=everything', headers: BEARER });
    expect(api.statusCode).toBe(422);
    expect(api.json().issues[0]).toMatchObject({ path: 'list' });
  });

  it('serves the critical path as JSON and CSV', async () => {
    const api = await app.inject({ url: '/api/programs/checkout-v2/items?list=critical', headers: BEARER });
    expect(api.statusCode).toBe(200);
    expect(api.json().items.map((i: { key: string }) => i.key)).toEqual(['PLAT-12', 'IDN-41', 'PAY-88', 'PAY-91', 'WEB-230']);
    const csv = await app.inject({ url: '/programs/checkout-v2/export/items.csv?list=critical&team=Payments', headers: BEARER });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n').filter((l) => l !== '').map((l) => l.split(',')[0])).toEqual(['key', 'PAY-88', 'PAY-91']);
  });

  it('shows an item with its downstream impact and earliest threatened target, as a page and JSON', async () => {
    const page = await app.inject({ url: '/programs/checkout-v2/items/IDN-44', headers: HTML });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('4 items</strong> wait on it');
    expect(page.body).toContain('the due date of <a class="key" href="/programs/checkout-v2/items/WEB-230">WEB-230</a>');
    const api = await app.inject({ url: '/api/programs/checkout-v2/items/idn-44', headers: BEARER });
    expect(api.json()).toMatchObject({ item: { key: 'IDN-44', downstream: { items: 4, teams: ['Payments', 'Web Checkout'] } }, targetItem: { key: 'WEB-230' } });
    const missing = await app.inject({ url: '/api/programs/checkout-v2/items/NOPE-1', headers: BEARER });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toBe('no item NOPE-1 in checkout-v2');
  });
});
