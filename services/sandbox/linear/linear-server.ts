import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { linearIssuePage } from './issue-page.js';
import { workspaceUrlKey } from './linear-naming.js';
import type { AddressInfo } from 'node:net';
import type { SandboxProgram } from '../program-model.js';
import { createGraphQLHandler, type HandlerResponse, type LinearLimits } from './graphql-handler.js';
import { loadLinearSchema } from './linear-schema.js';
import type { LinearWrites } from './linear-writes.js';

/**
 * Faults switchable at runtime. `...Every: n` hits every n-th request (counted over all
 * requests the server received, 1-based); the first matching fault wins.
 */
export interface LinearFaults {
  /** Answer RATELIMITED (HTTP 400, as Linear does) regardless of the buckets. */
  readonly rateLimitedEvery?: number;
  /** Answer HTTP 500 with an INTERNAL_SERVER_ERROR body. */
  readonly error500Every?: number;
  /** Send half the body, then drop the connection. */
  readonly truncateEvery?: number;
  /** Delay every answer by this many ms. */
  readonly delayMs?: number;
  /** Retry-After seconds sent with injected RATELIMITED answers (default 1). */
  readonly retryAfterSeconds?: number;
}

export interface LinearSandboxStats {
  readonly requests: number;
  /** Complexity points spent by executed queries. */
  readonly complexityUsed: number;
  readonly faultsInjected: number;
  /** How long building the schema took for this server (0 when it came from the cache). */
  readonly schemaBuildMs: number;
}

export interface LinearSandboxOptions {
  readonly program: SandboxProgram;
  readonly apiKey: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  readonly faults?: LinearFaults;
  readonly limits?: Partial<LinearLimits>;
  /**
   * Issue URLs point at this server, which serves a page for each (the demo's links then work);
   * otherwise they are `linearWorkspaceUrl` links as Linear's API gives them.
   */
  readonly servesIssuePages?: boolean;
}

export interface LinearSandbox {
  /** `http://127.0.0.1:<port>/graphql`, to pass as @linear/sdk's `apiUrl`. */
  readonly url: string;
  readonly stats: LinearSandboxStats;
  /** Comments and labels written through mutations (write-back). */
  readonly writes: LinearWrites;
  setFaults(faults: LinearFaults): void;
  /** Re-read the program after editing it in place (new ordering keys, links). */
  reindex(): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) request.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function hits(every: number | undefined, count: number): boolean {
  return every !== undefined && every > 0 && count % every === 0;
}

function send(response: ServerResponse, answer: HandlerResponse, truncate = false): void {
  const text = JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    ...answer.headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  if (!truncate) {
    response.end(text);
    return;
  }
  // Content-Length promises the whole body; the client sees the connection die mid-body.
  response.write(text.slice(0, Math.floor(text.length / 2)), () => response.destroy());
}

const INTERNAL_ERROR: HandlerResponse = {
  status: 500,
  headers: {},
  body: { errors: [{ message: 'Internal server error', extensions: { type: 'internal error', code: 'INTERNAL_SERVER_ERROR', statusCode: 500, userError: false, userPresentableMessage: 'Something went wrong.' } }] },
};

/** A Linear-compatible GraphQL endpoint over the program's Linear slice, for @linear/sdk. */
export async function startLinearSandbox(options: LinearSandboxOptions): Promise<LinearSandbox> {
  const { schema, buildMs } = loadLinearSchema();
  let workspaceUrl = options.program.linearWorkspaceUrl;
  const handler = createGraphQLHandler({ schema, program: options.program, apiKey: options.apiKey, limits: options.limits, workspaceUrl: () => workspaceUrl });
  let faults: LinearFaults = options.faults ?? {};
  let requests = 0;
  let faultsInjected = 0;

  const server = createServer((request, response) => {
    void (async () => {
      requests += 1;
      const count = requests;
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      const page = options.servesIssuePages && request.method === 'GET' ? linearIssuePage(options.program, path) : null;
      if (page) {
        response.writeHead(page.status, { 'content-type': 'text/html; charset=utf-8' }).end(page.html);
        return;
      }
      if (request.method !== 'POST' || path !== '/graphql') {
        send(response, { status: request.method === 'POST' ? 404 : 405, headers: {}, body: { errors: [{ message: 'POST /graphql only' }] } });
        return;
      }
      const body = await readBody(request);
      if (faults.delayMs) await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
      if (hits(faults.rateLimitedEvery, count)) {
        faultsInjected += 1;
        send(response, handler.rateLimited(faults.retryAfterSeconds ?? 1));
        return;
      }
      if (hits(faults.error500Every, count)) {
        faultsInjected += 1;
        send(response, INTERNAL_ERROR);
        return;
      }
      const authorization = request.headers.authorization;
      const answer = handler.handle(authorization, body);
      const truncate = hits(faults.truncateEvery, count);
      if (truncate) faultsInjected += 1;
      send(response, answer, truncate);
    })().catch((error: unknown) => {
      if (!response.headersSent) send(response, INTERNAL_ERROR);
      else response.destroy(error instanceof Error ? error : undefined);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  if (options.servesIssuePages) workspaceUrl = `http://127.0.0.1:${port}/${workspaceUrlKey(options.program.linearWorkspaceUrl)}`;

  return {
    url: `http://127.0.0.1:${port}/graphql`,
    get stats(): LinearSandboxStats {
      return { requests, complexityUsed: handler.complexityUsed(), faultsInjected, schemaBuildMs: buildMs };
    },
    writes: handler.writes,
    setFaults(next) {
      faults = next;
    },
    reindex: handler.reindex,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
