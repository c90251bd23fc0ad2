/**
 * The register's HTTP surface through the real server wiring: who may change what, CSRF on
 * cookie sessions, the JSON API's answers to bad input (nothing stored), and sign-in rules.
 */
import type { FastifyInstance } from 'fastify';
import type { SendMailOptions } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../../services/app/http-app.js';
import { parseRuntimeSettings } from '../../../services/config/load-config.js';
import { Secret } from '../../../services/config/secret.js';
import { createLogger } from '../../../services/logging/logger.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/test-database.js';
import { registerFixtureConfig, seedRegisterFixture } from '../../helpers/register-fixture.js';
import { saveSnapshot } from '../../../db/snapshots.js';
import { reportInputsFixture } from '../../fixtures/reports/program-report-inputs.js';

const SECRET = 'register-routes-shared-secret';
const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

describe.each(DIALECTS)('register routes on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let riskId: number;
  const sent: SendMailOptions[] = [];

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const file = registerFixtureConfig();
    const ids = await seedRegisterFixture(t.db, file, new Date());
    riskId = ids.get('target-miss')!;
    // An earlier week for the archive, taken before any risk or decision existed.
    const program = await t.db.selectFrom('programs').select('id').executeTakeFirstOrThrow();
    const earlier = reportInputsFixture().previous!;
    await saveSnapshot(t.db, program.id, { ...earlier, period: '2026-W40', takenAt: '2026-10-02T05:00:00.000Z' }, { 'target-miss': 'medium' });
    await t.db.updateTable('risks').set({ first_seen: new Date('2026-09-28T05:00:00Z') }).where('id', '=', riskId).execute();
    const runtime = { ...parseRuntimeSettings({}), dashboardSecret: new Secret(SECRET), signingKey: new Secret('register-routes-signing-key-0123'), publicUrl: 'https://seams.example.com' };
    ({ app } = await buildHttpApp({ config: { file, runtime }, db: t.db, logger: createLogger({ level: 'silent' }), mailTransport: { sendMail: async (m) => void sent.push(m) } }));
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const bearer = (user: string) => ({ authorization: `Bearer ${SECRET}`, 'x-seams-user': user });
  const changes = async () => Number((await t.db.selectFrom('change_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  async function signIn(name: string): Promise<{ cookie: string; csrf: string }> {
    const login = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: `name=${encodeURIComponent(name)}&secret=${SECRET}` });
    expect(login.statusCode).toBe(303);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const page = await app.inject({ url: `/programs/checkout-v2/risks/${riskId}`, headers: { cookie, accept: 'text/html' } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    expect(csrf).toBeDefined();
    return { cookie, csrf: csrf! };
  }

  it('takes people’s roles from config at sign-in with the shared secret', async () => {
    const viewer = await signIn('val viewer');
    expect((await app.inject({ url: '/api/me', headers: { cookie: viewer.cookie } })).json()).toEqual({ name: 'Val Viewer', role: 'viewer' });
    const stranger = await signIn('Sam Stranger');
    expect((await app.inject({ url: '/api/me', headers: { cookie: stranger.cookie } })).json()).toEqual({ name: 'Sam Stranger', role: 'editor' });
    const noName = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: `secret=${SECRET}` });
    expect(noName.statusCode).toBe(401);
    expect(noName.body).toContain('Give your name with the secret.');
  });

  it('refuses cookie-authenticated changes without the session’s CSRF token', async () => {
    const dana = await signIn('Dana Whitfield');
    const other = await signIn('Ada Admin');
    const before = await changes();
    for (const token of ['', other.csrf, 'x'.repeat(43)]) {
      const res = await app.inject({ method: 'POST', url: `/programs/checkout-v2/risks/${riskId}`, headers: { ...FORM, cookie: dana.cookie }, payload: `mitigation=forged&status=open&_csrf=${token}` });
      expect(res.statusCode).toBe(403);
    }
    const api = await app.inject({ method: 'PATCH', url: `/api/risks/${riskId}`, headers: { cookie: dana.cookie }, payload: { mitigation: 'forged' } });
    expect(api.statusCode).toBe(403);
    expect(await changes()).toBe(before);

    const ok = await app.inject({ method: 'POST', url: `/programs/checkout-v2/risks/${riskId}`, headers: { ...FORM, cookie: dana.cookie }, payload: `owner=&mitigation=Real+plan&status=open&snoozeUntil=&note=&_csrf=${dana.csrf}` });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/programs/checkout-v2/risks/${riskId}?saved=1`);
    expect(await changes()).toBe(before + 1);
  });

  it('refuses viewers’ changes', async () => {
    const val = await signIn('Val Viewer');
    const before = await changes();
    const form = await app.inject({ method: 'POST', url: `/programs/checkout-v2/risks/${riskId}`, headers: { ...FORM, cookie: val.cookie }, payload: `mitigation=x&status=open&_csrf=${val.csrf}` });
    expect(form.statusCode).toBe(403);
    const api = await app.inject({ method: 'PATCH', url: `/api/risks/${riskId}`, headers: bearer('Val Viewer'), payload: { mitigation: 'x' } });
    expect(api.statusCode).toBe(403);
    expect(api.json().error).toBe('Val Viewer is a viewer and may not change the register');
    expect(await changes()).toBe(before);
  });

  it('serves the register and decisions as JSON, recording the named API user', async () => {
    const patched = await app.inject({ method: 'PATCH', url: `/api/risks/${riskId}`, headers: bearer('Dana Whitfield'), payload: { status: 'accepted', snoozeUntil: '2027-06-01' } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ changed: ['status', 'snooze_until'], risk: { status: 'accepted', setAside: 'accepted' } });
    const history = (await app.inject({ url: `/api/risks/${riskId}`, headers: bearer('anyone') })).json().history as { actor: string }[];
    expect(history.at(-1)?.actor).toBe('Dana Whitfield');

    const accepted = await app.inject({ url: '/api/programs/checkout-v2/risks?status=accepted', headers: bearer('x') });
    expect(accepted.json().risks.map((r: { id: number }) => r.id)).toEqual([riskId]);
    const byTeam = await app.inject({ url: '/api/programs/checkout-v2/risks?team=Identity', headers: bearer('x') });
    expect(byTeam.json().risks.every((r: { teams: string[] }) => r.teams.includes('Identity'))).toBe(true);
    expect(byTeam.json().risks.length).toBeGreaterThan(0);
    const searched = await app.inject({ url: '/api/programs/checkout-v2/risks?q=legal-7', headers: bearer('x') });
    expect(searched.json().risks.map((r: { rule: string }) => r.rule)).toEqual(['external-dependency']);

    const created = await app.inject({ method: 'POST', url: '/api/programs/checkout-v2/decisions', headers: bearer('Ada Admin'), payload: { question: 'Cut gift cards?', options: ['Cut', 'Keep'], decider: 'VP Product', due: '2027-06-01', riskIds: [riskId] } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as number;
    const resolved = await app.inject({ method: 'POST', url: `/api/decisions/${id}/resolve`, headers: bearer('Ada Admin'), payload: { outcome: 'Cut' } });
    expect(resolved.json()).toMatchObject({ status: 'decided', outcome: 'Cut', decidedBy: 'VP Product' });
    expect((await app.inject({ method: 'POST', url: `/api/decisions/${id}/resolve`, headers: bearer('Ada Admin'), payload: { outcome: 'Again' } })).statusCode).toBe(409);
    const listed = (await app.inject({ url: '/api/programs/checkout-v2/decisions', headers: bearer('x') })).json();
    expect(listed.decisions.map((d: { id: number }) => d.id)).toContain(id);
  });

  it('answers bad input with 422 or 404 naming the problem, and stores nothing', async () => {
    const before = await changes();
    const cases: [string, string, unknown, number, RegExp][] = [
      ['PATCH', `/api/risks/${riskId}`, { status: 'done' }, 422, /status/],
      ['PATCH', `/api/risks/${riskId}`, { snoozeUntil: '2027-13-01' }, 422, /snoozeUntil/],
      ['PATCH', `/api/risks/${riskId}`, { mitigation: 'x'.repeat(4001) }, 422, /mitigation/],
      ['PATCH', `/api/risks/${riskId}`, { colour: 'green' }, 422, /colour|Unrecognized/i],
      ['PATCH', '/api/risks/999999', { note: 'x' }, 404, /no risk with id 999999/],
      ['PATCH', '/api/risks/abc', { note: 'x' }, 422, /risk id/],
      ['POST', '/api/programs/nope/decisions', { question: 'Q' }, 404, /no program named \\"nope\\"/],
      ['POST', '/api/programs/checkout-v2/decisions', { question: 'Q', options: Array(21).fill('o') }, 422, /options/],
      ['POST', '/api/decisions/999999/resolve', { outcome: 'x' }, 404, /no decision with id 999999/],
    ];
    for (const [method, url, payload, status, pattern] of cases) {
      const res = await app.inject({ method: method as 'PATCH' | 'POST', url, headers: bearer('Dana Whitfield'), payload: payload as object });
      expect(res.statusCode, `${method} ${url}`).toBe(status);
      expect(res.body, `${method} ${url}`).toMatch(pattern);
    }
    expect(await changes()).toBe(before);
  });

  it('emails one-time links only to configured people and subscribers, without saying who may sign in', async () => {
    sent.length = 0;
    const known = await app.inject({ method: 'POST', url: '/login/email', headers: FORM, payload: 'email=vp%40example.com' });
    const unknown = await app.inject({ method: 'POST', url: '/login/email', headers: FORM, payload: 'email=mallory%40example.com' });
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body.replace('mallory@example.com', 'vp@example.com')).toBe(known.body);
    expect(sent.map((m) => m.to)).toEqual(['vp@example.com']);
    const link = new URL(/https:\/\/\S+/.exec(String(sent[0]!.text))![0]);
    const first = await app.inject({ url: `${link.pathname}${link.search}`, headers: { accept: 'text/html' } });
    expect(first.statusCode).toBe(303);
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    expect((await app.inject({ url: '/api/me', headers: { cookie } })).json()).toEqual({ name: 'vp@example.com', role: 'viewer' });
    expect((await app.inject({ url: `${link.pathname}${link.search}`, headers: { accept: 'text/html' } })).statusCode).toBe(401);
  });

  it('exports CSV of risks, decisions, blocked items and the critical path', async () => {
    const headers = bearer('x');
    const risks = await app.inject({ url: '/programs/checkout-v2/export/risks.csv', headers });
    expect(risks.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(risks.headers['content-disposition']).toBe('attachment; filename="checkout-v2-risks.csv"');
    const lines = risks.body.split('\r\n');
    expect(lines[0]).toBe('id,severity,status,set_aside,snooze_until,title,rule,owner,mitigation,suggested_mitigation,need_by,teams,items,waiting_items,detected,first_seen,last_seen');
    expect(lines.filter((l) => l !== '')).toHaveLength(1 + 4);
    expect(risks.body).toContain('"Decide: move the target to 2027-07-19, add capacity on the critical path (Payments, Web Checkout), or cut scope."');
    const decisions = await app.inject({ url: '/programs/checkout-v2/export/decisions.csv', headers });
    expect(decisions.body.split('\r\n')[0]).toMatch(/^id,status,question,options/);
    const blocked = await app.inject({ url: '/programs/checkout-v2/export/blocked.csv', headers });
    expect(blocked.body).toContain('Payments,PAY-88,Tokenized card vault API');
    const path = await app.inject({ url: '/programs/checkout-v2/export/critical-path.csv', headers });
    expect(path.body.split('\r\n').slice(1, 6).map((l) => l.split(',')[1])).toEqual(['PLAT-12', 'IDN-41', 'PAY-88', 'PAY-91', 'WEB-230']);
    expect((await app.inject({ url: '/programs/checkout-v2/export/secrets.csv', headers })).statusCode).toBe(404);
  });

  it('keeps every past weekly report viewable by week', async () => {
    const headers = { ...bearer('x'), accept: 'text/html' };
    const weeks = await app.inject({ url: '/programs/checkout-v2/weeks', headers });
    expect(weeks.statusCode).toBe(200);
    const periods = [...weeks.body.matchAll(/data-period="([^"]+)"/g)].map((m) => m[1]);
    expect(periods).toHaveLength(2);
    expect(periods[1]).toBe('2026-W40');
    const past = await app.inject({ url: '/programs/checkout-v2/weeks/2026-W40', headers });
    expect(past.statusCode).toBe(200);
    expect(past.body).toContain('The report of week 2026-W40 as it stood then');
    expect(past.body).toContain('Week 2026-W40');
    // Only the risk detected that week, at its severity then; no decision existed yet.
    expect(past.body).toContain('The p85 forecast (19 July) is after the 15 July target');
    expect(past.body).not.toContain('PLAT-12 has been in progress for 18 working days');
    expect(past.body).toContain('severity-medium');
    expect(past.body).not.toContain('Decided this week');
    expect((await app.inject({ url: '/programs/checkout-v2/weeks/2020-W01', headers })).statusCode).toBe(404);
    expect((await app.inject({ url: '/programs/checkout-v2/weeks/..%2F..', headers })).statusCode).toBe(404);
  });

  it('serves a team page, reached from the team matrix', async () => {
    const headers = { ...bearer('x'), accept: 'text/html' };
    const report = await app.inject({ url: '/programs/checkout-v2/report', headers });
    expect(report.body).toContain('href="/programs/checkout-v2/teams/Web%20Checkout"');
    const team = await app.inject({ url: '/programs/checkout-v2/teams/Web%20Checkout', headers });
    expect(team.statusCode).toBe(200);
    expect(team.body).toContain('<h1>Web Checkout');
    expect(team.body).toContain('WEB-230');
    expect(team.body).toContain('Waits on');
    expect((await app.inject({ url: '/programs/checkout-v2/teams/Nobody', headers })).statusCode).toBe(404);
  });
});
