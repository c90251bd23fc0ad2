/**
 * Admin-only pages and API. People and roles live in seams.config.yaml (roles are read from it at
 * every request), so "people management" here is seeing who may sign in, with which role and how:
 * the configured people, the subscribers who may sign in as viewers, and what the shared secret
 * grants. Editors and viewers are refused with 403 and the refusal is logged.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PersonConfig, Role } from '../config/config-schema.js';
import { roleAllows } from '../people/people.js';
import type { DashboardPageContext } from '../reports/render-dashboard.js';
import { escapeHtml, loadReportTemplates } from '../reports/report-templates.js';

export interface AdminRoutesDeps {
  readonly people: readonly PersonConfig[];
  readonly subscriberEmails: readonly string[];
  /** The role of someone who signs in with the shared secret under a name that is not configured. */
  readonly sharedSecretRole: Role;
  pageFor(request: FastifyRequest): DashboardPageContext;
  html(reply: FastifyReply, status: number, body: string): FastifyReply;
}

export interface PeopleOverview {
  readonly people: readonly { readonly name: string; readonly email: string | null; readonly role: Role; readonly signIn: readonly ('link' | 'secret')[] }[];
  /** Subscribers who are not configured people: they may sign in as viewers with a link. */
  readonly subscriberViewers: readonly string[];
  readonly sharedSecretRole: Role;
}

export function peopleOverview(deps: Pick<AdminRoutesDeps, 'people' | 'subscriberEmails' | 'sharedSecretRole'>): PeopleOverview {
  const configured = new Set(deps.people.flatMap((p) => (p.email ? [p.email.toLowerCase()] : [])));
  return {
    people: deps.people
      .map((p) => ({ name: p.name, email: p.email ?? null, role: p.role, signIn: p.email ? (['link', 'secret'] as const) : (['secret'] as const) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    subscriberViewers: [...new Set(deps.subscriberEmails.map((e) => e.toLowerCase()))].filter((e) => !configured.has(e)).sort(),
    sharedSecretRole: deps.sharedSecretRole,
  };
}

export function adminRoutes(app: FastifyInstance, deps: AdminRoutesDeps): void {
  const templates = loadReportTemplates();

  /** Null when the signed-in person is an admin; else the 403 reply already sent. */
  const refuseNonAdmin = (request: FastifyRequest, reply: FastifyReply, api: boolean): FastifyReply | null => {
    const actor = request.seamsAuth?.actor;
    if (actor && roleAllows(actor.role, 'admin')) return null;
    request.log.warn({ actor: actor?.name, role: actor?.role, path: request.url.split('?')[0] }, 'admin page refused');
    const message = `${actor?.name ?? 'this session'} is ${actor ? `${actor.role === 'editor' || actor.role === 'admin' ? 'an' : 'a'} ${actor.role}` : 'not signed in'}; only admins may see people and roles`;
    return api ? reply.code(403).send({ error: message }) : deps.html(reply, 403, `<!DOCTYPE html><title>Forbidden</title><p>${escapeHtml(message)}</p>`);
  };

  app.get('/admin/people', async (request, reply) => {
    const refused = refuseNonAdmin(request, reply, false);
    if (refused) return refused;
    return deps.html(reply, 200, templates.html('dashboard/people', { timezone: 'UTC', page: deps.pageFor(request), title: 'People and roles', ...peopleOverview(deps) }));
  });

  app.get('/api/admin/people', async (request, reply) => {
    const refused = refuseNonAdmin(request, reply, true);
    if (refused) return refused;
    return peopleOverview(deps);
  });
}
