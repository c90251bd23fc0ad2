/**
 * Pure checks for incoming webhooks: Linear's HMAC signature and freshness, and the touched
 * item ids each tracker's payload names. No I/O here; the routes decide what to enqueue.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** Linear signs the raw body: hex HMAC-SHA256 with the webhook's signing secret. */
export function verifyLinearSignature(rawBody: Buffer, signatureHeader: string | undefined, secret: string): boolean {
  if (!signatureHeader || !/^[0-9a-f]{64}$/i.test(signatureHeader)) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(signatureHeader, 'hex'));
}

export const MAX_WEBHOOK_SKEW_MS = 60_000;

export function isFresh(timestampMs: number, nowMs: number, maxSkewMs: number = MAX_WEBHOOK_SKEW_MS): boolean {
  return Math.abs(nowMs - timestampMs) <= maxSkewMs;
}

const linearId = z.string().min(1).max(200);

export const linearWebhookSchema = z.object({
  action: z.string(),
  type: z.string(),
  webhookTimestamp: z.number().int().positive(),
  data: z
    .object({
      id: linearId.optional(),
      identifier: z.string().optional(),
      issueId: linearId.optional(),
      relatedIssueId: linearId.optional(),
    })
    .loose(),
});

export type LinearWebhook = z.infer<typeof linearWebhookSchema>;

/**
 * Issue ids (UUIDs) an event touches: the issue itself, or the issues a relation/comment/attachment
 * hangs on. The connector filters `id: { in: … }`, an ID filter: the identifier ("POR-5") that
 * Issue events also carry is for display only and would match nothing.
 */
export function linearTouchedItems(event: LinearWebhook): string[] {
  const keys = event.type === 'Issue' ? [event.data.id] : [event.data.issueId, event.data.relatedIssueId];
  return [...new Set(keys.filter((k): k is string => typeof k === 'string' && k.length > 0))];
}

const jiraKey = z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/);
const jiraId = z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform(String);

export const jiraWebhookSchema = z.object({
  webhookEvent: z.string(),
  issue: z.object({ id: jiraId.optional(), key: jiraKey.optional() }).loose().optional(),
  issueLink: z.object({ sourceIssueId: jiraId, destinationIssueId: jiraId }).loose().optional(),
});

export type JiraWebhook = z.infer<typeof jiraWebhookSchema>;

export function jiraTouchedItems(event: JiraWebhook): string[] {
  const keys = [event.issue?.key ?? event.issue?.id, event.issueLink?.sourceIssueId, event.issueLink?.destinationIssueId];
  return [...new Set(keys.filter((k): k is string => typeof k === 'string' && k.length > 0))];
}
