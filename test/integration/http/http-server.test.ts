import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getSubscription } from '../../../db/subscriptions.js';
import { recordSyncOutcome, saveCursor } from '../../../db/sync-state.js';
import { upsertSources } from '../../../db/sources.js';
import type { SubscriptionRow } from '../../../db/database-types.js';
import { createSubscriptionService } from '../../../services/delivery/subscription-service.js';
import { signUnsubscribeToken } from '../../../services/delivery/unsubscribe-token.js';
import { buildHttpServer } from '../../../services/http/http-server.js';
import { HttpError } from '../../../services/http/http-errors.js';
import { createMetrics } from '../../../services/http/metrics.js';
import { createRedisReplayGuard } from '../../../services/http/replay-guard.js';
import { closeQueues, createQueues, enqueueTargetedSync, type SeamsQueues } from '../../../workers/queues.js';
import { createWebhookKeyStore, type WebhookKeyStore } from '../../../workers/webhook-keys.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import {
  DASHBOARD_SECRET,
  SIGNING_KEY,
  connectRedis,
  deletePrefix,
  randomPrefix,
  seedPrograms,
  silentLogger,
  testConfigFile,
} from '../workers/worker-test-kit.js';

const LINEAR_SECRET = 'lin_wh_secret_0123456789';
const JIRA_SECRET = 'jira-webhook-secret-0123';
const NOW = Date.parse('2026-03-16T10:00:00Z');
const METRICS_TOKEN = 'metrics-token-0123456789';
const confirmations: { to: string; programName: string; audience: string; confirmUrl: string }[] = [];

