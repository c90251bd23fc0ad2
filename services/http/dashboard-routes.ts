/**
 * The web dashboard as a fastify plugin: program list, program page (dependency graph, forecast,
 * history, report), the weekly report page, the risk register and decisions (register-routes.ts),
 * sign-in and the small static script. Data comes in through loaders and services; this file
 * never touches a database. Every route needs authentication except the login endpoints; every
 * request knows who is signed in and with which role, and unsafe requests made with a session
 * cookie must carry the session's CSRF token. The HTTP mechanics are the fastify plugins':
 * @fastify/cookie (signed session cookie), @fastify/csrf-protection, @fastify/formbody,
 * @fastify/helmet (security headers), @fastify/static (assets) and @fastify/rate-limit.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrfProtection from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Secret } from '../config/secret.js';
import type { ProgramListEntry } from '../reports/program-list-view-model.js';
import type { ProgramReportInputs, SnapshotSummary } from '../reports/report-inputs.js';
import { createDashboardRenderer, type DashboardRenderer } from '../reports/render-dashboard.js';
import { blockedCsv, criticalPathCsv } from '../reports/csv-exports.js';
import { escapeHtml, loadReportTemplates } from '../reports/report-templates.js';
import { buildTpmReportView } from '../reports/tpm-report-view-model.js';
import { HttpError } from './http-errors.js';
import type { AccessConfig } from '../config/config-schema.js';
import { createPeopleDirectory, type Actor, type PeopleDirectory, type Principal } from '../people/people.js';
import type { RegisterService } from '../register/register-service.js';
import type { WhatIfService } from '../whatif/whatif-service.js';
import { SESSION_COOKIE, createDashboardAuth, loginLinkUrl, revocationHash } from './dashboard-auth.js';
import { createLoginThrottle, type LoginThrottle } from './login-throttle.js';
import { adminRoutes, type AdminRoutesDeps } from './admin-routes.js';
import { itemRoutes } from './item-routes.js';
import { registerRoutes } from './register-routes.js';
import { whatIfRoutes } from './whatif-routes.js';
import { queueBoardRoutes } from './queue-board.js';
import type { Queue } from 'bullmq';

export interface DashboardRoutesOptions {
  loadProgramList(): Promise<ProgramListEntry[]>;
  loadReportInputs(programName: string): Promise<ProgramReportInputs | null>;
  readonly auth: { readonly sharedSecret?: Secret; readonly signingKey?: Secret };
  /** Absolute base URL of the dashboard; https turns on the cookie's Secure flag. */
  readonly publicUrl: string;
  readonly sessionTtlSeconds?: number;
  readonly renderer?: DashboardRenderer;
  /** Who may sign in and with which role; without it every secret holder is an editor. */
  readonly people?: PeopleDirectory;
  /** The register and decisions; their pages and API are mounted when present. */
  readonly register?: RegisterService;
  /** Who may sign in and how, for the admin-only people page (mounted when present). */
  readonly admin?: Pick<AdminRoutesDeps, 'people' | 'subscriberEmails' | 'sharedSecretRole'>;
  /** What-if scenarios; the what-if page and API are mounted when present. */
  readonly whatIf?: WhatIfService;
  /** Past weekly reports by week; the archive pages are mounted when present. */
  readonly archive?: {
    listWeeks(programName: string): Promise<SnapshotSummary[] | null>;
    loadPastReportInputs(programName: string, period: string): Promise<ProgramReportInputs | null>;
  };
  /** Emailed one-time sign-in links; the email form is shown when present. */
  readonly loginLinks?: LoginLinkDelivery;
  /** Logged-out sessions and used login links (every link works once). */
  readonly revocations: TokenRevocations;
  /** Failed sign-ins per client address and name; defaults to 5 free failures, then doubling waits. */
  readonly loginThrottle?: LoginThrottle;
  /** BullMQ queues for the admins' queue board at /admin/queues (mounted only when given). */
  readonly queueBoard?: { readonly queues: readonly Queue[] };
  /** Requests per minute and client address to sign-in and to the JSON API (@fastify/rate-limit). */
  readonly rateLimits?: DashboardRateLimits;
}

export interface DashboardRateLimits {
  /**
   * Sign-in requests (form, email link request, link use). Default 120: a bound on floods, while
   * the login throttle's doubling waits after failures are what bound guessing.
   */
  readonly signInPerMinute?: number;
  /** Calls to `/api/…`. Default 1200. */
  readonly apiPerMinute?: number;
  /** With Redis the counts are shared by every server; without, each process counts its own. */
  readonly redis?: { readonly connection: Redis; readonly prefix: string };
}

