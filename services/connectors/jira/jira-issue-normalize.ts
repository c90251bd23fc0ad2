/**
 * One Jira issue → normalized item, team, links and transitions. Pure.
 *
 * Every field is parsed on its own with a safe fallback: a malformed field becomes null (and a
 * problem naming the issue key), the rest of the issue is still stored.
 *
 * Choices worth knowing:
 * - estimate: the project's configured story points field, else the first story points field the
 *   issue fills (sites often have two); without one, `timeoriginalestimate` (seconds) converted at
 *   `hoursPerPoint` hours per point (default 8: one point per ideal day).
 * - completedAt: only for items now in a done status — the last transition into done when the
 *   changelog has one, else `resolutiondate`. The changelog wins because `resolutiondate` goes
 *   stale: an issue reopened and finished again may keep its first resolution. A reopened item
 *   is not completed, whatever its stale resolution says.
 * - startedAt: the first transition into an in-progress status at or before completedAt (null
 *   when there is none), so completed is never before started.
 * - transition categories: the status id in the history item is looked up in the site's status
 *   list (GET /rest/api/3/status), falling back to the status name; config overrides win.
 */
import { z } from 'zod';
import type { ItemRef, LinkedItemDetails, NormalizedItem, NormalizedLink, NormalizedTeam, NormalizedTransition, StatusCategory } from '../connector-types.js';
import type { QualityKind } from '../data-quality.js';
import type { JiraSourceOptions } from './jira-options.js';
import { resolveCategory, type JiraMetadata } from './jira-metadata.js';
import { linkedIssueFields, normalizeIssueLinks, parentLink, type LinkedIssue, type SkippedLink } from './jira-links.js';
import type { LinkTypeResolver } from './jira-link-types.js';
import { statusTransitions, trackedFieldChanges } from './jira-changelog.js';
import {
  componentsSchema,
  isoDateSchema,
  jiraDateTimeSchema,
  labelsSchema,
  namedSchema,
  numberSchema,
  parentSchema,
  projectSchema,
  statusSchema,
  userSchema,
  type IssueEnvelope,
  type JiraHistory,
} from './jira-payload-schemas.js';

/** Description bodies bigger than this are dropped from `raw`; nothing we compute reads them. */
export const MAX_RAW_DESCRIPTION_BYTES = 64 * 1024;

export interface Problem {
  readonly key: string;
  readonly reason: string;
  /** Set when data was lost or changed on the way in; counted in the sync summary. */
  readonly kind?: QualityKind;
}

export interface NormalizeContext {
  readonly sourceName: string;
  readonly baseUrl: string;
  readonly options: Pick<JiraSourceOptions, 'teamMapping' | 'hoursPerPoint' | 'statusCategory' | 'storyPointsFieldByProject'>;
  readonly metadata: JiraMetadata;
  readonly resolveLinkType: LinkTypeResolver;
}

export interface NormalizedIssue {
  readonly item: NormalizedItem;
  readonly ref: ItemRef;
  readonly team: NormalizedTeam | null;
  readonly links: NormalizedLink[];
  /** What the payload embeds about linked and parent issues, for those outside the synced scope. */
  readonly linkedItems: LinkedItemDetails[];
  readonly skippedLinks: SkippedLink[];
  readonly transitions: NormalizedTransition[];
  readonly problems: Problem[];
}

