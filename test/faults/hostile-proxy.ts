/**
 * A tiny HTTP proxy in front of the Jira sandbox that rewrites search pages into hostile
 * Jira-shaped payloads: fields missing or null, unknown link types, links to the issue itself,
 * the same issue twice in one page, and timestamps from the wrong side of the clock.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One proxied exchange: when the request arrived and what the sandbox answered. */
export interface ProxiedExchange {
  readonly arrivedAt: number;
  readonly answeredAt: number;
  readonly status: number;
  readonly retryAfterSeconds: number | null;
}

export interface HostileProxy {
  readonly url: string;
  readonly exchanges: readonly ProxiedExchange[];
  /** What was injected, by issue key. */
  readonly injected: ReadonlyMap<string, string>;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Rewrites the n-th issue of each page; keys of the rewritten issues are remembered. */
function poison(body: Json, injected: Map<string, string>): Json {
  const issues = Array.isArray(body.issues) ? (body.issues as unknown[]).filter(isObject) : [];
  if (issues.length < 8) return body;
  const out = issues.map((i) => structuredClone(i));
  const tag = (index: number, what: string, change: (issue: Json, fields: Json) => void): void => {
    const issue = out[index];
    if (!issue || !isObject(issue.fields)) return;
    change(issue, issue.fields);
    injected.set(String(issue.key), what);
  };
  tag(0, 'status missing', (_i, f) => {
    delete f.status;
  });
  tag(1, 'fields null', (i) => {
    i.fields = { summary: null, status: null, issuetype: null, project: null, updated: null, created: null };
  });
  tag(2, 'unknown link type', (i, f) => {
    const links = Array.isArray(f.issuelinks) ? f.issuelinks : [];
    f.issuelinks = [
      ...links,
      { id: '999001', type: { id: '99', name: 'Frobnicates', inward: 'is frobnicated by', outward: 'frobnicates' }, outwardIssue: { id: '1', key: 'PAY-1' } },
    ];
  });
  tag(3, 'self-link', (i, f) => {
    const links = Array.isArray(f.issuelinks) ? f.issuelinks : [];
    f.issuelinks = [
      ...links,
      { id: '999002', type: { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' }, outwardIssue: { id: i.id, key: i.key } },
    ];
  });
  tag(4, 'clock skew (updated in 2099, created after resolution)', (_i, f) => {
    f.updated = '2099-01-01T00:00:00.000+0000';
    f.created = '2098-01-01T00:00:00.000+0000';
  });
  tag(5, 'malformed link entries', (_i, f) => {
    f.issuelinks = [null, 42, { type: null }, { id: '999003', type: { name: 'Blocks' } }];
  });
  tag(6, 'wrong types', (_i, f) => {
    f.summary = { text: 'not a string' };
    f.labels = 'launch';
    f.duedate = 'next tuesday';
  });
  // The same issue twice in one page (a duplicate key).
  const duplicate = out[7];
  if (duplicate) {
    out.push(structuredClone(duplicate));
    injected.set(String(duplicate.key), 'duplicate key in page');
  }
  return { ...body, issues: out };
}

async function readBody(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `poison: false` only forwards and records (the rate-limit storm measures timing with it). */
export async function startHostileJiraProxy(targetUrl: string, options: { readonly poison?: boolean } = {}): Promise<HostileProxy> {
  const target = new URL(targetUrl);
  const injected = new Map<string, string>();
  const exchanges: ProxiedExchange[] = [];
  const server: Server = createServer((req, res) => {
    const arrivedAt = performance.now();
    void (async () => {
      const body = await readBody(req);
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
        (answer) => {
          void (async () => {
            const raw = await readBody(answer);
            let payload = raw;
            const retryAfter = answer.headers['retry-after'];
            exchanges.push({
              arrivedAt,
              answeredAt: performance.now(),
              status: answer.statusCode ?? 0,
              retryAfterSeconds: typeof retryAfter === 'string' ? Number(retryAfter) : null,
            });
            if (options.poison !== false && answer.statusCode === 200 && req.url?.startsWith('/rest/api/3/search/jql')) {
              try {
                payload = Buffer.from(JSON.stringify(poison(JSON.parse(raw.toString('utf8')) as Json, injected)));
              } catch {
                payload = raw;
              }
            }
            const headers = { ...answer.headers, 'content-length': String(payload.length) };
            delete headers['transfer-encoding'];
            res.writeHead(answer.statusCode ?? 502, headers);
            res.end(payload);
          })();
        },
      );
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      upstream.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    injected,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