export interface LoginLinkDelivery {
  readonly ttlMinutes: number;
  send(email: string, url: string): Promise<void>;
}

/** Server-side memory of logged-out sessions and used login links (by hash), shared by every server. */
export interface TokenRevocations {
  /** Records it; false when it was revoked already. */
  revoke(tokenHash: string, expiresAt: Date): Promise<boolean>;
  isRevoked(tokenHash: string): Promise<boolean>;
}

/** Who is making a request, and the session value their CSRF token is bound to (null for bearer calls). */
export interface DashboardRequestAuth {
  readonly actor: Actor;
  readonly session: string | null;
  readonly csrf: string | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a session (the login endpoints). */
    dashboardPublic?: boolean;
  }
  interface FastifyRequest {
    seamsAuth: DashboardRequestAuth | null;
  }
}

const NO_PEOPLE: AccessConfig = { sharedSecretRole: 'editor', loginLinkMinutes: 15 };
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const programName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/);
const loginBody = z.object({ secret: z.string().max(1024), name: z.string().trim().min(1).max(200), next: z.string().max(2048).optional() });
const emailBody = z.object({ email: z.email().max(320), next: z.string().max(2048).optional() });
const actorHeader = z.string().trim().min(1).max(200);
const linkQuery = z.object({ token: z.string().max(4096), next: z.string().max(2048).optional() });

/** Pages carry inline SVG with style attributes, no inline script: the only script is ours. */
const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
  },
};

const CSRF_ERRORS = new Set(['FST_CSRF_MISSING_SECRET', 'FST_CSRF_INVALID_TOKEN']);

