/**
 * Roles through the real server wiring (buildHttpApp over PGlite): the people page is admin-only
 * (editors and viewers are refused, by cookie session and by API), while item lists and what-if
 * are questions every role may ask.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../../services/app/http-app.js';
import { parseRuntimeSettings } from '../../../services/config/load-config.js';
import { Secret } from '../../../services/config/secret.js';
import { createLogger } from '../../../services/logging/logger.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { registerFixtureConfig, seedRegisterFixture } from '../../helpers/register-fixture.js';

const SECRET = 'admin-routes-shared-secret';
const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

describe('admin-only people page and role checks', () => {
  let t: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    t = await createTestDatabase('pglite');
    const file = registerFixtureConfig();
    await seedRegisterFixture(t.db, file, new Date());
    const runtime = { ...parseRuntimeSettings({}), dashboardSecret: new Secret(SECRET), signingKey: new Secret('admin-routes-signing-key-0123'), publicUrl: 'https://seams.example.com' };
    ({ app } = await buildHttpApp({ config: { file, runtime }, db: t.db, logger: createLogger({ level: 'silent' }), mailTransport: { sendMail: async () => undefined } }));
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const bearer = (user: string) => ({ authorization: `Bearer ${SECRET}`, 'x-seams-user': user });
  const signIn = async (name: string): Promise<string> => {
    const login = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: `name=${encodeURIComponent(name)}&secret=${SECRET}` });
    expect(login.statusCode).toBe(303);
    return String(login.headers['set-cookie']).split(';')[0]!;
  };

  it('refuses the people API to editors, viewers and unconfigured names, and answers admins', async () => {
    for (const user of ['Dana Whitfield', 'Val Viewer', 'Sam Stranger']) {
      const res = await app.inject({ url: '/api/admin/people', headers: bearer(user) });
      expect(res.statusCode, user).toBe(403);
      expect(res.json().error, user).toMatch(/is (an editor|a viewer); only admins may see people and roles/);
    }
    const admin = await app.inject({ url: '/api/admin/people', headers: bearer('Ada Admin') });
    expect(admin.statusCode).toBe(200);
    expect(admin.json()).toEqual({
      people: [
        { name: 'Ada Admin', email: 'ada@example.com', role: 'admin', signIn: ['link', 'secret'] },
        { name: 'Dana Whitfield', email: 'dana@example.com', role: 'editor', signIn: ['link', 'secret'] },
        { name: 'Val Viewer', email: 'val@example.com', role: 'viewer', signIn: ['link', 'secret'] },
      ],
      subscriberViewers: ['vp@example.com'],
      sharedSecretRole: 'editor',
    });
  });

  it('refuses the people page to an editor’s session and shows it to an admin’s', async () => {
    const editor = await app.inject({ url: '/admin/people', headers: { cookie: await signIn('Dana Whitfield'), accept: 'text/html' } });
    expect(editor.statusCode).toBe(403);
    expect(editor.body).toContain('Dana Whitfield is an editor; only admins may see people and roles');
    const admin = await app.inject({ url: '/admin/people', headers: { cookie: await signIn('Ada Admin'), accept: 'text/html' } });
    expect(admin.statusCode).toBe(200);
    expect(admin.body).toContain('data-person="Val Viewer"');
    expect(admin.body).toContain('signs in as <strong>editor</strong>');
  });

  it('lets a viewer read item lists and ask what-if questions (nothing is written)', async () => {
    const items = await app.inject({ url: '/api/programs/checkout-v2/items?list=critical', headers: bearer('Val Viewer') });
    expect(items.statusCode).toBe(200);
    expect(items.json().items.map((i: { key: string }) => i.key)).toContain('PAY-88');
    const changesBefore = await t.db.selectFrom('change_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    // The fixture database holds the snapshot but no synced items: the scenario's key is unknown.
    const whatIf = await app.inject({ url: '/api/programs/checkout-v2/whatif?done=PAY-88', headers: bearer('Val Viewer') });
    expect(whatIf.statusCode).toBe(422);
    expect(whatIf.json().error).toBe('--done PAY-88: no item with key "PAY-88" in program checkout-v2');
    const changesAfter = await t.db.selectFrom('change_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(changesAfter).toEqual(changesBefore);
  });
});
