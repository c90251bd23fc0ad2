/**
 * Tracker webhooks -> targeted syncs of the touched items. Linear requests are verified by HMAC
 * over the raw body, must be fresh (webhookTimestamp within 60 s) and are accepted once; Jira
 * requests carry the shared secret (`?secret=` or `Authorization: Bearer`). Anything that fails a
 * check gets 401 and enqueues nothing.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError } from './http-errors.js';
import type { ReplayGuard } from './replay-guard.js';
import { bearerToken, secretsEqual } from './shared-secret.js';
import {
  MAX_WEBHOOK_SKEW_MS,
  isFresh,
  jiraTouchedItems,
  jiraWebhookSchema,
  linearTouchedItems,
  linearWebhookSchema,
  verifyLinearSignature,
} from './webhook-verification.js';

export interface WebhookRoutesDeps {
  readonly sources: readonly { readonly name: string; readonly kind: 'jira' | 'linear' }[];
  readonly linearSecret: string | undefined;
  readonly jiraSecret: string | undefined;
  readonly enqueueSync: (sourceName: string, itemKeys: readonly string[]) => Promise<void>;
  readonly replayGuard: ReplayGuard;
  readonly now: () => number;
}

const sourceParams = z.object({ source: z.string().regex(/^[a-z0-9][a-z0-9-]*$/) });

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
}

function rawBody(request: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(request.body)) throw new HttpError(415, 'expected a JSON body');
  return request.body;
}

export function webhookRoutes(deps: WebhookRoutesDeps) {
  const sourceOfKind = (name: string, kind: 'jira' | 'linear'): string => {
    const source = deps.sources.find((s) => s.name === name && s.kind === kind);
    if (!source) throw new HttpError(404, `no ${kind} source named "${name}"`);
    return source.name;
  };

  return async function register(app: FastifyInstance): Promise<void> {
    // Signatures are over the exact bytes received, so this scope keeps JSON bodies raw.
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    app.post('/webhooks/linear/:source', async (request, reply) => {
      const source = sourceOfKind(sourceParams.parse(request.params).source, 'linear');
      const body = rawBody(request);
      const signature = request.headers['linear-signature'];
      if (!deps.linearSecret || !verifyLinearSignature(body, typeof signature === 'string' ? signature : undefined, deps.linearSecret)) {
        throw new HttpError(401, 'invalid signature');
      }
      const event = linearWebhookSchema.parse(parseJson(body));
      if (!isFresh(event.webhookTimestamp, deps.now())) throw new HttpError(401, 'stale webhook timestamp');
      // Keyed by the signed bytes, not a header an attacker could vary.
      const replayKey = `linear:${createHash('sha256').update(body).digest('hex')}`;
      if (!(await deps.replayGuard.firstSeen(replayKey, 2 * MAX_WEBHOOK_SKEW_MS))) throw new HttpError(401, 'webhook already received');
      const items = linearTouchedItems(event);
      if (items.length > 0) await deps.enqueueSync(source, items);
      return reply.status(202).send({ queued: items.length });
    });

    app.post('/webhooks/jira/:source', async (request, reply) => {
      const source = sourceOfKind(sourceParams.parse(request.params).source, 'jira');
      const query = z.object({ secret: z.string().optional() }).loose().parse(request.query);
      const presented = query.secret ?? bearerToken(request.headers.authorization);
      if (!deps.jiraSecret || presented === null || !secretsEqual(presented, deps.jiraSecret)) {
        throw new HttpError(401, 'invalid secret');
      }
      const event = jiraWebhookSchema.parse(parseJson(rawBody(request)));
      const items = jiraTouchedItems(event);
      if (items.length > 0) await deps.enqueueSync(source, items);
      return reply.status(202).send({ queued: items.length });
    });
  };
}
