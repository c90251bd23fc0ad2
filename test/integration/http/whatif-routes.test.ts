import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../services/config/secret.js';
import { dashboardRevocations } from '../../../db/dashboard-revocations.js';
import { dashboardRoutes } from '../../../services/http/dashboard-routes.js';
import { handleHttpError } from '../../../services/http/http-errors.js';
import { createWhatIfService } from '../../../services/whatif/whatif-service.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { reportInputsFixture } from '../../fixtures/reports/program-report-inputs.js';
import { blocks, graphOf, item } from '../../unit/graph/graph-fixtures.js';

const SECRET = 'correct horse battery staple';
const BEARER = { authorization: `Bearer ${SECRET}`, 'x-seams-user': 'Val' };
const HTML = { ...BEARER, accept: 'text/html' };

let database: TestDatabase;
let app: FastifyInstance;
beforeAll(async () => {
  database = await createTestDatabase('pglite');
  const graph = graphOf([item('PAY-1', { durationDays: 5 }), item('WEB-1', { durationDays: 3 })], [blocks('PAY-1', 'WEB-1')], { program: 'checkout-v2' });
  app = Fastify();
  app.setErrorHandler(handleHttpError);
  await app.register(dashboardRoutes, {
    loadProgramList: async () => [],
    loadReportInputs: async (name) => (name === 'checkout-v2' ? reportInputsFixture() : null),
    auth: { sharedSecret: new Secret(SECRET) },
    publicUrl: 'https://seams.example.com',
    revocations: dashboardRevocations(database.db),
    whatIf: createWhatIfService({ loadGraph: async (name) => (name === 'checkout-v2' ? { graph, settings: { trials: 200, seed: 1 } } : null) }),
  });
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

describe('what-if API and page', () => {
  it('answers a scenario as JSON: finish moved by the slip, critical path diff', async () => {
    const res = await app.inject({ url: '/api/programs/checkout-v2/whatif?slip=PAY-1%3D%2B2d&target=2026-06-30', headers: BEARER });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ moves: { finishDays: 2 }, scenario: { targetDate: '2026-06-30', criticalPath: ['PAY-1', 'WEB-1'] }, criticalPathChange: { added: [], removed: [] } });
  });

  it('names what is wrong: an unknown key, a bad percentage, date or field, an unknown program', async () => {
    const cases: [string, number, string][] = [
      ['done=NOPE-1', 422, '--done NOPE-1: no item with key "NOPE-1"'],
      ['capacity=core%3D0%25', 422, '--capacity core=0%: expected a percentage above 0%'],
      ['target=2026-02-30', 422, '--target 2026-02-30: expected a real date'],
    ];
    for (const [query, status, message] of cases) {
      const res = await app.inject({ url: `/api/programs/checkout-v2/whatif?${query}`, headers: BEARER });
      expect(res.statusCode, query).toBe(status);
      expect(res.json().error, query).toContain(message);
    }
    const unknownField = await app.inject({ url: '/api/programs/checkout-v2/whatif?slipp=PAY-1', headers: BEARER });
    expect(unknownField.statusCode).toBe(422);
    const page = await app.inject({ url: '/programs/checkout-v2/whatif?slipp=PAY-1', headers: HTML });
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('unknown field slipp');
    expect((await app.inject({ url: '/api/programs/elsewhere/whatif?done=PAY-1', headers: BEARER })).statusCode).toBe(404);
  });

  it('lets a viewer ask (it writes nothing) and shows the empty form without running the engine', async () => {
    const page = await app.inject({ url: '/programs/checkout-v2/whatif', headers: HTML });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="whatif-slip"');
    expect(page.body).not.toContain('whatif-result');
  });
});
