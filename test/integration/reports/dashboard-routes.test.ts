import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../services/config/secret.js';
import { SESSION_COOKIE, createDashboardAuth, type DashboardAuth } from '../../../services/http/dashboard-auth.js';
import { dashboardRevocations } from '../../../db/dashboard-revocations.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { dashboardRoutes } from '../../../services/http/dashboard-routes.js';
import type { ProgramListEntry } from '../../../services/reports/program-list-view-model.js';
import { hostileInputsFixture, reportInputsFixture } from '../../fixtures/reports/program-report-inputs.js';

const SECRET = 'correct horse battery staple';
const SIGNING_KEY = 'test-signing-key-0123456789';
const HTML = { accept: 'text/html,application/xhtml+xml' };
const DANA = { kind: 'name', name: 'Dana' } as const;
/** The session cookie's value as a browser sends it back: the payload signed as @fastify/cookie does. */
const sessionCookieOf = (auth: DashboardAuth, principal: typeof DANA, nowMs?: number) => auth.cookieSigner!.sign(auth.sessionPayload(principal, nowMs));

const programs: ProgramListEntry[] = [
  { name: 'checkout-v2', title: 'Checkout v2', owner: 'Dana Whitfield', targetDate: '2027-07-15', colour: 'yellow', confidence: 0.72, p85: '2027-07-19', asOf: '2027-05-24' },
  { name: 'search', title: 'Search <revamp>', owner: 'Lee', targetDate: null, colour: 'red', confidence: null, p85: null, asOf: '2027-05-24' },
  { name: 'fresh', title: 'Fresh', owner: 'Kim', targetDate: '2027-09-01', colour: null, confidence: null, p85: null, asOf: null },
];

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('pglite');
});
afterAll(() => database.drop());

async function buildApp(prefix = ''): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(dashboardRoutes, {
    prefix,
    loadProgramList: async () => programs,
    loadReportInputs: async (name) => (name === 'checkout-v2' ? reportInputsFixture() : name === 'hostile' ? hostileInputsFixture() : null),
    auth: { sharedSecret: new Secret(SECRET), signingKey: new Secret(SIGNING_KEY) },
    publicUrl: 'https://seams.example.com',
    revocations: dashboardRevocations(database.db),
  });
  return app;
}

function cookieFrom(setCookie: string | string[] | undefined): string {
  const header = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  const value = header?.split(';')[0];
  if (!value) throw new Error('no cookie set');
  return value;
}

