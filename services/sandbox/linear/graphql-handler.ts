import { execute, getOperationAST, GraphQLError, Kind, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { z } from 'zod';
import type { SandboxProgram } from '../program-model.js';
import { createBucket, readBucket, trySpend, type LeakyBucketState } from './leaky-bucket.js';
import {
  authenticationError,
  badRequestError,
  queryTooComplexError,
  rateLimitedError,
  VALIDATION_EXTENSIONS,
  type LinearErrorResponse,
} from './linear-errors.js';
import { createFieldResolver } from './linear-resolvers.js';
import { createLinearWriteStore, type LinearWrites } from './linear-writes.js';
import { programRevision } from '../program-revision.js';
import { buildLinearStore, type LinearStore } from './linear-store.js';
import { estimateComplexity } from './query-complexity.js';

/** Linear's published budgets for a personal API key, and its per-query ceiling. */
export interface LinearLimits {
  readonly requestsPerHour: number;
  readonly complexityPerHour: number;
  readonly maxQueryComplexity: number;
}

export const DEFAULT_LIMITS: LinearLimits = { requestsPerHour: 5_000, complexityPerHour: 3_000_000, maxQueryComplexity: 10_000 };

export interface HandlerResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface GraphQLHandler {
  handle(authorization: string | undefined, rawBody: string): HandlerResponse;
  /** Answer as the limiter would when a bucket is empty (used by fault injection too). */
  rateLimited(retryAfterSeconds: number): HandlerResponse;
  /** Rebuild the indexes after editing the program in place. */
  reindex(): void;
  readonly complexityUsed: () => number;
  /** Comments and labels written through mutations. */
  readonly writes: LinearWrites;
}

export interface GraphQLHandlerDeps {
  readonly schema: GraphQLSchema;
  readonly program: SandboxProgram;
  readonly apiKey: string;
  readonly limits?: Partial<LinearLimits>;
  readonly clock?: () => number;
  /** Base of issue URLs (`<base>/issue/<IDENT>/<slug>`); defaults to the program's Linear workspace URL. */
  readonly workspaceUrl?: () => string;
}

const HOUR_MS = 3_600_000;
const DOCUMENT_CACHE_SIZE = 200;

const requestBody = z.object({
  query: z.string().min(1),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
});

interface PreparedDocument {
  readonly document: DocumentNode;
  readonly errors: readonly GraphQLError[];
}

function errorBody(response: LinearErrorResponse, headers: Record<string, string> = {}): HandlerResponse {
  return { status: response.httpStatus, headers, body: response.body };
}

function withDefaultExtensions(error: GraphQLError): unknown {
  const json = error.toJSON();
  if (json.extensions && 'type' in json.extensions) return json;
  return { ...json, extensions: { type: 'internal error', code: 'INTERNAL_SERVER_ERROR', statusCode: 500, userError: false, userPresentableMessage: error.message, ...json.extensions } };
}

/** The HTTP-agnostic request pipeline: auth, limits, parse, validate, complexity, execute. */
export function createGraphQLHandler(deps: GraphQLHandlerDeps): GraphQLHandler {
  const limits: LinearLimits = { ...DEFAULT_LIMITS, ...deps.limits };
  const clock = deps.clock ?? Date.now;
  const requests: LeakyBucketState = createBucket(limits.requestsPerHour, HOUR_MS, clock());
  const complexity: LeakyBucketState = createBucket(limits.complexityPerHour, HOUR_MS, clock());
  const documents = new Map<string, PreparedDocument>();
  let store: LinearStore = buildLinearStore(deps.program);
  let epochIso = (store.byCreatedAt[store.byCreatedAt.length - 1]?.createdAt ?? deps.program.now).toISOString();
  const writeStore = createLinearWriteStore();
  let fieldResolver = createFieldResolver(epochIso, writeStore.resolvers);
  let complexityUsed = 0;

  const reindex = (): void => {
    store = buildLinearStore(deps.program);
    epochIso = (store.byCreatedAt[store.byCreatedAt.length - 1]?.createdAt ?? deps.program.now).toISOString();
    fieldResolver = createFieldResolver(epochIso, writeStore.resolvers);
  };

  const limitHeaders = (queryComplexity: number | null): Record<string, string> => {
    const now = clock();
    const req = readBucket(requests, now);
    const cx = readBucket(complexity, now);
    return {
      ...(queryComplexity === null ? {} : { 'X-Complexity': String(queryComplexity) }),
      'X-RateLimit-Requests-Limit': String(req.limit),
      'X-RateLimit-Requests-Remaining': String(req.remaining),
      'X-RateLimit-Requests-Reset': String(req.resetAtMs),
      'X-RateLimit-Complexity-Limit': String(cx.limit),
      'X-RateLimit-Complexity-Remaining': String(cx.remaining),
      'X-RateLimit-Complexity-Reset': String(cx.resetAtMs),
    };
  };

  const rateLimited = (retryAfterSeconds: number): HandlerResponse =>
    errorBody(rateLimitedError(), { ...limitHeaders(null), 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) });

  /** Seconds until `amount` more tokens fit in the bucket. */
  const secondsUntilFits = (bucket: LeakyBucketState, amount: number): number => {
    const excess = bucket.level + amount - bucket.limit;
    return excess <= 0 ? 0 : (excess * bucket.periodMs) / bucket.limit / 1000;
  };

  const prepare = (query: string): PreparedDocument => {
    const cached = documents.get(query);
    if (cached) return cached;
    let prepared: PreparedDocument;
    try {
      const document = parse(query);
      prepared = { document, errors: validate(deps.schema, document) };
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      prepared = { document: { kind: Kind.DOCUMENT, definitions: [] }, errors: [error] };
    }
    if (documents.size >= DOCUMENT_CACHE_SIZE) documents.delete(documents.keys().next().value as string);
    documents.set(query, prepared);
    return prepared;
  };

  const authorized = (header: string | undefined): boolean => {
    if (!header) return false;
    const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : header.trim();
    return token === deps.apiKey;
  };

  const handle = (authorization: string | undefined, rawBody: string): HandlerResponse => {
    if (!authorized(authorization)) return errorBody(authenticationError());
    if (!trySpend(requests, 1, clock())) return rateLimited(secondsUntilFits(requests, 1));

    let body: z.infer<typeof requestBody>;
    try {
      const parsed = requestBody.safeParse(JSON.parse(rawBody));
      if (!parsed.success) return errorBody(badRequestError('Must provide query string.'), limitHeaders(null));
      body = parsed.data;
    } catch {
      return errorBody(badRequestError('Request body is not valid JSON.'), limitHeaders(null));
    }

    const { document, errors } = prepare(body.query);
    if (errors.length > 0) {
      const list = errors.map((error) => ({ ...error.toJSON(), extensions: { ...VALIDATION_EXTENSIONS, userPresentableMessage: error.message } }));
      return { status: 400, headers: limitHeaders(null), body: { errors: list } };
    }
    const operation = getOperationAST(document, body.operationName ?? undefined);
    if (!operation) return errorBody(badRequestError('Unknown or ambiguous operation name.'), limitHeaders(null));
    if (operation.operation === 'subscription') return errorBody(badRequestError('Subscriptions are not served over HTTP.'), limitHeaders(null));

    const variables = body.variables ?? {};
    const cost = estimateComplexity(deps.schema, document, operation, variables);
    if (cost > limits.maxQueryComplexity) return errorBody(queryTooComplexError(cost, limits.maxQueryComplexity), limitHeaders(cost));
    if (!trySpend(complexity, cost, clock())) return rateLimited(secondsUntilFits(complexity, cost));
    complexityUsed += cost;

    if (store.revision !== programRevision(deps.program)) reindex();
    const result = execute({
      schema: deps.schema,
      document,
      rootValue: {},
      contextValue: { store, now: new Date(clock()), workspaceUrl: deps.workspaceUrl?.() ?? deps.program.linearWorkspaceUrl },
      variableValues: variables,
      operationName: body.operationName ?? undefined,
      fieldResolver,
    });
    if ('then' in result) throw new Error('Linear sandbox resolvers are synchronous');
    const failed = result.errors !== undefined && result.errors.length > 0;
    const payload = failed ? { data: result.data ?? null, errors: result.errors?.map(withDefaultExtensions) } : { data: result.data };
    return { status: failed && !result.data ? 400 : 200, headers: limitHeaders(cost), body: payload };
  };

  return { handle, rateLimited, reindex, complexityUsed: () => complexityUsed, writes: writeStore };
}