export const dashboardRoutes: FastifyPluginAsync<DashboardRoutesOptions> = async (app, options) => {
  const auth = createDashboardAuth(options.auth, { sessionTtlSeconds: options.sessionTtlSeconds });
  const people = options.people ?? createPeopleDirectory({ people: [], access: NO_PEOPLE });
  const loginForms = { secret: auth.acceptsSharedSecret, email: options.loginLinks !== undefined };
  const renderer = options.renderer ?? createDashboardRenderer();
  const templates = loadReportTemplates();
  const basePath = app.prefix.replace(/\/+$/, '');
  const pageFor = (request: FastifyRequest) => ({ basePath, actor: request.seamsAuth?.actor ?? null, csrf: request.seamsAuth?.csrf ?? null });
  const cookieOptions = {
    path: basePath || '/',
    secure: options.publicUrl.startsWith('https:'),
    httpOnly: true,
    sameSite: 'lax' as const,
  };

  await app.register(fastifyCookie, auth.cookieSigner ? { secret: auth.cookieSigner } : {});
  // Forms carry mitigations and decisions (thousands of characters, percent-encoded up to 9 bytes each).
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(fastifyFormbody, { bodyLimit: 128 * 1024 });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // A dashboard needs none of these cross-origin isolation headers; the CSP above is what matters.
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: false,
    originAgentCluster: false,
    hsts: options.publicUrl.startsWith('https:'),
  });
  // The CSRF secret is the signed session itself: a token only verifies for the session whose page
  // it came from, under a key of its own (csrfOpts.hmacKey). Bearer calls carry no cookie and no token.
  await app.register(fastifyCsrfProtection, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: SESSION_COOKIE,
    cookieOpts: { ...cookieOptions, signed: true },
    csrfOpts: { algorithm: 'sha256', ...(auth.csrfKey ? { hmacKey: auth.csrfKey } : {}) },
  });
  const limits = options.rateLimits ?? {};
  const signInPerMinute = limits.signInPerMinute ?? 120;
  const apiPerMinute = limits.apiPerMinute ?? 1200;
  const limited = (request: FastifyRequest): 'sign-in' | 'api' | null =>
    request.url.startsWith(`${basePath}/api/`) ? 'api' : request.routeOptions.config.dashboardPublic && request.url.startsWith(`${basePath}/login`) ? 'sign-in' : null;
  await app.register(fastifyRateLimit, {
    max: (request) => (limited(request) === 'sign-in' ? signInPerMinute : apiPerMinute),
    timeWindow: 60_000,
    allowList: (request) => limited(request) === null,
    ...(limits.redis ? { redis: limits.redis.connection, nameSpace: `${limits.redis.prefix}:dashboard-rate:` } : {}),
    errorResponseBuilder: (_request, context) => new HttpError(429, `too many requests; try again in ${context.after}`),
  });

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
    html(reply, status, renderer.login({ error, notice: null, next, basePath, forms: loginForms }));

  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.decorateRequest('seamsAuth', null);

  const refuse = (request: FastifyRequest, reply: FastifyReply, hadCookie: boolean) => {
    // Credentials were presented and are wrong, forged or expired (or this is an API call without any).
    reply.header('www-authenticate', 'Bearer realm="seams"');
    if (hadCookie) reply.clearCookie(SESSION_COOKIE, cookieOptions);
    if (wantsHtml(request)) return loginPage(reply, 401, 'Your session is invalid or has expired. Sign in again.', safeNext(request.url));
    return reply.code(401).send({ error: 'unauthorized' });
  };

  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.dashboardPublic) return;
    const authorization = request.headers.authorization;
    const cookie = request.cookies[SESSION_COOKIE];
    if (authorization !== undefined) {
      const bearer = /^Bearer (.+)$/i.exec(authorization)?.[1];
      if (bearer !== undefined && auth.checkSharedSecret(bearer)) {
        // API clients name the person they act for; the secret vouches for it as it does at the login form.
        const named = actorHeader.safeParse(request.headers['x-seams-user']);
        const actor = people.resolve({ kind: 'name', name: named.success ? named.data : 'api' });
        if (actor !== null) {
          request.seamsAuth = { actor, session: null, csrf: null };
          return;
        }
      }
    } else if (cookie !== undefined) {
      const principal = auth.verifySession(cookie);
      const revoked = principal !== null && (await options.revocations.isRevoked(revocationHash(cookie)));
      const actor = principal === null || revoked ? null : people.resolve(principal);
      if (actor !== null) {
        request.seamsAuth = { actor, session: cookie, csrf: reply.generateCsrf() };
        return;
      }
    } else if (wantsHtml(request)) {
      return reply.redirect(`${basePath}/login?next=${encodeURIComponent(request.url)}`, 302);
    }
    return refuse(request, reply, cookie !== undefined);
  });

  // Cookies ride along on cross-site requests; only a page we rendered knows the session's token.
  app.addHook('preHandler', (request, reply, done) => {
    const session = request.seamsAuth?.session;
    if (!UNSAFE_METHODS.has(request.method) || session === undefined || session === null) return done();
    app.csrfProtection(request, reply, done);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === undefined || !CSRF_ERRORS.has(error.code)) throw error;
    request.log.warn({ path: request.url.split('?')[0] }, 'dashboard request without a valid CSRF token');
    if (wantsHtml(request)) return html(reply, 403, '<!DOCTYPE html><title>Forbidden</title><p>This form has expired. Go back, reload the page and try again.</p>');
    return reply.code(403).send({ error: 'missing or invalid CSRF token' });
  });

  const startSession = (reply: FastifyReply, principal: Principal, next: string | undefined) =>
    reply
      .setCookie(SESSION_COOKIE, auth.sessionPayload(principal), { ...cookieOptions, signed: true, maxAge: auth.sessionTtlSeconds })
      .redirect(safeNext(next), 303);

  app.get<{ Querystring: { next?: string } }>('/login', { config: { dashboardPublic: true } }, async (request, reply) => {
    const notice = auth.acceptsSharedSecret || loginForms.email ? null : 'Signing in with a secret is not configured; ask for a login link.';
    return loginPage(reply, 200, notice, safeNext(request.query.next));
  });

  app.post('/login', { config: { dashboardPublic: true } }, async (request, reply) => {
    const raw = request.body as { secret?: unknown; next?: unknown } | undefined;
    const body = loginBody.safeParse(request.body);
    const next = body.success ? body.data.next : typeof raw?.next === 'string' ? raw.next : undefined;
    const throttleKeys = [`ip:${request.ip}`, ...(body.success ? [`name:${body.data.name.toLowerCase()}`] : [])];
    const wait = throttle.retryAfterSeconds(throttleKeys);
    if (wait > 0) {
      request.log.warn({ ip: request.ip, retryAfterSeconds: wait }, 'dashboard login throttled');
      reply.header('retry-after', String(wait));
      return loginPage(reply, 429, `Too many failed sign-ins. Try again in ${wait} s.`, safeNext(next));
    }
    if (!auth.checkSharedSecret(typeof raw?.secret === 'string' ? raw.secret : '')) {
      throttle.recordFailure(throttleKeys);
      request.log.warn({ ip: request.ip }, 'dashboard login failed');
      return loginPage(reply, 401, 'Wrong secret.', safeNext(next));
    }
    throttle.recordSuccess(throttleKeys);
    if (!body.success) return loginPage(reply, 401, 'Give your name with the secret.', safeNext(next));
    const principal: Principal = { kind: 'name', name: body.data.name };
    const actor = people.resolve(principal);
    if (actor === null) return loginPage(reply, 401, 'Give your name with the secret.', safeNext(next));
    request.log.info({ actor: actor.name, role: actor.role }, 'dashboard login with the shared secret');
    return startSession(reply, principal, next);
  });

  const loginLinks = options.loginLinks;
  if (loginLinks) {
    app.post('/login/email', { config: { dashboardPublic: true } }, async (request, reply) => {
      const body = emailBody.safeParse(request.body);
      if (!body.success) return loginPage(reply, 422, 'Enter a valid email address.', safeNext(undefined));
      const next = safeNext(body.data.next);
      // The same answer whether or not the address may sign in: the form must not reveal who can.
      if (people.canReceiveLink(body.data.email)) {
        const token = auth.createLoginToken({ subject: body.data.email.toLowerCase(), ttlSeconds: loginLinks.ttlMinutes * 60, oneTime: true });
        const url = `${loginLinkUrl(options.publicUrl, token)}&next=${encodeURIComponent(next)}`;
        await loginLinks.send(body.data.email, url);
        request.log.info('dashboard login link sent');
      } else {
        request.log.warn('dashboard login link asked for an unknown address');
      }
      return html(reply, 200, renderer.login({ error: null, notice: `If ${body.data.email} may sign in, a one-time link is on its way. It works for ${loginLinks.ttlMinutes} minutes.`, next, basePath, forms: loginForms }));
    });
  }

  app.get('/login/link', { config: { dashboardPublic: true } }, async (request, reply) => {
    const query = linkQuery.safeParse(request.query);
    const claims = query.success ? auth.verifyLoginToken(query.data.token) : null;
    const invalid = () => loginPage(reply, 401, 'This login link is invalid, expired or already used.', `${basePath}/`);
    if (!query.success || claims === null) return invalid();
    const subject = claims.subject ?? 'link';
    // Emailed (one-time) links name an address that must still be allowed in. Other links were made
    // by whoever holds the signing key (the demo, an operator) and vouch for their subject as a name.
    const byEmail: Principal = { kind: 'email', email: subject };
    const principal: Principal = people.resolve(byEmail) !== null ? byEmail : { kind: 'name', name: subject };
    if ((claims.oneTime && principal.kind !== 'email') || people.resolve(principal) === null) return invalid();
    // Every link works once: one forwarded or left in a mailbox must not sign in a second browser.
    if (!(await options.revocations.revoke(revocationHash(query.data.token), new Date(claims.expiresAt * 1000)))) return invalid();
    request.log.info({ subject: claims.subject }, 'dashboard login by link');
    return startSession(reply, principal, query.data.next);
  });

  app.post('/logout', async (request, reply) => {
    // Revoked on the server too: a copied cookie stops working at logout, not 12 hours later.
    const cookie = request.cookies[SESSION_COOKIE];
    const expiresAt = cookie === undefined ? null : auth.sessionExpiresAt(cookie);
    if (cookie !== undefined && expiresAt !== null) await options.revocations.revoke(revocationHash(cookie), new Date(expiresAt));
    return reply.clearCookie(SESSION_COOKIE, cookieOptions).redirect(`${basePath}/login`, 303);
  });

  // Only the stylesheet and scripts: the page templates sit in the same folder.
  await app.register(fastifyStatic, {
    root: join(templates.dir, 'dashboard'),
    prefix: '/assets/',
    index: false,
    cacheControl: false,
    decorateReply: false,
    allowedPath: (path) => /^\/[a-z-]+\.(css|js)$/.test(path),
    // RFC 9239: text/javascript, as browsers and the CSP expect.
    setHeaders: (reply, path) => {
      if (path.endsWith('.js')) reply.header('content-type', 'text/javascript; charset=utf-8');
    },
  });
  // Pan and zoom on the dependency graph: svg-pan-zoom's browser build, straight from its package.
  await app.register(fastifyStatic, {
    root: dirname(createRequire(import.meta.url).resolve('svg-pan-zoom/dist/svg-pan-zoom.min.js')),
    prefix: '/assets/vendor/',
    index: false,
    cacheControl: false,
    decorateReply: false,
    allowedPath: (path) => path === '/svg-pan-zoom.min.js',
    setHeaders: (reply) => {
      reply.header('content-type', 'text/javascript; charset=utf-8');
    },
  });

  app.get('/', async (_request, reply) => html(reply, 200, renderer.programList(await options.loadProgramList(), pageFor(_request))));

  app.get('/api/programs', async () => ({ programs: await options.loadProgramList() }));
  app.get('/api/me', async (request) => ({ name: request.seamsAuth?.actor.name, role: request.seamsAuth?.actor.role }));

  if (options.register) registerRoutes(app, { register: options.register, pageFor, html, basePath });
  itemRoutes(app, { loadReportInputs: options.loadReportInputs, pageFor, html });
  if (options.admin) adminRoutes(app, { ...options.admin, pageFor, html });
  if (options.whatIf) whatIfRoutes(app, { whatIf: options.whatIf, loadReportInputs: options.loadReportInputs, pageFor, html });
  if (options.queueBoard) {
    await app.register(queueBoardRoutes, { prefix: '/admin/queues', queues: options.queueBoard.queues, basePath, secure: cookieOptions.secure });
  }

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
    if (inputs !== null) return html(reply, 200, await renderer.program(inputs, pageFor(request)));
    return reply;
  });

  app.get<{ Params: { name: string; what: string } }>('/programs/:name/export/:what', async (request, reply) => {
    const exporters: Readonly<Record<string, (view: ReturnType<typeof buildTpmReportView>) => string>> = {
      'blocked.csv': (view) => blockedCsv(view.blockedByTeam),
      'critical-path.csv': (view) => criticalPathCsv(view.criticalPath),
    };
    const exporter = exporters[request.params.what];
    if (!exporter) throw new HttpError(404, `no export named ${request.params.what}`);
    const inputs = await loadProgram(request.params.name, reply);
    if (inputs === null) return reply;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${inputs.program.name}-${request.params.what}"`)
      .send(exporter(buildTpmReportView(inputs)));
  });

  const archive = options.archive;
  if (archive) {
    const period = z.string().regex(/^\d{4}-W\d{2}$/);
    app.get<{ Params: { name: string } }>('/programs/:name/weeks', async (request, reply) => {
      const weeks = programName.safeParse(request.params.name).success ? await archive.listWeeks(request.params.name) : null;
      if (weeks === null) throw new HttpError(404, `no program named ${request.params.name}`);
      const inputs = await options.loadReportInputs(request.params.name);
      return html(reply, 200, renderer.weeks({ name: request.params.name, title: inputs?.program.title ?? request.params.name, timezone: inputs?.program.timezone ?? 'UTC', weeks: [...weeks].reverse() }, pageFor(request)));
    });
    app.get<{ Params: { name: string; period: string } }>('/programs/:name/weeks/:period', async (request, reply) => {
      const valid = programName.safeParse(request.params.name).success && period.safeParse(request.params.period).success;
      const inputs = valid ? await archive.loadPastReportInputs(request.params.name, request.params.period) : null;
      if (inputs === null) throw new HttpError(404, `no weekly report of ${request.params.name} for ${request.params.period}`);
      return html(reply, 200, await renderer.report(inputs, pageFor(request), { pastWeek: true }));
    });
  }

  app.get<{ Params: { name: string; team: string } }>('/programs/:name/teams/:team', async (request, reply) => {
    const inputs = await loadProgram(request.params.name, reply);
    if (inputs === null) return reply;
    const body = renderer.team(inputs, request.params.team, pageFor(request));
    if (body === null) throw new HttpError(404, `no team named ${request.params.team} in ${request.params.name}`);
    return html(reply, 200, body);
  });

  app.get<{ Params: { name: string } }>('/programs/:name/report', async (request, reply) => {
    const inputs = await loadProgram(request.params.name, reply);
    if (inputs !== null) return html(reply, 200, await renderer.report(inputs, pageFor(request)));
    return reply;
  });
};
