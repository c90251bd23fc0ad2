/**
 * Item lists and item details in the dashboard: pages, the same as JSON under /api, and the
 * filtered list as CSV. Read-only, so every signed-in role may use them. Built from the latest
 * snapshot and register (the loader the program pages use).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { toCsv } from '../reports/csv-exports.js';
import { itemDetail, itemFilterChoices, itemFilterSchema, itemListCsvRows, listItems, type ItemFilter } from '../reports/item-list.js';
import type { DashboardPageContext } from '../reports/render-dashboard.js';
import { createItemPages } from '../reports/render-item-pages.js';
import type { ProgramReportInputs } from '../reports/report-inputs.js';
import { HttpError } from './http-errors.js';

export interface ItemRoutesDeps {
  loadReportInputs(programName: string): Promise<ProgramReportInputs | null>;
  pageFor(request: FastifyRequest): DashboardPageContext;
  html(reply: FastifyReply, status: number, body: string): FastifyReply;
}

type Query = Record<string, string | string[] | undefined>;

const programName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/);
const itemKey = z.string().min(1).max(300);

/** One value per parameter (a repeated one is refused by the schema as not a string); empty means "any". */
function queryValues(query: Query): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function givenValues(query: Query): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ''));
}

export function itemRoutes(app: FastifyInstance, deps: ItemRoutesDeps): void {
  const pages = createItemPages();

  const load = async (name: string): Promise<ProgramReportInputs> => {
    const inputs = programName.safeParse(name).success ? await deps.loadReportInputs(name) : null;
    if (inputs === null) throw new HttpError(404, `no rebuilt program named ${name}`);
    return inputs;
  };
  const programOf = (inputs: ProgramReportInputs) => ({ name: inputs.program.name, title: inputs.program.title, targetDate: inputs.program.targetDate });
  const pageOf = (request: FastifyRequest, inputs: ProgramReportInputs) => ({ ...deps.pageFor(request), timezone: inputs.program.timezone });
  const detailOf = (inputs: ProgramReportInputs, key: string) => {
    const detail = itemKey.safeParse(key).success ? itemDetail(inputs, key) : null;
    if (detail === null) throw new HttpError(404, `no item ${key} in ${inputs.program.name}`);
    return detail;
  };

  app.get<{ Params: { name: string }; Querystring: Query }>('/programs/:name/items', async (request, reply) => {
    const inputs = await load(request.params.name);
    const parsed = itemFilterSchema.safeParse(givenValues(request.query));
    const filter: ItemFilter | null = parsed.success ? parsed.data : null;
    const errors = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`);
    const body = pages.items(pageOf(request, inputs), {
      program: programOf(inputs),
      query: queryValues(request.query),
      filter,
      rows: filter === null ? [] : listItems(inputs, filter),
      choices: itemFilterChoices(inputs),
      errors,
    });
    return deps.html(reply, errors.length > 0 ? 422 : 200, body);
  });

  app.get<{ Params: { name: string; key: string } }>('/programs/:name/items/:key', async (request, reply) => {
    const inputs = await load(request.params.name);
    return deps.html(reply, 200, pages.item(pageOf(request, inputs), { program: programOf(inputs), detail: detailOf(inputs, request.params.key) }));
  });

  app.get<{ Params: { name: string }; Querystring: Query }>('/programs/:name/export/items.csv', async (request, reply) => {
    const inputs = await load(request.params.name);
    const filter = itemFilterSchema.parse(givenValues(request.query));
    const { header, rows } = itemListCsvRows(listItems(inputs, filter));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${inputs.program.name}-${filter.list}-items.csv"`)
      .send(toCsv(header, rows));
  });

  app.get<{ Params: { name: string }; Querystring: Query }>('/api/programs/:name/items', async (request) => {
    const inputs = await load(request.params.name);
    const filter = itemFilterSchema.parse(givenValues(request.query));
    return { period: inputs.current.period, filter, items: listItems(inputs, filter) };
  });

  app.get<{ Params: { name: string; key: string } }>('/api/programs/:name/items/:key', async (request) => {
    const inputs = await load(request.params.name);
    return { period: inputs.current.period, ...detailOf(inputs, request.params.key) };
  });
}
