/**
 * The risk register and decisions in the dashboard: pages with forms (editors only, CSRF checked
 * by the dashboard plugin's hook) and the same operations as a JSON API under /api. Everyone
 * signed in can read; changes need the editor or admin role and are recorded under their name.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { roleAllows, type Actor } from '../people/people.js';
import { UnknownProgramError } from '../rebuild/rebuild-program.js';
import {
  RegisterConflictError,
  RegisterInputError,
  RegisterNotFoundError,
  parseId,
  parseInput,
  riskFilterSchema,
  withoutEmpty,
} from '../register/register-input.js';
import type { RegisterService } from '../register/register-service.js';
import { decisionsCsv, risksCsv } from '../reports/csv-exports.js';
import { createRegisterPages, type DecisionFormValues } from '../reports/render-register-pages.js';
import type { DashboardPageContext } from '../reports/render-dashboard.js';
import { escapeHtml } from '../reports/report-templates.js';

export interface RegisterRoutesDeps {
  readonly register: RegisterService;
  readonly basePath: string;
  pageFor(request: FastifyRequest): DashboardPageContext;
  html(reply: FastifyReply, status: number, body: string): FastifyReply;
}

type Params = { name: string; id: string };
type Form = Readonly<Record<string, unknown>>;

const field = (form: Form, name: string): string => (typeof form[name] === 'string' ? (form[name] as string) : '');
const list = (value: string, separator: RegExp): string[] => value.split(separator).map((v) => v.trim()).filter((v) => v !== '');

function actorOf(request: FastifyRequest): Actor {
  const actor = request.seamsAuth?.actor;
  if (!actor) throw new Error('register route reached without an authenticated actor');
  return actor;
}

function issuesOf(error: RegisterInputError): string[] {
  return error.issues.map((i) => `${i.field}: ${i.message}`);
}

/** The decision form's fields as the service's input: options one per line, ids and keys comma-separated. */
function decisionInput(form: Form): Record<string, unknown> {
  return {
    question: field(form, 'question'),
    options: list(field(form, 'options'), /\r?\n/),
    ...withoutEmpty({ recommendation: field(form, 'recommendation'), decider: field(form, 'decider'), due: field(form, 'due') }),
    riskIds: list(field(form, 'riskIds'), /[\s,]+/).map((id) => (/^\d+$/.test(id) ? Number(id) : id)),
    itemKeys: list(field(form, 'itemKeys'), /[\s,]+/),
  };
}