export function normalizeIssue(issue: IssueEnvelope, histories: readonly JiraHistory[], ctx: NormalizeContext): NormalizedIssue {
  const problems: Problem[] = [];
  const f = issue.fields;
  const field = <S extends z.ZodType>(name: string, schema: S, required = false): z.output<S> | null => {
    const value = f[name];
    if (value === undefined || value === null) {
      if (required) problems.push({ key: issue.key, reason: `missing field ${name}` });
      return null;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    problems.push({ key: issue.key, reason: `invalid field ${name}: ${parsed.error.issues[0]?.message ?? 'unreadable'}`, kind: 'sanitised' });
    return null;
  };

  const ref: ItemRef = { sourceName: ctx.sourceName, externalId: issue.id, key: issue.key };
  const status = field('status', statusSchema, true);
  const project = field('project', projectSchema, true);
  const components = field('components', componentsSchema) ?? [];
  const labels = field('labels', labelsSchema) ?? [];
  const parent = field('parent', parentSchema);
  const overrides = ctx.options.statusCategory;
  const statusCategory: StatusCategory = status
    ? resolveCategory({ id: status.id ?? null, name: status.name, jiraKey: status.statusCategory?.key ?? null }, ctx.metadata, overrides)
    : 'unknown';
  const categoryOf = (s: { id: string | null; name: string }): StatusCategory =>
    s.name === status?.name ? statusCategory : resolveCategory({ id: s.id, name: s.name }, ctx.metadata, overrides);
  const transitions = statusTransitions(ref, histories, categoryOf);

  const updated = field('updated', jiraDateTimeSchema, true);
  const created = field('created', jiraDateTimeSchema, true) ?? updated ?? new Date(0);
  const resolved = field('resolutiondate', jiraDateTimeSchema);
  const lastDone = transitions.filter((t) => t.toCategory === 'done').at(-1)?.at ?? null;
  const completedAt = statusCategory === 'done' ? lastDone ?? resolved : null;
  const startedAt =
    transitions.find((t) => t.toCategory === 'in_progress' && (completedAt === null || t.at.getTime() <= completedAt.getTime()))?.at ?? null;

  const team = teamOf(issue, project, components, labels, ctx, problems);
  const assignee = field('assignee', userSchema);
  const item: NormalizedItem = {
    externalId: issue.id,
    key: issue.key,
    url: `${ctx.baseUrl}/browse/${encodeURIComponent(issue.key)}`,
    title: field('summary', z.string(), true) ?? issue.key,
    type: field('issuetype', namedSchema)?.name ?? null,
    status: status?.name ?? null,
    statusCategory,
    teamExternalId: team?.externalId ?? null,
    assignee: assignee ? assignee.displayName ?? assignee.emailAddress ?? assignee.accountId ?? null : null,
    estimate: estimateOf(ctx, project?.key ?? null, field),
    dueDate: field('duedate', isoDateSchema),
    labels,
    epic: parent?.key ?? null,
    project: project?.key ?? null,
    createdAt: created,
    startedAt,
    completedAt,
    sourceUpdatedAt: updated ?? created,
    deleted: false,
    raw: { ...trimRaw(issue), fieldHistory: trackedFieldChanges(histories, ctx.metadata.storyPointsFieldIds) },
  };

  const { links, skipped, linked } = normalizeIssueLinks(ref, f['issuelinks'], ctx.sourceName, ctx.resolveLinkType);
  const parentEdge = parentLink(ref, parent, ctx.sourceName);
  if (parentEdge) links.push(parentEdge);
  const others = parent ? [...linked, { id: parent.id, key: parent.key, fields: linkedIssueFields((f['parent'] as { fields?: unknown }).fields) }] : linked;
  const linkedItems = others.map((other) => linkedItemDetails(other, ctx));
  return { item, ref, team, links, linkedItems, skippedLinks: skipped, transitions, problems };
}

/** A linked issue as Jira embeds it: enough to show an out-of-scope dependency by name and status. */
function linkedItemDetails(other: LinkedIssue, ctx: NormalizeContext): LinkedItemDetails {
  const fields = other.fields;
  const status = fields?.status ?? null;
  const assignee = fields?.assignee ?? null;
  return {
    ref: { sourceName: ctx.sourceName, externalId: other.id, key: other.key },
    url: `${ctx.baseUrl}/browse/${encodeURIComponent(other.key)}`,
    title: fields?.summary ?? null,
    type: fields?.issuetype?.name ?? null,
    status: status?.name ?? null,
    statusCategory: status
      ? resolveCategory({ id: status.id ?? null, name: status.name, jiraKey: status.statusCategory?.key ?? null }, ctx.metadata, ctx.options.statusCategory)
      : 'unknown',
    assignee: assignee ? assignee.displayName ?? assignee.emailAddress ?? assignee.accountId ?? null : null,
  };
}

function estimateOf(
  ctx: NormalizeContext,
  projectKey: string | null,
  field: <S extends z.ZodType>(name: string, schema: S) => z.output<S> | null,
): number | null {
  const ownField = projectKey === null ? undefined : ctx.options.storyPointsFieldByProject[projectKey];
  for (const id of ownField ? [ownField] : ctx.metadata.storyPointsFieldIds) {
    const points = field(id, numberSchema);
    if (points !== null) return points;
  }
  const seconds = field('timeoriginalestimate', numberSchema);
  return seconds === null ? null : Math.round((seconds / 3600 / ctx.options.hoursPerPoint) * 100) / 100;
}

function teamOf(
  issue: IssueEnvelope,
  project: z.output<typeof projectSchema> | null,
  components: z.output<typeof componentsSchema>,
  labels: readonly string[],
  ctx: NormalizeContext,
  problems: Problem[],
): NormalizedTeam | null {
  const mapping = ctx.options.teamMapping;
  switch (mapping.by) {
    case 'project':
      return project ? { externalId: project.id, key: project.key, name: project.name ?? project.key } : null;
    case 'component': {
      const first = components[0];
      return first ? { externalId: `component:${first.id}`, key: first.name, name: first.name } : null;
    }
    case 'label': {
      const label = labels.find((l) => l.startsWith(mapping.prefix) && l.length > mapping.prefix.length);
      const name = label?.slice(mapping.prefix.length);
      return name ? { externalId: `label:${name}`, key: name, name } : null;
    }
    case 'field': {
      const id = ctx.metadata.teamFieldId;
      const value = id ? issue.fields[id] : undefined;
      const team = teamFromFieldValue(Array.isArray(value) ? value[0] : value);
      if (value !== undefined && value !== null && !team) problems.push({ key: issue.key, reason: `unreadable team field ${id ?? ''}` });
      return team;
    }
  }
}

/** Atlassian Team (`{id, name|title}`), select option (`{id, value}`), or a plain string. */
function teamFromFieldValue(value: unknown): NormalizedTeam | null {
  if (typeof value === 'string' && value.trim()) return { externalId: `field:${value}`, key: value, name: value };
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    const name = [v['name'], v['title'], v['value']].find((x): x is string => typeof x === 'string' && x.length > 0);
    const id = typeof v['id'] === 'string' || typeof v['id'] === 'number' ? String(v['id']) : name;
    if (id && name) return { externalId: `field:${id}`, key: name, name };
  }
  return null;
}

/** Presentation-only keys (links back into the REST API, icons) that every nested object repeats. */
const NOISE_KEYS = new Set(['self', 'iconUrl', 'avatarUrls', 'avatarId', 'expand']);

/**
 * Raw copy for debugging and later re-derivation: without the changelog (status changes are stored
 * as transitions, scope/size/link changes as `fieldHistory`),
 * without REST/icon URLs (a third of a typical payload), and without a description over 64 KB.
 */
function trimRaw(issue: IssueEnvelope): Record<string, unknown> {
  const { changelog: _changelog, ...rest } = issue;
  const description = issue.fields['description'];
  const size =
    description === undefined || description === null
      ? 0
      : Buffer.byteLength(typeof description === 'string' ? description : JSON.stringify(description));
  const compact = withoutNoise(rest) as Record<string, unknown>;
  if (size <= MAX_RAW_DESCRIPTION_BYTES) return compact;
  return { ...compact, fields: { ...(compact['fields'] as object), description: null }, descriptionDropped: { bytes: size } };
}

function withoutNoise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNoise);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!NOISE_KEYS.has(k)) out[k] = withoutNoise(v);
  return out;
}
