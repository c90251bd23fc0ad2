/**
 * Configured Linear projects may be given by id or by name; Linear's issue filter takes ids.
 * Names are looked up in one query (paged only past 250 matches) and every project carrying the
 * name counts, since names are not unique. A name that matches nothing is a configuration
 * mistake: the sync stops with an error naming it rather than silently syncing nothing.
 */
import { z } from 'zod';
import { PROJECTS_BY_NAME_QUERY } from './documents.js';
import { pageInfoSchema } from './linear-payload.js';
import type { LinearTransport } from './linear-transport.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE = 250;

const projectsPageSchema = z.object({
  projects: z.object({ nodes: z.array(z.object({ id: z.string().min(1), name: z.string() })), pageInfo: pageInfoSchema }),
});

export class UnknownLinearProjectError extends Error {
  override readonly name = 'UnknownLinearProjectError';
  constructor(
    readonly sourceName: string,
    readonly projects: readonly string[],
  ) {
    super(`Linear source "${sourceName}": no project named ${projects.map((p) => `"${p}"`).join(', ')} (check "projects" in seams.config.yaml; names match exactly, or give the project id)`);
  }
}

/** Ids of the configured projects: ids pass through, names are resolved. */
export async function resolveProjectIds(transport: LinearTransport, sourceName: string, projects: readonly string[]): Promise<string[]> {
  const ids = projects.filter((p) => UUID.test(p));
  const names = [...new Set(projects.filter((p) => !UUID.test(p)))];
  if (names.length === 0) return ids;
  const found = new Map<string, string[]>();
  let after: string | null = null;
  for (;;) {
    const data = projectsPageSchema.parse(await transport.request(PROJECTS_BY_NAME_QUERY, { names, first: PAGE, after }));
    for (const node of data.projects.nodes) found.set(node.name, [...(found.get(node.name) ?? []), node.id]);
    if (!data.projects.pageInfo.hasNextPage || !data.projects.pageInfo.endCursor) break;
    after = data.projects.pageInfo.endCursor;
  }
  const missing = names.filter((name) => !found.has(name));
  if (missing.length > 0) throw new UnknownLinearProjectError(sourceName, missing);
  return [...new Set([...ids, ...names.flatMap((name) => found.get(name) ?? [])])];
}
