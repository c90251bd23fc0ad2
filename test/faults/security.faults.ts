/**
 * Security against a real `seams server` process: webhooks with a bad, stale or replayed
 * signature (or a wrong shared secret) are refused and enqueue nothing (the accepted ones leave
 * their keys pending, one coalesced sync job per source); the dashboard refuses
 * anyone without the secret or a valid session; unsubscribe tokens cannot be forged or moved to
 * another subscription; and no secret value appears in any output, error or page.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUnsubscribeToken } from '../../services/delivery/unsubscribe-token.js';
import { jobCounts, openQueue } from './checks.js';
import { createWebhookKeyStore } from '../../workers/webhook-keys.js';
import { findSecrets, printSummary, REDIS_URL, startedProcesses, stopAll, SUITE_SECRETS } from './faults-kit.js';
import { jiraWebhookBody, linearWebhook, prepareProgram, startServer } from './server-fixture.js';
import { createSyncFixture, type SyncFixture } from './sync-fixture.js';

interface Probe {
  readonly name: string;
  readonly status: number;
  readonly expected: number | readonly number[];
  readonly body: string;
}

describe('security of the HTTP surface', () => {
  let fixture: SyncFixture;
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    fixture = await createSyncFixture('security', { size: 'demo', seed: 71 });
    await prepareProgram(fixture);
    server = await startServer(fixture, 'server-security');
  });
  afterAll(async () => {
    await stopAll();
    await fixture?.close();
  });

  it('refuses forged, stale and replayed requests, and leaks no secret', async () => {
    const probes: Probe[] = [];
    const send = async (name: string, expected: Probe['expected'], path: string, init: RequestInit = {}): Promise<Probe> => {
      const response = await fetch(`${server.url}${path}`, { redirect: 'manual', ...init });
      const probe = { name, status: response.status, expected, body: await response.text() };
      probes.push(probe);
      return probe;
    };
    const json = { 'content-type': 'application/json' };
    const linearIssue = fixture.sandbox.program.issues.find((i) => i.tracker === 'linear')!;
    const linearKey = linearIssue.key;
    const jiraKey = fixture.sandbox.program.issues.find((i) => i.tracker === 'jira')!.key;

    // Webhooks: Linear HMAC signature, freshness and replay; Jira shared secret.
    const good = linearWebhook(linearIssue);
    await send('linear: valid signature', 202, '/webhooks/linear/linear', { method: 'POST', headers: { ...json, 'linear-signature': good.signature }, body: good.body });
    await send('linear: same delivery replayed', 401, '/webhooks/linear/linear', { method: 'POST', headers: { ...json, 'linear-signature': good.signature }, body: good.body });
    const other = linearWebhook(linearIssue);
    await send('linear: signature of another body', 401, '/webhooks/linear/linear', { method: 'POST', headers: { ...json, 'linear-signature': good.signature }, body: other.body });
    const wrongKey = linearWebhook(linearIssue, { secret: 'not-the-secret' });
    await send('linear: signed with the wrong secret', 401, '/webhooks/linear/linear', { method: 'POST', headers: { ...json, 'linear-signature': wrongKey.signature }, body: wrongKey.body });
    await send('linear: no signature', 401, '/webhooks/linear/linear', { method: 'POST', headers: json, body: other.body });
    const stale = linearWebhook(linearIssue, { timestamp: Date.now() - 10 * 60_000 });
    await send('linear: stale timestamp, valid signature', 401, '/webhooks/linear/linear', { method: 'POST', headers: { ...json, 'linear-signature': stale.signature }, body: stale.body });
    const tampered = good.body.replace(linearKey, 'EVIL-1');
    await send('linear: body altered after signing', 401, '/webhooks/linear/linear', { method: 'POST', headers: { ...json, 'linear-signature': good.signature }, body: tampered });
    await send('jira: no secret', 401, '/webhooks/jira/jira', { method: 'POST', headers: json, body: jiraWebhookBody(jiraKey) });
    await send('jira: wrong secret', 401, `/webhooks/jira/jira?secret=wrong-${SUITE_SECRETS.JIRA_WEBHOOK_SECRET.length}`, { method: 'POST', headers: json, body: jiraWebhookBody(jiraKey) });
    await send('jira: wrong bearer', 401, '/webhooks/jira/jira', { method: 'POST', headers: { ...json, authorization: 'Bearer nope-nope-nope' }, body: jiraWebhookBody(jiraKey) });
    await send('jira: right secret (query)', 202, `/webhooks/jira/jira?secret=${SUITE_SECRETS.JIRA_WEBHOOK_SECRET}`, { method: 'POST', headers: json, body: jiraWebhookBody(jiraKey) });
    await send('jira: right secret (bearer)', 202, '/webhooks/jira/jira', { method: 'POST', headers: { ...json, authorization: `Bearer ${SUITE_SECRETS.JIRA_WEBHOOK_SECRET}` }, body: jiraWebhookBody(jiraKey) });

    // Dashboard: nothing without the secret or a valid session.
    const html = { accept: 'text/html' };
    await send('dashboard /: anonymous', [302, 401], '/', { headers: html });
    await send('dashboard program: anonymous', [302, 401], '/programs/launch', { headers: html });
    await send('dashboard api: anonymous', 401, '/api/programs');
    await send('dashboard api: wrong bearer', 401, '/api/programs', { headers: { authorization: 'Bearer wrong-secret-0123456789' } });
    await send('dashboard: forged session cookie', [302, 401], '/programs/launch', {
      headers: { ...html, cookie: `seams_session=9999999999.AAAAAAAAAAAAAAAA.${'A'.repeat(43)}` },
    });
    await send('dashboard: wrong login secret', 401, '/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `secret=wrong-secret-0123456789&next=%2F`,
    });
    const authorized = await send('dashboard program: right bearer', 200, '/programs/launch', {
      headers: { ...html, authorization: `Bearer ${SUITE_SECRETS.SEAMS_DASHBOARD_SECRET}` },
    });

    // Unsubscribe: two subscriptions; tokens cannot be forged or moved to the other one.
    const addSubscription = async (email: string): Promise<number> => {
      const response = await fetch(`${server.url}/api/subscriptions`, {
        method: 'POST',
        headers: { ...json, authorization: `Bearer ${SUITE_SECRETS.SEAMS_DASHBOARD_SECRET}` },
        body: JSON.stringify({ email, program: 'launch', audience: 'tpm' }),
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: number }).id;
    };
    await send('subscriptions api: anonymous', 401, '/api/subscriptions', { method: 'POST', headers: json, body: JSON.stringify({ email: 'x@example.com', program: 'launch', audience: 'tpm' }) });
    const alice = await addSubscription('alice@example.com');
    const bob = await addSubscription('bob@example.com');
    const aliceToken = signUnsubscribeToken(alice, SUITE_SECRETS.SEAMS_SIGNING_KEY);
    const aliceSignature = aliceToken.split('.')[1]!;
    const forgedKey = signUnsubscribeToken(bob, 'guessed-signing-key-0123456789');
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const post = { method: 'POST', headers: form, body: 'List-Unsubscribe=One-Click' };
    await send('unsubscribe: token signed with a guessed key', 403, `/unsubscribe?token=${encodeURIComponent(forgedKey)}`, post);
    await send("unsubscribe: alice's signature on bob's id", 403, `/unsubscribe?token=${bob}.${aliceSignature}`, post);
    await send('unsubscribe: garbage token', 403, `/unsubscribe?token=${encodeURIComponent('1 or 1=1; --')}`, post);
    await send('unsubscribe: GET never unsubscribes', 200, `/unsubscribe?token=${encodeURIComponent(aliceToken)}`);
    await send("unsubscribe: alice's own token", 200, `/unsubscribe?token=${encodeURIComponent(aliceToken)}`, post);
    const active = await fixture.query<{ email: string; active: boolean }>('select email, active from subscriptions where id = any($1) order by email', [[alice, bob]]);

    const sync = openQueue('sync', fixture.prefix);
    const queued = await jobCounts(sync.queue);
    const queuedSources = (await sync.queue.getJobs(['waiting', 'delayed'])).map((j) => (j.data as { sourceName: string }).sourceName).sort();
    await sync.close();
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const keyStore = createWebhookKeyStore(redis, fixture.prefix);
    const pendingKeys = { linear: (await keyStore.pending('linear')).pending, jira: (await keyStore.pending('jira')).pending };
    redis.disconnect();
    const webhookProbes = probes.filter((p) => p.name.startsWith('linear') || p.name.startsWith('jira'));
    const accepted = webhookProbes.filter((p) => p.status === 202).length;
    const acceptedSources = [...new Set(webhookProbes.filter((p) => p.status === 202).map((p) => p.name.split(':')[0]!))].sort();
    const queuedTotal = Object.values(queued).reduce((a, b) => a + b, 0);

    const leaks = findSecrets(
      {
        ...Object.fromEntries(startedProcesses().map((p) => [p.name, p.output()])),
        ...Object.fromEntries(probes.map((p) => [`response to ${p.name}`, p.body])),
      },
      { ...SUITE_SECRETS, ...fixture.sandbox.env },
    );
    const wrong = probes.filter((p) => !(Array.isArray(p.expected) ? p.expected : [p.expected]).includes(p.status));
    printSummary('security', {
      ...Object.fromEntries(probes.map((p) => [p.name, p.status])),
      'webhooks accepted / sync jobs queued': `${accepted} / ${queuedTotal}`,
      'keys pending': `linear=${pendingKeys.linear.join(',')} jira=${pendingKeys.jira.join(',')}`,
      'subscriptions active after unsubscribe': active.map((a) => `${a.email}=${a.active}`).join(', '),
      'secret values found in outputs and pages': leaks.length,
    });

    expect(wrong.map((p) => `${p.name}: ${p.status}`)).toEqual([]);
    expect(authorized.body).toContain('<html');
    // One coalesced job per source that accepted a webhook, holding exactly the accepted keys
    // (both Jira webhooks named the same issue); nothing from a refused request.
    expect(accepted).toBe(3);
    expect(queuedSources).toEqual(acceptedSources);
    expect(queuedTotal).toBe(2);
    // Linear webhooks queue the issue's id (its identifier is for display only).
    expect(pendingKeys).toEqual({ linear: [linearIssue.id], jira: [jiraKey] });
    expect(active).toEqual([
      { email: 'alice@example.com', active: false },
      { email: 'bob@example.com', active: true },
    ]);
    expect(leaks).toEqual([]);
  });
});