export function registerRoutes(app: FastifyInstance, deps: RegisterRoutesDeps): void {
  const { register, basePath } = deps;
  const pages = createRegisterPages();
  const programPath = (name: string) => `${basePath}/programs/${encodeURIComponent(name)}`;

  const page = (request: FastifyRequest, timezone: string) => {
    const actor = actorOf(request);
    return { ...deps.pageFor(request), timezone, canEdit: roleAllows(actor.role, 'editor') };
  };

  /** Maps the register's errors to statuses: the API answers JSON, pages a short HTML message. */
  const failed = (reply: FastifyReply, error: unknown, api: boolean): FastifyReply => {
    const status =
      error instanceof RegisterInputError ? 422
      : error instanceof RegisterNotFoundError || error instanceof UnknownProgramError ? 404
      : error instanceof RegisterConflictError ? 409
      : null;
    if (status === null) throw error;
    const message = (error as Error).message;
    if (api) {
      return reply.code(status).send({ error: status === 422 ? 'validation failed' : message, ...(error instanceof RegisterInputError ? { issues: error.issues } : {}) });
    }
    return deps.html(reply, status, `<!DOCTYPE html><title>Seams</title><p>${escapeHtml(message)}</p><p><a href="${escapeHtml(`${basePath}/`)}">All programs</a></p>`);
  };

  const forbidden = (request: FastifyRequest, reply: FastifyReply, api: boolean): FastifyReply | null => {
    const actor = actorOf(request);
    if (roleAllows(actor.role, 'editor')) return null;
    request.log.warn({ actor: actor.name, role: actor.role }, 'change refused: role may not edit');
    const message = `${actor.name} is a ${actor.role} and may not change the register`;
    return api ? reply.code(403).send({ error: message }) : deps.html(reply, 403, `<!DOCTYPE html><title>Forbidden</title><p>${escapeHtml(message)}</p>`);
  };

  // Pages ---------------------------------------------------------------------------------

  app.get<{ Params: Params; Querystring: Record<string, string> }>('/programs/:name/risks', async (request, reply) => {
    try {
      const program = register.program(request.params.name);
      const query = request.query;
      const filter = parseInput(riskFilterSchema, withoutEmpty({ status: query.status, team: query.team, severity: query.severity, owner: query.owner, rule: query.rule, text: query.q, sort: query.sort }));
      const all = await register.listRisks(program.name);
      const shown = await register.listRisks(program.name, filter);
      return deps.html(reply, 200, pages.risks(page(request, program.timezone), { program, all, shown, filter }));
    } catch (error) {
      return failed(reply, error, false);
    }
  });

  const riskOfProgram = async (name: string, idParam: string) => {
    const program = register.program(name);
    const result = await register.getRisk(parseId('risk', idParam));
    if (result.risk.program !== program.name) throw new RegisterNotFoundError(`no risk with id ${result.risk.id} in program ${program.name}`);
    return { program, ...result };
  };

  app.get<{ Params: Params; Querystring: { saved?: string } }>('/programs/:name/risks/:id', async (request, reply) => {
    try {
      const { program, risk, history } = await riskOfProgram(request.params.name, request.params.id);
      return deps.html(reply, 200, pages.risk(page(request, program.timezone), { risk, history, saved: request.query.saved === '1', errors: [] }));
    } catch (error) {
      return failed(reply, error, false);
    }
  });

  app.post<{ Params: Params }>('/programs/:name/risks/:id', async (request, reply) => {
    const refused = forbidden(request, reply, false);
    if (refused) return refused;
    const form = (request.body ?? {}) as Form;
    try {
      const { program, risk } = await riskOfProgram(request.params.name, request.params.id);
      const input = {
        owner: field(form, 'owner'),
        mitigation: field(form, 'mitigation'),
        status: field(form, 'status'),
        snoozeUntil: field(form, 'snoozeUntil'),
        ...withoutEmpty({ note: field(form, 'note').trim() }),
      };
      try {
        await register.updateRisk(risk.id, input, actorOf(request).name);
      } catch (error) {
        if (!(error instanceof RegisterInputError)) throw error;
        const { history } = await register.getRisk(risk.id);
        const values = { owner: input.owner, mitigation: input.mitigation, status: input.status, snoozeUntil: input.snoozeUntil };
        return deps.html(reply, 422, pages.risk(page(request, program.timezone), { risk, history, saved: false, errors: issuesOf(error), form: values }));
      }
      return reply.redirect(`${programPath(program.name)}/risks/${risk.id}?saved=1`, 303);
    } catch (error) {
      return failed(reply, error, false);
    }
  });

  const decisionsPage = async (request: FastifyRequest, reply: FastifyReply, name: string, status: number, errors: string[], form: DecisionFormValues) => {
    const program = register.program(name);
    const [decisions, proposed] = await Promise.all([register.listDecisions(program.name), register.proposedDecisions(program.name)]);
    return deps.html(reply, status, pages.decisions(page(request, program.timezone), { program, decisions, proposed, errors, form }));
  };

  app.get<{ Params: Params }>('/programs/:name/decisions', async (request, reply) => {
    try {
      return await decisionsPage(request, reply, request.params.name, 200, [], {});
    } catch (error) {
      return failed(reply, error, false);
    }
  });

  app.post<{ Params: Params }>('/programs/:name/decisions', async (request, reply) => {
    const refused = forbidden(request, reply, false);
    if (refused) return refused;
    const form = (request.body ?? {}) as Form;
    try {
      const program = register.program(request.params.name);
      try {
        const decision = await register.addDecision(program.name, decisionInput(form), actorOf(request).name);
        return reply.redirect(`${programPath(program.name)}/decisions/${decision.id}`, 303);
      } catch (error) {
        if (!(error instanceof RegisterInputError)) throw error;
        const values = Object.fromEntries(['question', 'options', 'recommendation', 'decider', 'due', 'riskIds', 'itemKeys'].map((k) => [k, field(form, k)]));
        return await decisionsPage(request, reply, program.name, 422, issuesOf(error), values);
      }
    } catch (error) {
      return failed(reply, error, false);
    }
  });

  app.post<{ Params: { name: string; riskId: string } }>('/programs/:name/decisions/from-risk/:riskId', async (request, reply) => {
    const refused = forbidden(request, reply, false);
    if (refused) return refused;
    try {
      const program = register.program(request.params.name);
      const decision = await register.recordProposedDecision(program.name, parseId('risk', request.params.riskId), actorOf(request).name);
      return reply.redirect(`${programPath(program.name)}/decisions/${decision.id}`, 303);
    } catch (error) {
      return failed(reply, error, false);
    }
  });

  const decisionOfProgram = async (name: string, idParam: string) => {
    const program = register.program(name);
    const result = await register.getDecision(parseId('decision', idParam));
    if (result.decision.program !== program.name) throw new RegisterNotFoundError(`no decision with id ${result.decision.id} in program ${program.name}`);
    return { program, ...result };
  };

  app.get<{ Params: Params }>('/programs/:name/decisions/:id', async (request, reply) => {
    try {
      const { program, decision, history } = await decisionOfProgram(request.params.name, request.params.id);
      return deps.html(reply, 200, pages.decision(page(request, program.timezone), { decision, history, errors: [] }));
    } catch (error) {
      return failed(reply, error, false);
    }
  });

  app.post<{ Params: Params }>('/programs/:name/decisions/:id/resolve', async (request, reply) => {
    const refused = forbidden(request, reply, false);
    if (refused) return refused;
    const form = (request.body ?? {}) as Form;
    try {
      const { program, decision } = await decisionOfProgram(request.params.name, request.params.id);
      try {
        await register.resolveDecision(decision.id, { outcome: field(form, 'outcome'), ...withoutEmpty({ decidedBy: field(form, 'decidedBy') }) }, actorOf(request).name);
      } catch (error) {
        if (!(error instanceof RegisterInputError || error instanceof RegisterConflictError)) throw error;
        const { history } = await register.getDecision(decision.id);
        const errors = error instanceof RegisterInputError ? issuesOf(error) : [error.message];
        return deps.html(reply, error instanceof RegisterInputError ? 422 : 409, pages.decision(page(request, program.timezone), { decision, history, errors }));
      }
      return reply.redirect(`${programPath(program.name)}/decisions/${decision.id}`, 303);
    } catch (error) {
      return failed(reply, error, false);
    }
  });

  // CSV exports --------------------------------------------------------------------------

  const csv = (reply: FastifyReply, name: string, body: string) =>
    reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(body);

  app.get<{ Params: Params }>('/programs/:name/export/risks.csv', async (request, reply) => {
    try {
      const program = register.program(request.params.name);
      return csv(reply, `${program.name}-risks.csv`, risksCsv(await register.listRisks(program.name)));
    } catch (error) {
      return failed(reply, error, true);
    }
  });

  app.get<{ Params: Params }>('/programs/:name/export/decisions.csv', async (request, reply) => {
    try {
      const program = register.program(request.params.name);
      return csv(reply, `${program.name}-decisions.csv`, decisionsCsv(await register.listDecisions(program.name)));
    } catch (error) {
      return failed(reply, error, true);
    }
  });

  // JSON API ------------------------------------------------------------------------------

  app.get<{ Params: Params; Querystring: Record<string, string> }>('/api/programs/:name/risks', async (request, reply) => {
    try {
      const q = request.query;
      const filter = parseInput(riskFilterSchema, withoutEmpty({ status: q.status, team: q.team, severity: q.severity, owner: q.owner, rule: q.rule, text: q.q, sort: q.sort }));
      return { risks: await register.listRisks(register.program(request.params.name).name, filter) };
    } catch (error) {
      return failed(reply, error, true);
    }
  });

  app.get<{ Params: Params }>('/api/risks/:id', async (request, reply) => {
    try {
      return await register.getRisk(parseId('risk', request.params.id));
    } catch (error) {
      return failed(reply, error, true);
    }
  });

  app.patch<{ Params: Params }>('/api/risks/:id', async (request, reply) => {
    const refused = forbidden(request, reply, true);
    if (refused) return refused;
    try {
      return await register.updateRisk(parseId('risk', request.params.id), request.body ?? {}, actorOf(request).name);
    } catch (error) {
      return failed(reply, error, true);
    }
  });

  app.get<{ Params: Params }>('/api/programs/:name/decisions', async (request, reply) => {
    try {
      const program = register.program(request.params.name);
      return { decisions: await register.listDecisions(program.name), proposed: await register.proposedDecisions(program.name) };
    } catch (error) {
      return failed(reply, error, true);
    }
  });

  app.post<{ Params: Params }>('/api/programs/:name/decisions', async (request, reply) => {
    const refused = forbidden(request, reply, true);
    if (refused) return refused;
    try {
      const program = register.program(request.params.name);
      const body = (request.body ?? {}) as { fromRiskId?: unknown };
      const actor = actorOf(request).name;
      const decision =
        body.fromRiskId !== undefined
          ? await register.recordProposedDecision(program.name, parseId('risk', String(body.fromRiskId)), actor)
          : await register.addDecision(program.name, body, actor);
      return reply.code(201).send(decision);
    } catch (error) {
      return failed(reply, error, true);
    }
  });

  app.get<{ Params: Params }>('/api/decisions/:id', async (request, reply) => {
    try {
      return await register.getDecision(parseId('decision', request.params.id));
    } catch (error) {
      return failed(reply, error, true);
    }
  });

  app.post<{ Params: Params }>('/api/decisions/:id/resolve', async (request, reply) => {
    const refused = forbidden(request, reply, true);
    if (refused) return refused;
    try {
      return await register.resolveDecision(parseId('decision', request.params.id), request.body ?? {}, actorOf(request).name);
    } catch (error) {
      return failed(reply, error, true);
    }
  });
}