describe('dashboard authentication', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp();
  });
  afterAll(() => app.close());

  it('redirects a browser without a session to /login and answers 401 to API clients', async () => {
    const page = await app.inject({ url: '/programs/checkout-v2', headers: HTML });
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe('/login?next=%2Fprograms%2Fcheckout-v2');
    const api = await app.inject({ url: '/api/programs', headers: { accept: 'application/json' } });
    expect(api.statusCode).toBe(401);
    expect(api.json()).toEqual({ error: 'unauthorized' });
    expect((await app.inject({ url: '/assets/dashboard.js' })).statusCode).toBe(401);
  });

  it('serves the login form without a session', async () => {
    const res = await app.inject({ url: '/login?next=/programs/checkout-v2', headers: HTML });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<form method="post" action="/login">');
    expect(res.body).toContain('name="next" value="/programs/checkout-v2"');
  });

  it('rejects a wrong secret with 401, by form and by bearer token', async () => {
    const form = await app.inject({ method: 'POST', url: '/login', headers: { ...HTML, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'secret=wrong' });
    expect(form.statusCode).toBe(401);
    expect(form.headers['set-cookie']).toBeUndefined();
    expect(form.body).toContain('Wrong secret.');
    const bearer = await app.inject({ url: '/', headers: { ...HTML, authorization: 'Bearer wrong' } });
    expect(bearer.statusCode).toBe(401);
  });

  it('rejects a forged, tampered or expired session cookie with 401', async () => {
    const forger = createDashboardAuth({ signingKey: new Secret('not-the-key') });
    const expired = sessionCookieOf(createDashboardAuth({ signingKey: new Secret(SIGNING_KEY) }, { sessionTtlSeconds: 60 }), DANA, Date.now() - 3_600_000);
    const genuine = sessionCookieOf(createDashboardAuth({ signingKey: new Secret(SIGNING_KEY) }), DANA);
    const tampered = genuine.replace(/^\d+/, (exp) => String(Number(exp) + 86_400));
    for (const value of [sessionCookieOf(forger, DANA), expired, tampered, 'garbage']) {
      const res = await app.inject({ url: '/', headers: { ...HTML, cookie: `${SESSION_COOKIE}=${value}` } });
      expect(res.statusCode).toBe(401);
      expect(res.body).toContain('Sign in again');
    }
    const api = await app.inject({ url: '/api/programs', headers: { cookie: `${SESSION_COOKIE}=${sessionCookieOf(forger, DANA)}` } });
    expect(api.statusCode).toBe(401);
  });

  it('logs in with the shared secret: signed HttpOnly SameSite=Lax cookie, then 200', async () => {
    const login = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { ...HTML, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `name=Dana&secret=${encodeURIComponent(SECRET)}&next=${encodeURIComponent('/programs/checkout-v2')}`,
    });
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/programs/checkout-v2');
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Secure/);
    const cookie = cookieFrom(login.headers['set-cookie']);
    const page = await app.inject({ url: '/programs/checkout-v2', headers: { ...HTML, cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('PAY-88');
    const list = await app.inject({ url: '/', headers: { ...HTML, cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Search &lt;revamp&gt;');
    expect(list.body).toContain('>Yellow</span>');
    expect(list.body).toContain('>Red</span>');
    expect(list.body).toContain('>No snapshot</span>');
    const unbuilt = await app.inject({ url: '/programs/fresh', headers: { ...HTML, cookie } });
    expect(unbuilt.statusCode).toBe(200);
    expect(unbuilt.body).toContain('seams rebuild --program fresh');
  });

  it('accepts the shared secret as a bearer token', async () => {
    const res = await app.inject({ url: '/api/programs', headers: { authorization: `Bearer ${SECRET}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json().programs).toHaveLength(3);
  });

  it('logs in with a signed, unexpired login link and refuses forged or expired ones', async () => {
    const auth = createDashboardAuth({ signingKey: new Secret(SIGNING_KEY) });
    const good = await app.inject({ url: `/login/link?token=${auth.createLoginToken({ subject: 'dana@example.com', ttlSeconds: 600 })}`, headers: HTML });
    expect(good.statusCode).toBe(303);
    const cookie = cookieFrom(good.headers['set-cookie']);
    expect((await app.inject({ url: '/', headers: { ...HTML, cookie } })).statusCode).toBe(200);

    const expired = auth.createLoginToken({ ttlSeconds: 60 }, Date.now() - 3_600_000);
    const forged = createDashboardAuth({ signingKey: new Secret('other') }).createLoginToken({ ttlSeconds: 600 });
    const session = sessionCookieOf(auth, DANA);
    for (const token of [expired, forged, session, 'nonsense']) {
      const res = await app.inject({ url: `/login/link?token=${encodeURIComponent(token)}`, headers: HTML });
      expect(res.statusCode).toBe(401);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('never redirects off-site after login', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `name=Dana&secret=${encodeURIComponent(SECRET)}&next=${encodeURIComponent('//evil.example/x')}`,
    });
    expect(res.headers.location).toBe('/');
  });

  it('refuses control characters and whitespace in next instead of answering 500 or echoing them', async () => {
    for (const next of ['/\r\nSet-Cookie: x=1', '/\t/evil.example', '/ok\nx', '/\\evil.example', '/a b']) {
      const res = await app.inject({
        method: 'POST',
        url: '/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `secret=${encodeURIComponent(SECRET)}&name=Dana&next=${encodeURIComponent(next)}`,
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/');
      const form = await app.inject({ url: `/login?next=${encodeURIComponent(next)}`, headers: HTML });
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('name="next" value="/"');
    }
  });

  it('a login link signs in once; the second use is refused', async () => {
    const token = createDashboardAuth({ signingKey: new Secret(SIGNING_KEY) }).createLoginToken({ subject: 'dana@example.com', ttlSeconds: 600 });
    const first = await app.inject({ url: `/login/link?token=${token}`, headers: HTML });
    expect(first.statusCode).toBe(303);
    const again = await app.inject({ url: `/login/link?token=${token}`, headers: HTML });
    expect(again.statusCode).toBe(401);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(again.body).toContain('already used');
  });

  it('logout revokes the session on the server: the old cookie no longer works', async () => {
    const login = await app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/json' }, payload: { secret: SECRET, name: 'Dana' } });
    const cookie = cookieFrom(login.headers['set-cookie']);
    expect((await app.inject({ url: '/api/programs', headers: { cookie } })).statusCode).toBe(200);
    const page = await app.inject({ url: '/', headers: { ...HTML, cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    expect((await app.inject({ method: 'POST', url: '/logout', headers: { cookie, 'x-csrf-token': 'x'.repeat(43) } })).statusCode).toBe(403);
    const logout = await app.inject({ method: 'POST', url: '/logout', headers: { cookie, 'x-csrf-token': csrf } });
    expect(logout.statusCode).toBe(303);
    expect((await app.inject({ url: '/api/programs', headers: { cookie } })).statusCode).toBe(401);
  });
});

describe('dashboard sign-in throttling', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp();
  });
  afterAll(() => app.close());

  const attempt = (secret: string, remoteAddress: string, name = 'Dana') =>
    app.inject({ method: 'POST', url: '/login', remoteAddress, headers: { 'content-type': 'application/json' }, payload: { secret, name } });

  it('after five wrong secrets from one address answers 429 with Retry-After, even for the right secret', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt('wrong', '203.0.113.7')).statusCode).toBe(401);
    const blocked = await attempt(SECRET, '203.0.113.7');
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(blocked.headers['set-cookie']).toBeUndefined();
    // Per name too: the same name from elsewhere waits; another person from elsewhere does not.
    expect((await attempt(SECRET, '198.51.100.9')).statusCode).toBe(429);
    expect((await attempt(SECRET, '198.51.100.9', 'Lee')).statusCode).toBe(303);
  });
});

describe('dashboard pages through the plugin', () => {
  let app: FastifyInstance;
  let cookie: string;
  beforeAll(async () => {
    app = await buildApp('/dash');
    const login = await app.inject({ method: 'POST', url: '/dash/login', headers: { 'content-type': 'application/json' }, payload: { secret: SECRET, name: 'Dana' } });
    cookie = cookieFrom(login.headers['set-cookie']);
    expect(String(login.headers['set-cookie'])).toContain('Path=/dash');
  });
  afterAll(() => app.close());

  it('serves the report page, the script and a 404 for unknown programs under the prefix', async () => {
    const report = await app.inject({ url: '/dash/programs/checkout-v2/report', headers: { ...HTML, cookie } });
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('<ol class="critical-path">');
    const script = await app.inject({ url: '/dash/assets/dashboard.js', headers: { cookie } });
    expect(script.headers['content-type']).toContain('text/javascript');
    const missing = await app.inject({ url: '/dash/programs/%3Cscript%3E', headers: { ...HTML, cookie } });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toContain('<script>');
  });

  it('renders hostile titles as text through the plugin', async () => {
    const res = await app.inject({ url: '/dash/programs/hostile', headers: { ...HTML, cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).toContain('&lt;script&gt;alert(&quot;x&quot;)');
  });
});
