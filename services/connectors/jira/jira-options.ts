/**
 * Configuration of one Jira source. The lead maps seams.config.yaml onto `JiraSourceOptions`;
 * the schema is the single place defaults live.
 */
import { z } from 'zod';
import { cursorScopeOption } from '../sync-types.js';
import { linkTypeMappingSchema } from './jira-link-types.js';

/** Connection settings of a Jira Cloud site. The token is only ever put in the Authorization header. */
export interface JiraSource {
  readonly name: string;
  readonly baseUrl: string;
  readonly email: string;
  readonly apiToken: string;
}

const projectKey = z.string().regex(/^[A-Z][A-Z0-9_]+$/, 'a Jira project key (upper case, e.g. PAY)');

/** How an issue is assigned to a team. */
export const teamMappingSchema = z.discriminatedUnion('by', [
  /** The project is the team (teams = projects). */
  z.strictObject({ by: z.literal('project') }),
  /** The first component is the team. */
  z.strictObject({ by: z.literal('component') }),
  /** The first label starting with `prefix` is the team (`team-payments` → `payments`). */
  z.strictObject({ by: z.literal('label'), prefix: z.string().min(1) }),
  /** A custom field (e.g. Atlassian Team, a select list) is the team; give its id or its name. */
  z
    .strictObject({ by: z.literal('field'), fieldId: z.string().min(1).optional(), name: z.string().min(1).optional() })
    .refine((v) => v.fieldId !== undefined || v.name !== undefined, 'give fieldId or name'),
]);
export type TeamMapping = z.infer<typeof teamMappingSchema>;

export const categorySchema = z.enum(['todo', 'in_progress', 'done']);

export const jiraSourceOptionsSchema = z.object({
  /** Project keys in scope. */
  projects: z.array(projectKey).min(1),
  teamMapping: teamMappingSchema.default({ by: 'project' }),
  /**
   * Custom field id holding story points. When absent, every field named "Story Points" or
   * "Story point estimate" (GET /rest/api/3/field) is read and each issue takes the one it fills.
   */
  storyPointsField: z.string().min(1).optional(),
  /** Project key → its story points field id, for projects that keep estimates elsewhere; wins over the above. */
  storyPointsFieldByProject: z.record(projectKey, z.string().min(1)).default({}),
  /**
   * Without story points, the original estimate (seconds) becomes points at this many hours per
   * point: 8 means one point per ideal day, the unit CPM converts with the team's history.
   */
  hoursPerPoint: z.number().positive().default(8),
  /**
   * Minutes subtracted from the cursor in the incremental JQL. JQL compares `updated` at minute
   * precision in the searching user's time zone, and search indexes lag writes by seconds; the
   * overlap re-reads a little, and the store's upserts make the re-read harmless.
   */
  overlapMinutes: z.number().int().min(1).max(24 * 60).default(5),
  /** Issues per search page; Jira Cloud caps field-bearing pages at 100 (5000 for ids only). */
  pageSize: z.number().int().min(1).max(100).default(100),
  /** Parallel requests for remote links, changelog pages and reconciliation lookups. */
  concurrency: z.number().int().min(1).max(32).default(4),
  /** Linear workspace url key (`acme` in linear.app/acme/...) → Linear source name, for remote links. */
  linearWorkspaces: z.record(z.string(), z.string()).default({}),
  /** Status name → category, overriding Jira's own status category (e.g. "In Review" counted as done). */
  statusCategory: z.record(z.string(), categorySchema).default({}),
  /**
   * Which issues get their remote links fetched (one GET per issue):
   * - `changelog` (default): those whose fetched changelog shows a RemoteIssueLink change in the
   *   synced window (Jira records adding/removing a remote link in the issue history), keeping API
   *   calls proportional to what changed;
   * - `all`: every issue of the page (exact, but one call per issue);
   * - `off`: never.
   */
  remoteLinks: z.enum(['changelog', 'all', 'off']).default('changelog'),
  /**
   * Issue link type name → meaning, e.g. `Dependent: { kind: blocks, blockerIs: inward }`. Extends
   * and overrides the defaults in jira-link-types.ts; see the README's "Jira link types".
   */
  linkTypes: z.record(z.string(), linkTypeMappingSchema).default({}),
  /** Defaults to one derived from the project list (see `defaultScope`). */
  scope: cursorScopeOption,
});

export type JiraSourceOptions = z.infer<typeof jiraSourceOptionsSchema>;
export type JiraSourceOptionsInput = z.input<typeof jiraSourceOptionsSchema>;

export function defaultScope(options: Pick<JiraSourceOptions, 'projects' | 'scope'>): string {
  return options.scope ?? `projects:${[...options.projects].sort().join(',')}`;
}