describe('http server', () => {
  let database: TestDatabase;
  let redis: Redis;
  let prefix: string;
  let queues: SeamsQueues;
  let webhookKeys: WebhookKeyStore;
  let app: FastifyInstance;
  let subscriptions: SubscriptionRow[];
  let dbBroken = false;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    await seedPrograms(database.db);
    redis = connectRedis();
    prefix = randomPrefix();
    queues = createQueues({ connection: redis, prefix });
    webhookKeys = createWebhookKeyStore(redis, prefix);
    const subscriptionService = createSubscriptionService({ db: database.db, signingKey: SIGNING_KEY });
    subscriptions = await subscriptionService.syncFromConfig(testConfigFile());
    app = await buildHttpServer({
      logger: silentLogger,
      health: {
        db: database.db,
        redis: { ping: () => (dbBroken ? Promise.reject(new Error('ECONNREFUSED 10.0.0.1:6379 password=hunter2')) : redis.ping()) },
      },
      metrics: createMetrics({ queues, db: database.db, now: () => NOW }),
      metricsToken: METRICS_TOKEN,
      webhooks: {
        sources: [
          { name: 'jira-main', kind: 'jira' },
          { name: 'linear', kind: 'linear' },
        ],
        linearSecret: LINEAR_SECRET,
        jiraSecret: JIRA_SECRET,
        enqueueSync: (source, keys) => enqueueTargetedSync({ queues, keys: webhookKeys }, source, keys),
        replayGuard: createRedisReplayGuard(redis, prefix),
        now: () => NOW,
      },
      subscriptions: {
        subscriptions: subscriptionService,
        dashboardSecret: DASHBOARD_SECRET,
        allowedDomains: ['acme.test'],
        publicUrl: 'https://seams.acme.test',
        sendConfirmation: async (request) => {
          confirmations.push(request);
        },
      },
      dashboard: async (instance) => {
        instance.get('/dashboard/boom', async () => {
          throw new Error('duplicate key value violates unique constraint "x" SELECT * FROM secrets');
        });
        instance.get('/dashboard/teapot', async () => {
          throw new HttpError(418, 'short and stout');
        });
      },
    });
  });
  afterAll(async () => {
    await app.close();
    await closeQueues(queues);
    await deletePrefix(redis, prefix);
    await redis.quit();
    await database.drop();
  });
  beforeEach(async () => {
    await queues.sync.obliterate({ force: true });
    const leftover = await redis.keys(`${prefix}:webhook-keys:*`);
    if (leftover.length > 0) await redis.del(...leftover);
    dbBroken = false;
  });

  const syncJobs = async () => (await queues.sync.getJobs(['waiting', 'delayed'])).map((j) => j.data);
  const pendingKeys = async (source: string) => (await webhookKeys.pending(source)).pending;

  function linearRequest(payload: object, options: { secret?: string; signature?: string } = {}) {
    const body = JSON.stringify(payload);
    const signature = options.signature ?? createHmac('sha256', options.secret ?? LINEAR_SECRET).update(body).digest('hex');
    return app.inject({
      method: 'POST',
      url: '/webhooks/linear/linear',
      headers: { 'content-type': 'application/json', 'linear-signature': signature },
      payload: body,
    });
  }
  const issueEvent = (timestamp: number, identifier = 'WEB-12') => ({
    action: 'update',
    type: 'Issue',
    webhookTimestamp: timestamp,
    data: { id: `uuid-of-${identifier}`, identifier, title: 'Checkout form' },
  });

  describe('Linear webhook', () => {
    it('accepts a signed, fresh event and enqueues a targeted sync of the touched issue', async () => {
      const response = await linearRequest(issueEvent(NOW - 5_000));
      expect(response.statusCode).toBe(202);
      expect(response.json()).toEqual({ queued: 1 });
      expect(await syncJobs()).toEqual([{ sourceName: 'linear', mode: 'incremental', reason: 'webhook' }]);
      expect(await pendingKeys('linear')).toEqual(['uuid-of-WEB-12']);
    });

    it('coalesces a burst of events into one sync job holding every touched key', async () => {
      for (const [i, key] of ['WEB-5', 'WEB-1', 'WEB-5', 'WEB-9'].entries()) {
        expect((await linearRequest(issueEvent(NOW - 1_000 - i, key))).statusCode).toBe(202);
      }
      expect(await syncJobs()).toEqual([{ sourceName: 'linear', mode: 'incremental', reason: 'webhook' }]);
      expect(await pendingKeys('linear')).toEqual(['uuid-of-WEB-1', 'uuid-of-WEB-5', 'uuid-of-WEB-9']);
    });

    it('enqueues both ends of a relation', async () => {
      const response = await linearRequest({
        action: 'create',
        type: 'IssueRelation',
        webhookTimestamp: NOW,
        data: { id: 'rel-1', issueId: 'issue-a', relatedIssueId: 'issue-b', type: 'blocks' },
      });
      expect(response.statusCode).toBe(202);
      expect(await syncJobs()).toHaveLength(1);
      expect(await pendingKeys('linear')).toEqual(['issue-a', 'issue-b']);
    });

    it('rejects a wrong secret, a tampered body and a missing signature with 401 and enqueues nothing', async () => {
      expect((await linearRequest(issueEvent(NOW), { secret: 'not-the-secret' })).statusCode).toBe(401);
      const body = JSON.stringify(issueEvent(NOW));
      const signature = createHmac('sha256', LINEAR_SECRET).update(body).digest('hex');
      const tampered = await app.inject({
        method: 'POST',
        url: '/webhooks/linear/linear',
        headers: { 'content-type': 'application/json', 'linear-signature': signature },
        payload: body.replace('WEB-12', 'WEB-99'),
      });
      expect(tampered.statusCode).toBe(401);
      expect((await linearRequest(issueEvent(NOW), { signature: '' })).statusCode).toBe(401);
      expect(await syncJobs()).toEqual([]);
      expect(await pendingKeys('linear')).toEqual([]);
    });

    it('rejects stale and future timestamps beyond 60 s', async () => {
      expect((await linearRequest(issueEvent(NOW - 61_000, 'WEB-1'))).statusCode).toBe(401);
      expect((await linearRequest(issueEvent(NOW + 61_000, 'WEB-2'))).statusCode).toBe(401);
      expect((await linearRequest(issueEvent(NOW - 59_000, 'WEB-3'))).statusCode).toBe(202);
      expect(await syncJobs()).toHaveLength(1);
      expect(await pendingKeys('linear')).toEqual(['uuid-of-WEB-3']);
    });

    it('rejects a replay of the same signed request', async () => {
      const event = issueEvent(NOW - 1_000, 'WEB-77');
      expect((await linearRequest(event)).statusCode).toBe(202);
      const replay = await linearRequest(event);
      expect(replay.statusCode).toBe(401);
      expect(replay.json().error).toBe('webhook already received');
      expect(await syncJobs()).toHaveLength(1);
    });

    it('answers 422 for a signed payload of the wrong shape, with the request id', async () => {
      const response = await linearRequest({ action: 'update', type: 'Issue', webhookTimestamp: 'yesterday', data: {} });
      expect(response.statusCode).toBe(422);
      expect(response.json().requestId).toBe(response.headers['x-request-id']);
      expect(response.json().issues[0].path).toBe('webhookTimestamp');
    });
  });

  describe('Jira webhook', () => {
    const event = { webhookEvent: 'jira:issue_updated', issue: { id: '10042', key: 'PAY-42' } };
    const post = (url: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(event) });

    it('accepts the secret in the query or as a bearer token', async () => {
      expect((await post(`/webhooks/jira/jira-main?secret=${JIRA_SECRET}`)).statusCode).toBe(202);
      expect((await post('/webhooks/jira/jira-main', { authorization: `Bearer ${JIRA_SECRET}` })).statusCode).toBe(202);
      expect((await syncJobs()).map((j) => j.sourceName)).toEqual(['jira-main']);
      expect(await pendingKeys('jira-main')).toEqual(['PAY-42']);
    });

    it('rejects a missing or wrong secret and an unknown source, enqueueing nothing', async () => {
      expect((await post('/webhooks/jira/jira-main')).statusCode).toBe(401);
      expect((await post('/webhooks/jira/jira-main?secret=wrong')).statusCode).toBe(401);
      expect((await post('/webhooks/jira/jira-main', { authorization: `Bearer ${JIRA_SECRET}x` })).statusCode).toBe(401);
      expect((await post(`/webhooks/jira/linear?secret=${JIRA_SECRET}`)).statusCode).toBe(404);
      expect(await syncJobs()).toEqual([]);
      expect(await pendingKeys('jira-main')).toEqual([]);
    });
  });

  describe('subscriptions API and unsubscribe', () => {
    it('adds a subscription with the dashboard secret and refuses without it', async () => {
      const payload = { email: 'linus@acme.test', program: 'checkout', audience: 'team', team: 'Payments' };
      const denied = await app.inject({ method: 'POST', url: '/api/subscriptions', payload });
      expect(denied.statusCode).toBe(401);
      const created = await app.inject({
        method: 'POST',
        url: '/api/subscriptions',
        headers: { authorization: `Bearer ${DASHBOARD_SECRET}` },
        payload,
      });
      expect(created.statusCode).toBe(201);
      const row = await getSubscription(database.db, created.json().id);
      expect(row).toMatchObject({ email: 'linus@acme.test', origin: 'api', active: true, audience: 'team', team: 'Payments' });
      expect(row?.unsubscribe_token_hash).toMatch(/^[0-9a-f]{64}$/);
      const unknown = await app.inject({
        method: 'POST',
        url: '/api/subscriptions',
        headers: { authorization: `Bearer ${DASHBOARD_SECRET}` },
        payload: { ...payload, program: 'nope' },
      });
      expect(unknown.statusCode).toBe(422);
      const invalid = await app.inject({
        method: 'POST',
        url: '/api/subscriptions',
        headers: { authorization: `Bearer ${DASHBOARD_SECRET}` },
        payload: { ...payload, email: 'not-an-email' },
      });
      expect(invalid.statusCode).toBe(422);
      expect(invalid.json().issues[0].path).toBe('email');
    });

    it('an address outside the allowed domains gets a confirmation email and no mail until it clicks', async () => {
      const payload = { email: 'outsider@gmail.test', program: 'checkout', audience: 'leadership' };
      const created = await app.inject({ method: 'POST', url: '/api/subscriptions', headers: { authorization: `Bearer ${DASHBOARD_SECRET}` }, payload });
      expect(created.statusCode).toBe(202);
      expect(created.json()).toMatchObject({ active: false, status: 'confirmation-sent' });
      const id = created.json().id as number;
      expect(await getSubscription(database.db, id)).toMatchObject({ active: false, pending_confirmation: true });
      const sent = confirmations.find((c) => c.to === 'outsider@gmail.test')!;
      expect(sent.confirmUrl).toMatch(/^https:\/\/seams\.acme\.test\/subscriptions\/confirm\?token=/);
      const path = sent.confirmUrl.replace('https://seams.acme.test', '');

      // Asking again does not switch it on either.
      await app.inject({ method: 'POST', url: '/api/subscriptions', headers: { authorization: `Bearer ${DASHBOARD_SECRET}` }, payload });
      expect((await getSubscription(database.db, id))?.active).toBe(false);

      const page = await app.inject({ method: 'GET', url: path });
      expect(page.statusCode).toBe(200);
      expect((await getSubscription(database.db, id))?.active).toBe(false);
      const forged = await app.inject({ method: 'POST', url: `/subscriptions/confirm?token=${signUnsubscribeToken(id, SIGNING_KEY)}` });
      expect(forged.statusCode).toBe(403);
      const confirmed = await app.inject({ method: 'POST', url: path });
      expect(confirmed.statusCode).toBe(200);
      expect(await getSubscription(database.db, id)).toMatchObject({ active: true, pending_confirmation: false });
    });

    it('shows a confirm page on GET and unsubscribes only on POST', async () => {
      const sub = subscriptions.find((s) => s.email === 'grace@acme.test')!;
      const token = signUnsubscribeToken(sub.id, SIGNING_KEY);
      const page = await app.inject({ method: 'GET', url: `/unsubscribe?token=${token}` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<form method="post"');
      expect(page.body).toContain('checkout');
      expect((await getSubscription(database.db, sub.id))?.active).toBe(true);

      const oneClick = await app.inject({
        method: 'POST',
        url: `/unsubscribe?token=${token}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
      expect(oneClick.statusCode).toBe(200);
      expect((await getSubscription(database.db, sub.id))?.active).toBe(false);
    });

    it('rejects forged tokens and tokens signed for another subscription', async () => {
      // The target is ada; the attacker holds a genuine token for grace's subscription.
      const target = subscriptions.find((s) => s.email === 'ada@acme.test')!;
      const other = subscriptions.find((s) => s.email === 'grace@acme.test')!;
      const signatureOfOther = signUnsubscribeToken(other.id, SIGNING_KEY).split('.')[1];
      const attempts = [
        `${target.id}.${signatureOfOther}`,
        signUnsubscribeToken(target.id, 'some-other-signing-key-123456'),
        `${target.id}.`,
        'garbage',
      ];
      for (const token of attempts) {
        const response = await app.inject({ method: 'POST', url: `/unsubscribe?token=${encodeURIComponent(token)}`, payload: '' });
        expect(response.statusCode).toBe(403);
      }
      expect((await getSubscription(database.db, target.id))?.active).toBe(true);
      const page = await app.inject({ method: 'GET', url: `/unsubscribe?token=${target.id}.${signatureOfOther}` });
      expect(page.statusCode).toBe(403);
    });
  });

  describe('health, metrics, errors', () => {
    it('reports healthy, then 503 naming the failed check without leaking its message', async () => {
      const ok = await app.inject({ method: 'GET', url: '/healthz' });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().checks.database.ok).toBe(true);
      dbBroken = true;
      const down = await app.inject({ method: 'GET', url: '/healthz' });
      expect(down.statusCode).toBe(503);
      expect(down.json().checks.redis).toMatchObject({ ok: false, error: 'unreachable' });
      expect(down.body).not.toContain('hunter2');
    });

    it('exposes queue depth and sync freshness from sync_state', async () => {
      const [source] = await upsertSources(database.db, [{ name: 'jira-main', kind: 'jira', baseUrl: 'https://acme.atlassian.net', credentialsRef: 'JIRA_TOKEN' }]);
      await saveCursor(database.db, source!.id, 'default', { updatedSince: new Date(NOW - 600_000), pageToken: null, passStartedAt: null }, { items: 0, links: 0, transitions: 0 });
      await recordSyncOutcome(database.db, source!.id, 'default', { ok: true }, new Date(NOW - 120_000));
      await queues.sync.add('sync', { sourceName: 'jira-main', mode: 'incremental', reason: 'manual' });
      await queues.sync.add('sync', { sourceName: 'jira-main', mode: 'full', reason: 'manual' });
      await enqueueTargetedSync({ queues, keys: webhookKeys }, 'jira-main', ['PAY-1']);
      await enqueueTargetedSync({ queues, keys: webhookKeys }, 'jira-main', ['PAY-2']);
      for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${METRICS_TOKEN}`]) {
        const refused = await app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
        expect(refused.statusCode).toBe(401);
        expect(refused.body).not.toContain('seams_queue_jobs');
      }
      const response = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('seams_queue_jobs{queue="sync",state="waiting"} 2');
      expect(response.body).toContain('seams_queue_jobs{queue="sync",state="delayed"} 1');
      expect(response.body).toContain('seams_queue_jobs{queue="deliver",state="waiting"} 0');
      expect(response.body).toContain('seams_sync_lag_seconds{source="jira-main",scope="default"} 600');
      expect(response.body).toContain('seams_sync_last_success_age_seconds{source="jira-main",scope="default"} 120');
      expect(response.body).toContain('# TYPE seams_job_duration_seconds histogram');
    });

    it('maps unexpected errors to 500 without SQL, and HttpError to its status', async () => {
      const boom = await app.inject({ method: 'GET', url: '/dashboard/boom' });
      expect(boom.statusCode).toBe(500);
      expect(boom.json()).toEqual({ error: 'internal error', requestId: boom.headers['x-request-id'] });
      expect(boom.body).not.toContain('SELECT');
      expect((await app.inject({ method: 'GET', url: '/dashboard/teapot' })).statusCode).toBe(418);
      expect((await app.inject({ method: 'GET', url: '/nowhere' })).statusCode).toBe(404);
    });
  });
});
