/**
 * The web dashboard as a fastify plugin: program list, program page (dependency graph, forecast,
 * history, report), the weekly report page, login and the small static script. Data comes in
 * through the two loaders (the lead's db wiring); this file never touches a database.
 * Every route needs authentication except the login endpoints.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Secret } from '../config/secret.js';
import type { ProgramListEntry } from '../reports/program-list-view-model.js';
import type { ProgramReportInputs } from '../reports/report-inputs.js';
import { createDashboardRenderer, type DashboardRenderer } from '../reports/render-dashboard.js';
import { escapeHtml, loadReportTemplates } from '../reports/report-templates.js';
import { SESSION_COOKIE, createDashboardAuth, parseCookies, sessionCookie } from './dashboard-auth.js';

export interface DashboardRoutesOptions {
  loadProgramList(): Promise<ProgramListEntry[]>;
  loadReportInputs(programName: string): Promise<ProgramReportInputs | null>;
  readonly auth: { readonly sharedSecret?: Secret; readonly signingKey?: Secret };
  /** Absolute base URL of the dashboard; https turns on the cookie's Secure flag. */
  readonly publicUrl: string;
  readonly sessionTtlSeconds?: number;
  readonly renderer?: DashboardRenderer;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a session (the login endpoints). */
    dashboardPublic?: boolean;
  }
}

const programName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/);
const loginBody = z.object({ secret: z.string().max(1024), next: z.string().max(2048).optional() });
const linkQuery = z.object({ token: z.string().max(4096), next: z.string().max(2048).optional() });

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  // Pages carry inline SVG with style attributes, no inline script: the only script is ours.
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

export const dashboardRoutes: FastifyPluginAsync<DashboardRoutesOptions> = async (app, options) => {
  const auth = createDashboardAuth(options.auth, { sessionTtlSeconds: options.sessionTtlSeconds });
  const renderer = options.renderer ?? createDashboardRenderer();
  const templates = loadReportTemplates();
  const basePath = app.prefix.replace(/\/+$/, '');
  const page = { basePath };
  const cookieOptions = { path: basePath || '/', secure: options.publicUrl.startsWith('https:'), maxAgeSeconds: auth.sessionTtlSeconds };

  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 8192 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
  }

  /** Only same-site paths: an open redirect after login would hand phishing a trusted URL. */
  const safeNext = (next: string | undefined): string =>
    next && next.startsWith('/') && !next.startsWith('//') && !next.includes('\\') ? next : `${basePath}/`;

  const wantsHtml = (request: FastifyRequest): boolean =>
    !request.url.startsWith(`${basePath}/api/`) && (request.headers.accept ?? '').includes('text/html');

  const html = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').send(body);

  const loginPage = (reply: FastifyReply, status: number, error: string | null, next: string) =>
    html(reply, status, renderer.login({ error, next, basePath }));

  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!reply.hasHeader(name)) reply.header(name, value);
    return payload;
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.dashboardPublic) return;
    const authorization = request.headers.authorization;
    const cookie = parseCookies(request.headers.cookie).get(SESSION_COOKIE);
    if (authorization !== undefined) {
      const bearer = /^Bearer (.+)$/i.exec(authorization)?.[1];
      if (bearer !== undefined && auth.checkSharedSecret(bearer)) return;
    } else if (cookie !== undefined) {
      if (auth.verifySession(cookie)) return;
    } else if (wantsHtml(request)) {
      return reply.redirect(`${basePath}/login?next=${encodeURIComponent(request.url)}`, 302);
    }
    // Credentials were presented and are wrong, forged or expired (or this is an API call without any).
    reply.header('www-authenticate', 'Bearer realm="seams"');
    if (cookie !== undefined) reply.header('set-cookie', sessionCookie('', { ...cookieOptions, maxAgeSeconds: 0 }));
    if (wantsHtml(request)) return loginPage(reply, 401, 'Your session is invalid or has expired. Sign in again.', safeNext(request.url));
    return reply.code(401).send({ error: 'unauthorized' });
  });

  const startSession = (reply: FastifyReply, next: string | undefined) =>
    reply.header('set-cookie', sessionCookie(auth.issueSession(), cookieOptions)).redirect(safeNext(next), 303);

  app.get<{ Querystring: { next?: string } }>('/login', { config: { dashboardPublic: true } }, async (request, reply) => {
    const notice = auth.acceptsSharedSecret ? null : 'Signing in with a secret is not configured; ask for a login link.';
    return loginPage(reply, 200, notice, safeNext(request.query.next));
  });

  app.post('/login', { config: { dashboardPublic: true } }, async (request, reply) => {
    const body = loginBody.safeParse(request.body);
    const next = body.success ? body.data.next : undefined;
    if (!body.success || !auth.checkSharedSecret(body.data.secret)) {
      request.log.warn({ ip: request.ip }, 'dashboard login failed');
      return loginPage(reply, 401, 'Wrong secret.', safeNext(next));
    }
    return startSession(reply, next);
  });

  app.get('/login/link', { config: { dashboardPublic: true } }, async (request, reply) => {
    const query = linkQuery.safeParse(request.query);
    const claims = query.success ? auth.verifyLoginToken(query.data.token) : null;
    if (!query.success || claims === null) return loginPage(reply, 401, 'This login link is invalid or has expired.', `${basePath}/`);
    request.log.info({ subject: claims.subject }, 'dashboard login by link');
    return startSession(reply, query.data.next);
  });

  app.post('/logout', async (_request, reply) =>
    reply.header('set-cookie', sessionCookie('', { ...cookieOptions, maxAgeSeconds: 0 })).redirect(`${basePath}/login`, 303),
  );

  app.get('/assets/dashboard.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').send(templates.asset('dashboard/dashboard.css')),
  );
  app.get('/assets/dashboard.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(templates.asset('dashboard/dashboard.js')),
  );

  app.get('/', async (_request, reply) => html(reply, 200, renderer.programList(await options.loadProgramList(), page)));

  app.get('/api/programs', async () => ({ programs: await options.loadProgramList() }));

  const loadProgram = async (name: string, reply: FastifyReply): Promise<ProgramReportInputs | null> => {
    const inputs = programName.safeParse(name).success ? await options.loadReportInputs(name) : null;
    if (inputs === null) {
      await html(reply, 404, `<!DOCTYPE html><title>Not found</title><p>No program named ${escapeHtml(name)}.</p><p><a href="${escapeHtml(`${basePath}/`)}">All programs</a></p>`);
    }
    return inputs;
  };

  app.get<{ Params: { name: string } }>('/programs/:name', async (request, reply) => {
    const inputs = await loadProgram(request.params.name, reply);
    if (inputs !== null) return html(reply, 200, await renderer.program(inputs, page));
    return reply;
  });

  app.get<{ Params: { name: string } }>('/programs/:name/report', async (request, reply) => {
    const inputs = await loadProgram(request.params.name, reply);
    if (inputs !== null) return html(reply, 200, renderer.report(inputs, page));
    return reply;
  });
};
