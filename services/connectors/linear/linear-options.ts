/**
 * Configuration of one Linear source. The lead maps seams.config.yaml onto `LinearSourceOptions`;
 * the schema is the single place defaults live.
 */
import { z } from 'zod';
import { cursorScopeOption } from '../sync-types.js';

const teamKey = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'a Linear team key (upper case, e.g. MOB)');

export const linearSourceOptionsSchema = z.object({
  /** Team keys in scope. */
  teams: z.array(teamKey).min(1),
  /** Optional narrowing to Linear projects, by project id or name. */
  projects: z.array(z.string().min(1)).min(1).optional(),
  /**
   * Minutes subtracted from the cursor in the `updatedAt` filter: covers clock skew between us and
   * Linear and writes that commit while a pass runs. Re-reads are harmless (the store upserts).
   */
  overlapMinutes: z.number().int().min(0).max(24 * 60).default(5),
  /**
   * Issues per page. Linear serves at most 250 (default 50), but every issue carries its nested
   * connections, so complexity grows with the page: 80 is the largest that stays under Linear's
   * 10,000-point single-query ceiling (see documents.ts). It is the default because 50 plus the
   * occasional follow-up query would miss our budget of one request per 50 issues.
   */
  pageSize: z.number().int().min(1).max(250).default(80),
  /** Jira base URL (`https://acme.atlassian.net`) → Jira source name, for attachments linking Jira issues. */
  jiraSites: z.record(z.string(), z.string()).default({}),
  /** Sync archived issues too (they are stored with `deleted: true`). */
  includeArchived: z.boolean().default(false),
  /** Defaults to one derived from teams and projects (see `defaultScope`). */
  scope: cursorScopeOption,
});

export type LinearSourceOptions = z.infer<typeof linearSourceOptionsSchema>;
export type LinearSourceOptionsInput = z.input<typeof linearSourceOptionsSchema>;

/** Connection settings of a Linear workspace. The key is only ever put in the Authorization header. */
export interface LinearSource {
  readonly name: string;
  readonly apiKey: string;
  /** GraphQL endpoint; defaults to Linear's. HTTP is accepted by the SDK only for localhost. */
  readonly apiUrl?: string;
}

/** The largest page size whose page query stays within Linear's single-query complexity limit. */
export const MAX_SAFE_PAGE_SIZE = 80;

export function defaultScope(options: Pick<LinearSourceOptions, 'teams' | 'projects' | 'scope'>): string {
  if (options.scope) return options.scope;
  const teams = `teams:${[...options.teams].sort().join(',')}`;
  return options.projects ? `${teams};projects:${[...options.projects].sort().join(',')}` : teams;
}
