/**
 * What a sync needs to know about the site before reading issues: the story-points fields (all
 * of them) and team field ids, every status's category (for changelog transitions, which only name statuses), and
 * the searching user's time zone (JQL date literals are read in it). Three cheap calls per sync.
 */
import type { Client } from 'jira.js/core';
import { getCurrentUser, getFields, getStatuses } from './jira-cloud-api.js';
import type { StatusCategory } from '../connector-types.js';
import { TrackerRequestError } from '../connector-errors.js';
import type { JiraSourceOptions } from './jira-options.js';
import { fieldListSchema, myselfSchema, statusListSchema } from './jira-payload-schemas.js';

/** Names Jira uses for the story points field: company-managed and team-managed projects. */
const STORY_POINT_NAMES = ['story points', 'story point estimate'];

export interface JiraMetadata {
  /**
   * Story point fields to read, in order; an issue's estimate is the first one it fills. A site
   * with company- and team-managed projects has both "Story Points" and "Story point estimate",
   * and each project fills only its own.
   */
  readonly storyPointsFieldIds: readonly string[];
  readonly teamFieldId: string | null;
  /** Status id → category, from GET /rest/api/3/status. */
  readonly statusById: ReadonlyMap<string, StatusCategory>;
  /** Lower-cased status name → category; names can repeat across projects, first wins. */
  readonly statusByName: ReadonlyMap<string, StatusCategory>;
  /** IANA zone of the API user, or null when Jira does not say (then UTC). */
  readonly timeZone: string | null;
}

export interface MetadataWarnings {
  warn(message: string): void;
}

export async function loadJiraMetadata(client: Client, options: JiraSourceOptions, log: MetadataWarnings): Promise<JiraMetadata> {
  const teamFieldByName = options.teamMapping.by === 'field' && !options.teamMapping.fieldId ? options.teamMapping.name ?? null : null;
  const needFields = !options.storyPointsField || teamFieldByName !== null;
  // Each lookup only refines the sync; a site (or sandbox) without one of them is not fatal.
  const optional = async (what: string, call: () => Promise<unknown>): Promise<unknown> => {
    try {
      return await call();
    } catch (error) {
      if (error instanceof TrackerRequestError && !error.transient) {
        log.warn(`${what} unavailable (${error.status ?? 'network'}); continuing without it`);
        return null;
      }
      throw error;
    }
  };
  const [fieldsRaw, statusesRaw, myselfRaw] = await Promise.all([
    needFields ? optional('field list', () => getFields(client)) : Promise.resolve([]),
    optional('status list', () => getStatuses(client)),
    optional('API user (time zone)', () => getCurrentUser(client, {})),
  ]);

  const fields = fieldListSchema.safeParse(fieldsRaw);
  const fieldList = fields.success ? fields.data : [];
  const byName = (names: readonly string[]): string | null =>
    fieldList.find((f) => names.includes(f.name.trim().toLowerCase()))?.id ?? null;
  // Every field of each name, in the order of STORY_POINT_NAMES.
  const allByName = (names: readonly string[]): string[] =>
    names.flatMap((name) => fieldList.filter((f) => f.name.trim().toLowerCase() === name).map((f) => f.id));

  const storyPointsFieldIds = options.storyPointsField ? [options.storyPointsField] : [...new Set(allByName(STORY_POINT_NAMES))];
  const perProject = Object.keys(options.storyPointsFieldByProject);
  if (storyPointsFieldIds.length === 0 && perProject.length < options.projects.length) {
    log.warn('no story points field found; estimates fall back to original estimates');
  }
  let teamFieldId: string | null = null;
  if (options.teamMapping.by === 'field') {
    teamFieldId = options.teamMapping.fieldId ?? (teamFieldByName ? byName([teamFieldByName.trim().toLowerCase()]) : null);
    if (!teamFieldId) log.warn(`team field "${teamFieldByName ?? ''}" not found; items get no team`);
  }

  const statusById = new Map<string, StatusCategory>();
  const statusByName = new Map<string, StatusCategory>();
  const statuses = statusListSchema.safeParse(statusesRaw);
  if (!statuses.success && statusesRaw !== null) log.warn('status list unreadable; transition categories fall back to status names');
  for (const status of statuses.success ? statuses.data : []) {
    const category = categoryFromJiraKey(status.statusCategory?.key);
    statusById.set(status.id, category);
    if (!statusByName.has(status.name.toLowerCase())) statusByName.set(status.name.toLowerCase(), category);
  }

  const myself = myselfSchema.safeParse(myselfRaw);
  const timeZone = myself.success && myself.data.timeZone && isValidTimeZone(myself.data.timeZone) ? myself.data.timeZone : null;
  return { storyPointsFieldIds, teamFieldId, statusById, statusByName, timeZone };
}

/**
 * Jira's three status category keys; `undefined` ("No Category") and anything else is unknown.
 * The Cloud OpenAPI examples spell two of them `in-flight` and `completed`: read those too.
 */
export function categoryFromJiraKey(key: string | null | undefined): StatusCategory {
  if (key === 'new') return 'todo';
  if (key === 'indeterminate' || key === 'in-flight') return 'in_progress';
  if (key === 'done' || key === 'completed') return 'done';
  return 'unknown';
}

/**
 * Category of a status: the configured override by name first, then the status's own category
 * key, then the site's status list by id, then by name.
 */
export function resolveCategory(
  status: { readonly id?: string | null; readonly name?: string | null; readonly jiraKey?: string | null },
  metadata: Pick<JiraMetadata, 'statusById' | 'statusByName'>,
  overrides: Readonly<Record<string, Exclude<StatusCategory, 'unknown'>>>,
): StatusCategory {
  if (status.name) {
    const override = overrides[status.name] ?? findCaseInsensitive(overrides, status.name);
    if (override) return override;
  }
  const own = categoryFromJiraKey(status.jiraKey);
  if (own !== 'unknown') return own;
  if (status.id) {
    const byId = metadata.statusById.get(status.id);
    if (byId) return byId;
  }
  return (status.name && metadata.statusByName.get(status.name.toLowerCase())) || 'unknown';
}

function findCaseInsensitive<V>(map: Readonly<Record<string, V>>, key: string): V | undefined {
  const wanted = key.toLowerCase();
  for (const [k, v] of Object.entries(map)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
