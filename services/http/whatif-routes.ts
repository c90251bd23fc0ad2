/**
 * The what-if page and API: the form is a GET (a question, never a change), so it needs no CSRF
 * token and its URL can be shared. Today and the scenario side by side, plus the critical path
 * diff. Every signed-in role may ask; nothing is written.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { UnknownProgramError } from '../rebuild/rebuild-program.js';
import type { DashboardPageContext } from '../reports/render-dashboard.js';
import { createWhatIfPage } from '../reports/render-whatif-page.js';
import type { ProgramReportInputs } from '../reports/report-inputs.js';
import { ScenarioError } from '../whatif/scenario.js';
import { isEmptyScenario, scenarioArgsOf, scenarioQuerySchema, type ScenarioQuery } from '../whatif/scenario-query.js';
import type { ScenarioComparison } from '../whatif/compare-scenario.js';
import type { WhatIfService } from '../whatif/whatif-service.js';
import { HttpError } from './http-errors.js';

export interface WhatIfRoutesDeps {
  readonly whatIf: WhatIfService;
  loadReportInputs(programName: string): Promise<ProgramReportInputs | null>;
  pageFor(request: FastifyRequest): DashboardPageContext;
  html(reply: FastifyReply, status: number, body: string): FastifyReply;
}

type Query = Record<string, string | string[] | undefined>;

const programName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/);

/** Runs the scenario; input errors come back as messages, anything else is thrown. */
async function ask(whatIf: WhatIfService, name: string, query: ScenarioQuery): Promise<{ result: ScenarioComparison | null; error: string | null }> {
  try {
    return { result: await whatIf.compare(name, scenarioArgsOf(query)), error: null };
  } catch (error) {
    if (error instanceof ScenarioError) return { result: null, error: error.message };
    if (error instanceof UnknownProgramError) throw new HttpError(404, `no program named ${name}`);
    throw error;
  }
}

export function whatIfRoutes(app: FastifyInstance, deps: WhatIfRoutesDeps): void {
  const page = createWhatIfPage();

  app.get<{ Params: { name: string }; Querystring: Query }>('/programs/:name/whatif', async (request, reply) => {
    const name = request.params.name;
    const inputs = programName.safeParse(name).success ? await deps.loadReportInputs(name) : null;
    if (inputs === null) throw new HttpError(404, `no rebuilt program named ${name}`);
    const parsed = scenarioQuerySchema.safeParse(request.query);
    const echo = Object.fromEntries(Object.entries(request.query).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const context = { ...deps.pageFor(request), timezone: inputs.program.timezone };
    const program = { name: inputs.program.name, title: inputs.program.title };
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => (i.code === 'unrecognized_keys' ? `unknown field ${i.keys.join(', ')}` : `${i.path.join('.')}: ${i.message}`));
      return deps.html(reply, 422, page(context, { program, form: echo, result: null, errors }));
    }
    if (isEmptyScenario(parsed.data)) return deps.html(reply, 200, page(context, { program, form: echo, result: null, errors: [] }));
    const { result, error } = await ask(deps.whatIf, inputs.program.name, parsed.data);
    request.log.info({ program: name, ok: error === null }, 'what-if asked');
    return deps.html(reply, error === null ? 200 : 422, page(context, { program, form: echo, result, errors: error === null ? [] : [error] }));
  });

  app.get<{ Params: { name: string }; Querystring: Query }>('/api/programs/:name/whatif', async (request, reply) => {
    const name = request.params.name;
    if (!programName.safeParse(name).success) throw new HttpError(404, `no program named ${name}`);
    const query = scenarioQuerySchema.parse(request.query);
    const { result, error } = await ask(deps.whatIf, name, query);
    if (error !== null) return reply.code(422).send({ error, requestId: request.id });
    return result;
  });
}
