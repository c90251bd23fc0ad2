/**
 * Subscriptions over HTTP: POST /api/subscriptions (Bearer dashboard secret) adds one, and the
 * one-click unsubscribe link: GET shows a confirm page (mail scanners follow GETs, so GET never
 * unsubscribes), POST unsubscribes (RFC 8058 clients POST `List-Unsubscribe=One-Click`).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { UnknownProgramError } from '../../db/subscriptions.js';
import type { SubscriptionService } from '../delivery/subscription-service.js';
import { HttpError } from './http-errors.js';
import { bearerToken, secretsEqual } from './shared-secret.js';

export interface SubscriptionRoutesDeps {
  readonly subscriptions: SubscriptionService;
  readonly dashboardSecret: string | undefined;
  /** Addresses in these domains are subscribed at once; any other needs the recipient's click. */
  readonly allowedDomains: readonly string[];
  /** Absolute base URL for the confirmation link. */
  readonly publicUrl: string;
  /** Sends the confirmation email; absent without SMTP, and then outside addresses are refused. */
  readonly sendConfirmation?: (request: { to: string; programName: string; audience: string; confirmUrl: string }) => Promise<void>;
}

const createBody = z
  .object({
    email: z.email(),
    program: z.string().min(1),
    audience: z.enum(['tpm', 'leadership', 'team']),
    timezone: z.string().optional(),
    /** Required for the `team` audience: the team whose own report is sent. */
    team: z.string().trim().min(1).max(200).optional(),
  })
  .refine((b) => (b.audience === 'team') === (b.team !== undefined), {
    path: ['team'],
    message: 'the team audience needs a team, and only it takes one',
  });

const tokenQuery = z.object({ token: z.string().min(1).max(200) });

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto">` +
    `<h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

const INVALID_CONFIRM_LINK = page('Link not valid', '<p>This confirmation link is not valid.</p>');
const INVALID_LINK = page('Link not valid', '<p>This unsubscribe link is not valid. Use the link from the latest email.</p>');

function tokenOf(request: FastifyRequest): string | null {
  const parsed = tokenQuery.safeParse(request.query);
  return parsed.success ? parsed.data.token : null;
}

export function subscriptionRoutes(deps: SubscriptionRoutesDeps) {
  return async function register(app: FastifyInstance): Promise<void> {
    // One-click POSTs are form-encoded; the token travels in the query, so the body is not needed.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, body));

    app.post('/api/subscriptions', async (request, reply) => {
      const presented = bearerToken(request.headers.authorization);
      if (!deps.dashboardSecret || presented === null || !secretsEqual(presented, deps.dashboardSecret)) {
        throw new HttpError(401, 'missing or invalid bearer token');
      }
      const body = createBody.parse(request.body);
      const domain = body.email.split('@').pop()!.toLowerCase();
      const needsConfirmation = !deps.allowedDomains.includes(domain);
      if (needsConfirmation && !deps.sendConfirmation) {
        throw new HttpError(422, `${domain} is not an allowed subscription domain and no confirmation email can be sent (SMTP_URL is not set)`);
      }
      try {
        const row = await deps.subscriptions.addFromApi(
          { email: body.email, programName: body.program, audience: body.audience, timezone: body.timezone ?? 'UTC', team: body.team ?? null },
          { pendingConfirmation: needsConfirmation },
        );
        if (needsConfirmation && row.pending_confirmation && deps.sendConfirmation) {
          const confirmUrl = `${deps.publicUrl}/subscriptions/confirm?token=${encodeURIComponent(deps.subscriptions.confirmationToken(row.id))}`;
          await deps.sendConfirmation({ to: row.email, programName: body.program, audience: row.audience, confirmUrl });
          request.log.info({ subscriptionId: row.id, domain }, 'subscription waits for confirmation');
          return reply
            .status(202)
            .send({ id: row.id, email: row.email, program: body.program, audience: row.audience, active: false, status: 'confirmation-sent' });
        }
        return reply.status(201).send({ id: row.id, email: row.email, program: body.program, audience: row.audience, team: row.team, active: row.active });
      } catch (error) {
        if (error instanceof UnknownProgramError) throw new HttpError(422, `no program named "${body.program}"`);
        throw error;
      }
    });

    // Mail scanners follow GETs: the GET only asks, the POST confirms.
    app.get('/subscriptions/confirm', async (request, reply) => {
      const token = tokenOf(request);
      if (!token) return reply.status(403).type('text/html').send(INVALID_CONFIRM_LINK);
      const action = `/subscriptions/confirm?token=${encodeURIComponent(token)}`;
      return reply
        .type('text/html')
        .send(page('Confirm subscription', `<p>Start receiving this Seams email?</p><form method="post" action="${escapeHtml(action)}"><button type="submit">Confirm</button></form>`));
    });

    app.post('/subscriptions/confirm', async (request, reply) => {
      const token = tokenOf(request);
      const result = token ? await deps.subscriptions.confirm(token) : null;
      if (!result) return reply.status(403).type('text/html').send(INVALID_CONFIRM_LINK);
      request.log.info({ subscriptionId: result.subscription.id, changed: result.changed }, 'subscription confirmed');
      const { email, audience, program_name: program } = result.subscription;
      const body = result.subscription.active
        ? `<p>${escapeHtml(email)} will receive the ${escapeHtml(audience)} email about <strong>${escapeHtml(program)}</strong>.</p>`
        : `<p>This subscription was ended; ask for it again to receive the email.</p>`;
      return reply.type('text/html').send(page('Subscription confirmed', body));
    });

    app.get('/unsubscribe', async (request, reply) => {
      const token = tokenOf(request);
      const subscription = token ? await deps.subscriptions.resolveToken(token) : null;
      if (!token || !subscription) return reply.status(403).type('text/html').send(INVALID_LINK);
      const action = `/unsubscribe?token=${encodeURIComponent(token)}`;
      const body = subscription.active
        ? `<p>Stop the ${escapeHtml(subscription.audience)} email about <strong>${escapeHtml(subscription.program_name)}</strong> to ${escapeHtml(subscription.email)}?</p>` +
          `<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`
        : `<p>${escapeHtml(subscription.email)} no longer receives this email.</p>`;
      return reply.type('text/html').send(page('Unsubscribe', body));
    });

    app.post('/unsubscribe', async (request, reply) => {
      const token = tokenOf(request);
      const result = token ? await deps.subscriptions.unsubscribe(token) : null;
      if (!result) return reply.status(403).type('text/html').send(INVALID_LINK);
      request.log.info({ subscriptionId: result.subscription.id, changed: result.changed }, 'unsubscribed');
      return reply
        .type('text/html')
        .send(page('Unsubscribed', `<p>${escapeHtml(result.subscription.email)} will no longer receive this email.</p>`));
    });
  };
}
