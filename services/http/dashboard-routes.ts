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
import { SESSION_COOKIE, createDashboardAuth, parseCookies, revocationHash, sessionCookie } from './dashboard-auth.js';
import { createLoginThrottle, type LoginThrottle } from './login-throttle.js';

/** Server-side memory of logged-out sessions and used login links (by hash), shared by every server. */
export interface TokenRevocations {
  /** Records it; false when it was revoked already. */
  revoke(tokenHash: string, expiresAt: Date): Promise<boolean>;
  isRevoked(tokenHash: string): Promise<boolean>;
}

export interface DashboardRoutesOptions {
  loadProgramList(): Promise<ProgramListEntry[]>;
  loadReportInputs(programName: string): Promise<ProgramReportInputs | null>;
  readonly auth: { readonly sharedSecret?: Secret; readonly signingKey?: Secret };
  /** Absolute base URL of the dashboard; https turns on the cookie's Secure flag. */
  readonly publicUrl: string;
  readonly sessionTtlSeconds?: number;
  readonly renderer?: DashboardRenderer;
  readonly revocations: TokenRevocations;
  /** Failed sign-ins per client address; defaults to 5 free failures, then doubling waits. */
  readonly loginThrottle?: LoginThrottle;
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

  const throttle = options.loginThrottle ?? createLoginThrottle();

  /**
   * Only same-site paths: an open redirect after login would hand phishing a trusted URL. Control
   * characters and whitespace are refused too: browsers drop tabs and newlines from URLs (`/\t/evil`
   * becomes `//evil`), and CR/LF cannot go into a Location header at all.
   */
  const safeNext = (next: string | undefined): string =>
    next && /^\/(?![/\\])[^\s\\\p{Cc}]*$/u.test(next) ? next : `${basePath}/`;

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
      if (auth.verifySession(cookie) && !(await options.revocations.isRevoked(revocationHash(cookie)))) return;
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
    const throttleKeys = [`ip:${request.ip}`];
    const wait = throttle.retryAfterSeconds(throttleKeys);
    if (wait > 0) {
      request.log.warn({ ip: request.ip, retryAfterSeconds: wait }, 'dashboard login throttled');
      reply.header('retry-after', String(wait));
      return loginPage(reply, 429, `Too many failed sign-ins. Try again in ${wait} s.`, safeNext(next));
    }
    if (!body.success || !auth.checkSharedSecret(body.data.secret)) {
      throttle.recordFailure(throttleKeys);
      request.log.warn({ ip: request.ip }, 'dashboard login failed');
      return loginPage(reply, 401, 'Wrong secret.', safeNext(next));
    }
    throttle.recordSuccess(throttleKeys);
    return startSession(reply, next);
  });

  app.get('/login/link', { config: { dashboardPublic: true } }, async (request, reply) => {
    const query = linkQuery.safeParse(request.query);
    const claims = query.success ? auth.verifyLoginToken(query.data.token) : null;
    if (!query.success || claims === null) return loginPage(reply, 401, 'This login link is invalid or has expired.', `${basePath}/`);
    // Single use: a link forwarded or left in a mailbox must not sign in a second browser.
    if (!(await options.revocations.revoke(revocationHash(query.data.token), new Date(claims.expiresAt * 1000)))) {
      return loginPage(reply, 401, 'This login link has been used already. Ask for a new one.', `${basePath}/`);
    }
    request.log.info({ subject: claims.subject }, 'dashboard login by link');
    return startSession(reply, query.data.next);
  });

  app.post('/logout', async (request, reply) => {
    // Revoked on the server too: a copied cookie stops working at logout, not 12 hours later.
    const cookie = parseCookies(request.headers.cookie).get(SESSION_COOKIE);
    const expiresAt = cookie === undefined ? null : auth.sessionExpiresAt(cookie);
    if (cookie !== undefined && expiresAt !== null) await options.revocations.revoke(revocationHash(cookie), new Date(expiresAt));
    return reply.header('set-cookie', sessionCookie('', { ...cookieOptions, maxAgeSeconds: 0 })).redirect(`${basePath}/login`, 303);
  });

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
    if (inputs !== null) return inputs;
    const allPrograms = `<p><a href="${escapeHtml(`${basePath}/`)}">All programs</a></p>`;
    // Configured but never rebuilt: say what to do instead of a 404 for a program the list shows.
    if ((await options.loadProgramList()).some((p) => p.name === name)) {
      await html(
        reply,
        200,
        `<!DOCTYPE html><title>${escapeHtml(name)}: no snapshot yet</title><h1>${escapeHtml(name)}</h1>` +
          `<p>No snapshot yet: this program has not been rebuilt since it was configured. The worker rebuilds it after ` +
          `the next sync; to do it now, run <code>seams rebuild --program ${escapeHtml(name)}</code>.</p>${allPrograms}`,
      );
    } else {
      await html(reply, 404, `<!DOCTYPE html><title>Not found</title><p>No program named ${escapeHtml(name)}.</p>${allPrograms}`);
    }
    return null;
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
