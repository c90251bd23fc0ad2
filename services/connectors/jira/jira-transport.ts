/**
 * Our transport behind jira.js: an object satisfying jira.js's `Client` (`sendRequest`), so every
 * call goes through the library's endpoint functions (`searchAndReconsileIssuesUsingJqlPost`,
 * `getBulkChangelogs`, ...) while retries, rate limits, concurrency, an injectable fetch and
 * secret-free errors stay ours.
 *
 * jira.js would validate each response against its full generated schema; we skip that on
 * purpose. The connector parses each issue with its own narrow zod schema, so one malformed
 * issue costs that issue only, and a 50,000-issue sync does not pay for validating fields it
 * never reads.
 */
import type { Client, SendRequestOptions } from 'jira.js/core';
import { TrackerRequestError } from '../connector-errors.js';
import { assertOk, createRetryingFetch, type FetchLike, type RetryEvent } from '../http-retry.js';
import { createHttpStats, type HttpStats, type RetryPolicy } from '../retry-policy.js';
import { createConcurrencyLimiter, createRateLimitGate, realTiming, type Timing } from '../rate-limit.js';
import { normalizeBaseUrl } from '../cross-links.js';
import type { JiraSource } from './jira-options.js';

const TRUNCATED_BODY_ATTEMPTS = 3;

export interface JiraTransportDeps {
  readonly source: JiraSource;
  readonly concurrency: number;
  readonly fetchImpl?: FetchLike | undefined;
  readonly retryPolicy?: Partial<RetryPolicy> | undefined;
  readonly timing?: Timing | undefined;
  readonly random?: (() => number) | undefined;
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
}

export interface JiraTransport {
  /** Hand this to jira.js endpoint functions. */
  readonly client: Client;
  readonly stats: HttpStats;
}

export function createJiraTransport(deps: JiraTransportDeps): JiraTransport {
  const stats = createHttpStats();
  const timing = deps.timing ?? realTiming;
  const baseUrl = normalizeBaseUrl(deps.source.baseUrl);
  const authorization = `Basic ${Buffer.from(`${deps.source.email}:${deps.source.apiToken}`, 'utf8').toString('base64')}`;
  const secrets = [deps.source.apiToken, authorization.slice('Basic '.length)];
  const fetchWithRetry = createRetryingFetch({
    sourceName: deps.source.name,
    fetchImpl: deps.fetchImpl,
    policy: deps.retryPolicy,
    random: deps.random,
    onRetry: deps.onRetry,
    limiter: createConcurrencyLimiter(deps.concurrency),
    gate: createRateLimitGate(timing),
    timing,
    stats,
  });

  const client: Client = {
    async sendRequest<T>(request: SendRequestOptions<T>): Promise<T> {
      const method = request.method ?? 'GET';
      const url = buildUrl(baseUrl, request.url, request.searchParams);
      const hasBody = request.body !== undefined && request.body !== null;
      const init: RequestInit = {
        method,
        headers: {
          Accept: 'application/json',
          Authorization: authorization,
          ...(hasBody ? { 'Content-Type': 'application/json' } : {}),
          ...request.headers,
        },
        ...(hasBody ? { body: JSON.stringify(stripUndefined(request.body)) } : {}),
      };
      // A 200 whose body is cut off (proxy reset mid-stream) is retried like a network error.
      for (let attempt = 1; ; attempt++) {
        const response = await fetchWithRetry(url, init);
        await assertOk(response, { sourceName: deps.source.name, method, url, secrets });
        if (response.status === 204) return undefined as T;
        const text = await response.text();
        if (text === '') return undefined as T;
        try {
          return JSON.parse(text) as T;
        } catch (error) {
          if (attempt < TRUNCATED_BODY_ATTEMPTS) continue;
          throw new TrackerRequestError(
            { sourceName: deps.source.name, status: response.status, method, path: new URL(url).pathname, transient: true, detail: 'response is not valid JSON' },
            { cause: error },
          );
        }
      }
    },
  };
  return { client, stats };
}

/** Same query serialization as jira.js: arrays repeat the parameter, objects are JSON. */
function buildUrl(baseUrl: string, path: string, params: Readonly<Record<string, unknown>> | undefined): string {
  const url = new URL(baseUrl + (path.startsWith('/') ? path : `/${path}`));
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, String(item));
    else url.searchParams.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return url.toString();
}

function stripUndefined(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}
