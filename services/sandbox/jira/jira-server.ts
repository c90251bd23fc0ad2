/**
 * Jira Cloud-compatible REST server over a sandbox program (node:http, loopback only). Serves
 * what the jira.js connector uses, in v3 shapes, with Basic auth, rate-limit headers and
 * runtime-switchable faults. Mutate the program through program-mutations; the server notices.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { SandboxProgram } from '../program-model.js';
import { createFaultInjector, type JiraFaults } from './jira-faults.js';
import { buildJiraIndex, type JiraIndex } from './jira-index.js';
import { programRevision } from '../program-revision.js';
import type { JiraSiteRenderer, RenderContext } from './jira-render.js';
import { browsePage } from './browse-page.js';
import * as routes from './jira-routes.js';
import { createJiraWriteRouter, type JiraWriteReply, type JiraWrites, type PerIssueWriteLimit } from './jira-write-routes.js';

export type { JiraFaults } from './jira-faults.js';

export interface JiraSandboxOptions {
  readonly program: SandboxProgram;
  /** 0 picks a free port; omitted, the port of a loopback `program.jiraBaseUrl` is used (else 0). */
  readonly port?: number;
  readonly email: string;
  readonly apiToken: string;
  readonly faults?: JiraFaults;
  /** How the bulk changelog writes `created`: epoch seconds as in Atlassian's example (default) or datetime strings. */
  readonly bulkChangelogDates?: routes.BulkChangelogDates;
  /** Per-issue write burst limit (default 10 writes per second per issue). */
  readonly perIssueWrites?: PerIssueWriteLimit;
  /** Renders a real dataset's issues (workflow, link types, versions, changelogs) instead of the generated model. */
  readonly site?: JiraSiteRenderer;
}

export interface JiraSandboxStats {
  readonly total: number;
  /** Requests per route template, e.g. `GET /rest/api/3/issue/{idOrKey}`. */
  readonly byRoute: Readonly<Record<string, number>>;
  readonly faultsInjected: number;
}

export interface JiraSandbox {
  /** Base URL, e.g. `http://127.0.0.1:4010` (what jira.js takes as `host`). */
  readonly url: string;
  readonly stats: JiraSandboxStats;
  /** Comments and label edits written to the sandbox (write-back). */
  readonly writes: JiraWrites;
  resetStats(): void;
  setFaults(faults: JiraFaults): void;
  close(): Promise<void>;
}

const RATE_LIMIT = 1_000;
const RATE_WINDOW_MS = 60_000;

const SearchBody = z.object({
  jql: z.string().optional(),
  nextPageToken: z.string().optional(),
  maxResults: z.number().int().optional(),
  fields: z.array(z.string()).optional(),
  expand: z.union([z.string(), z.array(z.string())]).optional(),
});

function listParam(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
}

function intParam(value: string | null, fallback: number): number {
  const n = value === null ? NaN : Number(value);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_048_576) throw new RangeError('request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.length === 0 ? {} : (JSON.parse(text) as unknown);
}

function defaultPort(program: SandboxProgram): number {
  try {
    const url = new URL(program.jiraBaseUrl);
    const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
    return loopback && url.port !== '' ? Number(url.port) : 0;
  } catch {
    return 0;
  }
}

