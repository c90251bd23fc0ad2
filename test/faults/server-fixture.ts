/** A `seams server` process over a synced and rebuilt sandbox program, plus signed webhook bodies. */
import { createHmac, randomUUID } from 'node:crypto';
import { freeLoopbackPort } from '../../services/sandbox/sandbox-trackers.js';
import { startSeams, SUITE_SECRETS, type SeamsProcess } from './faults-kit.js';
import type { SyncFixture } from './sync-fixture.js';

/** Syncs both sources and rebuilds the program with one-shot CLI runs; throws if any fails. */
export async function prepareProgram(fixture: SyncFixture): Promise<void> {
  for (const args of [
    ['sync', '--source', 'jira', '--full'],
    ['sync', '--source', 'linear', '--full'],
    ['rebuild', '--program', 'launch'],
  ]) {
    const proc = startSeams(`prepare-${args[0]}-${args[2]}`, args, fixture.env());
    const code = await proc.exited;
    if (code !== 0) throw new Error(`seams ${args.join(' ')} exited ${code}\n${proc.output().slice(-2000)}`);
  }
}

export async function startServer(fixture: SyncFixture, name: string): Promise<{ proc: SeamsProcess; url: string }> {
  const port = await freeLoopbackPort();
  const proc = startSeams(name, ['server'], fixture.env({ PORT: String(port), SEAMS_PUBLIC_URL: `http://127.0.0.1:${port}` }));
  await proc.waitForOutput(/server listening/);
  return { proc, url: `http://127.0.0.1:${port}` };
}

/**
 * A Linear Issue webhook body (unique per call) and its Linear-Signature. Like Linear's, it
 * carries the issue's id (what Seams queues) and its identifier (display only).
 */
export function linearWebhook(
  issue: { readonly id: string; readonly key: string },
  options: { timestamp?: number; secret?: string } = {},
): { body: string; signature: string } {
  const body = JSON.stringify({
    action: 'update',
    type: 'Issue',
    webhookTimestamp: options.timestamp ?? Date.now(),
    webhookId: randomUUID(),
    data: { id: issue.id, identifier: issue.key },
  });
  const signature = createHmac('sha256', options.secret ?? SUITE_SECRETS.LINEAR_WEBHOOK_SECRET).update(body).digest('hex');
  return { body, signature };
}

export function jiraWebhookBody(key: string): string {
  return JSON.stringify({ webhookEvent: 'jira:issue_updated', timestamp: Date.now(), issue: { id: '10001', key } });
}