export async function startJiraSandbox(options: JiraSandboxOptions): Promise<JiraSandbox> {
  const { program } = options;
  const expectedAuth = `Basic ${Buffer.from(`${options.email}:${options.apiToken}`).toString('base64')}`;
  const faults = createFaultInjector(options.faults);
  let byRoute: Record<string, number> = {};
  let total = 0;
  let faultsInjected = 0;
  let windowStart = Date.now();
  let windowCount = 0;
  let index: JiraIndex | null = null;
  let baseUrl = '';
  const writeRouter = createJiraWriteRouter(options.perIssueWrites);

  const currentIndex = (): JiraIndex => {
    const revision = programRevision(program);
    if (index?.revision !== revision) index = buildJiraIndex(program, revision);
    return index;
  };

  const route = async (req: IncomingMessage, url: URL): Promise<{ name: string; run: (ctx: RenderContext) => Promise<JiraWriteReply> | JiraWriteReply }> => {
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '');
    const q = url.searchParams;
    if (path === '/rest/api/3/search/jql' && (method === 'GET' || method === 'POST')) {
      return {
        name: `${method} /rest/api/3/search/jql`,
        run: async (ctx) => {
          if (method === 'GET') {
            const max = q.get('maxResults');
            return routes.search(ctx, {
              jql: q.get('jql') ?? '',
              nextPageToken: q.get('nextPageToken') ?? undefined,
              maxResults: max === null ? undefined : intParam(max, 50),
              fields: listParam(q.getAll('fields')),
              expand: listParam(q.getAll('expand')),
            });
          }
          const body = SearchBody.safeParse(await readJson(req));
          if (!body.success) return routes.jiraError(400, 'Invalid request payload. Refer to the REST API documentation and try again.');
          const expand = body.data.expand;
          return routes.search(ctx, {
            jql: body.data.jql ?? '',
            nextPageToken: body.data.nextPageToken,
            maxResults: body.data.maxResults,
            fields: listParam(body.data.fields ?? []),
            expand: listParam(expand === undefined ? [] : typeof expand === 'string' ? [expand] : expand),
          });
        },
      };
    }
    if (path === '/rest/api/3/changelog/bulkfetch' && method === 'POST') {
      return { name: 'POST /rest/api/3/changelog/bulkfetch', run: async (ctx) => routes.bulkChangelog(ctx, await readJson(req), options.bulkChangelogDates) };
    }
    if (/^\/rest\/api\/(2|3|latest)\/search$/.test(path)) return { name: `${method} /rest/api/{version}/search`, run: () => routes.legacySearchRemoved() };
    const issueMatch = /^\/rest\/api\/(2|3|latest)\/issue\/([^/]+)(?:\/(changelog|remotelink))?$/.exec(path);
    if (issueMatch && method === 'GET') {
      const version: routes.ApiVersion = issueMatch[1] === '3' ? '3' : '2';
      const idOrKey = decodeURIComponent(issueMatch[2] as string);
      const sub = issueMatch[3];
      if (sub === 'changelog') {
        return {
          name: 'GET /rest/api/3/issue/{idOrKey}/changelog',
          run: (ctx) => routes.issueChangelog(ctx, idOrKey, intParam(q.get('startAt'), 0), intParam(q.get('maxResults'), 100)),
        };
      }
      if (sub === 'remotelink') return { name: 'GET /rest/api/3/issue/{idOrKey}/remotelink', run: (ctx) => routes.issueRemoteLinks(ctx, idOrKey) };
      return {
        name: `GET /rest/api/${version}/issue/{idOrKey}`,
        run: (ctx) => routes.getIssue(ctx, idOrKey, listParam(q.getAll('fields')), listParam(q.getAll('expand')), version),
      };
    }
    if (method === 'GET' && path === '/rest/api/3/field') return { name: 'GET /rest/api/3/field', run: (ctx) => routes.fieldList(ctx) };
    if (method === 'GET' && path === '/rest/api/3/project/search') {
      return { name: 'GET /rest/api/3/project/search', run: (ctx) => routes.projectSearch(ctx, intParam(q.get('startAt'), 0), intParam(q.get('maxResults'), 50)) };
    }
    if (method === 'GET' && path === '/rest/api/3/myself') return { name: 'GET /rest/api/3/myself', run: (ctx) => routes.myself(ctx, options.email) };
    if (method === 'GET' && path === '/rest/api/3/status') return { name: 'GET /rest/api/3/status', run: (ctx) => routes.statuses(ctx) };
    if (method === 'GET' && path === '/rest/api/3/issueLinkType') return { name: 'GET /rest/api/3/issueLinkType', run: (ctx) => routes.issueLinkTypes(ctx) };
    const write = writeRouter.route(method, path, q, () => readJson(req));
    if (write) return write;
    return { name: 'unknown', run: () => routes.jiraError(404, `No resource matches ${method} ${url.pathname}.`) };
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, truncate = false): void => {
    const json = JSON.stringify(body);
    if (status === 204) {
      res.writeHead(204, headers);
      res.end();
      return;
    }
    const text = truncate ? json.slice(0, Math.max(1, Math.floor(json.length / 2))) : json;
    res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', baseUrl);
    const browse = /^\/browse\/([^/]+)\/?$/.exec(url.pathname);
    if (browse && req.method === 'GET') {
      // A person following a report link: no API credentials, an HTML page.
      const { status, html } = browsePage({ baseUrl, index: currentIndex(), teams: program.teams }, decodeURIComponent(browse[1] as string));
      res.writeHead(status, { 'Content-Type': 'text/html;charset=UTF-8', 'Content-Length': Buffer.byteLength(html) });
      res.end(html);
      return;
    }
    const { name, run } = await route(req, url);
    total++;
    byRoute[name] = (byRoute[name] ?? 0) + 1;
    if (faults.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.delayMs));

    if (req.headers.authorization !== expectedAuth) {
      send(res, 401, { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} }, { 'X-Seraph-LoginReason': 'AUTHENTICATED_FAILED' });
      return;
    }
    const now = Date.now();
    if (now - windowStart >= RATE_WINDOW_MS) {
      windowStart = now;
      windowCount = 0;
    }
    windowCount++;
    const rateHeaders = {
      'X-RateLimit-Limit': String(RATE_LIMIT),
      'X-RateLimit-Remaining': String(Math.max(0, RATE_LIMIT - windowCount)),
      'X-RateLimit-Reset': new Date(windowStart + RATE_WINDOW_MS).toISOString(),
    };
    const fault = faults.next();
    if (fault.kind === '429') {
      faultsInjected++;
      send(res, 429, { errorMessages: ['Rate limit exceeded.'], errors: {} }, {
        ...rateHeaders,
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': new Date(now + fault.retryAfterSeconds * 1_000).toISOString(),
        'Retry-After': String(fault.retryAfterSeconds),
        'RateLimit-Reason': 'jira-burst-based',
      });
      return;
    }
    if (fault.kind === '500') {
      faultsInjected++;
      send(res, 500, { errorMessages: ['Internal server error'], errors: {} }, rateHeaders);
      return;
    }
    const ctx: RenderContext = { baseUrl, index: currentIndex(), teams: program.teams, site: options.site };
    const reply = await run(ctx);
    if (fault.kind === 'truncate') faultsInjected++;
    send(res, reply.status, reply.body, { ...rateHeaders, ...reply.headers }, fault.kind === 'truncate' && reply.status === 200);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const message = error instanceof SyntaxError || error instanceof RangeError ? error.message : 'Internal server error';
      if (!res.headersSent) send(res, error instanceof SyntaxError || error instanceof RangeError ? 400 : 500, { errorMessages: [message], errors: {} });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? defaultPort(program), '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    get stats(): JiraSandboxStats {
      return { total, byRoute: { ...byRoute }, faultsInjected };
    },
    writes: writeRouter.writes,
    resetStats() {
      byRoute = {};
      total = 0;
      faultsInjected = 0;
    },
    setFaults: (next) => faults.set(next),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
