/**
 * Serves a real Jira dataset (duraspace-dataset.ts) through the sandbox Jira server the way a
 * real site would send it: the site's own workflow statuses with their categories, its link
 * types by name with inward/outward labels, fix versions with release dates, the Story Points
 * custom field, pseudonymous users as display names, and each issue's whole changelog. The
 * connector syncs it through jira.js like any Jira Cloud site. Pure: builds data, opens nothing.
 */
import type { SandboxCategory, SandboxIssue, SandboxProgram, SandboxTeam } from '../program-model.js';
import { jiraDate, type JiraSiteRenderer, type RenderContext } from '../jira/jira-render.js';
import type { JiraChangelog, JiraField, JiraIssueFields, JiraIssueLink, JiraIssueLinkType, JiraLinkedIssue } from '../jira/jira-types.js';
import type { DatasetChange, DatasetIssue, DatasetLink, DatasetVersion, JiraDataset } from './duraspace-dataset.js';

/** Duraspace's story points field (customfield_10023 in the source JSON). */
export const STORY_POINTS_FIELD = 10023;

type CategoryKey = 'new' | 'indeterminate' | 'done';
/**
 * The dataset keeps status names only. Jira's built-in statuses keep their built-in ids and
 * categories; Duraspace's own ones are triage states before work (Received, Accepted, Volunteer
 * Needed, More Details Needed) or review states during it (In Review, Patch Available).
 */
const KNOWN_STATUSES: Readonly<Record<string, { id: string; category: CategoryKey }>> = {
  Open: { id: '1', category: 'new' },
  'In Progress': { id: '3', category: 'indeterminate' },
  Reopened: { id: '4', category: 'new' },
  Resolved: { id: '5', category: 'done' },
  Closed: { id: '6', category: 'done' },
  Received: { id: '10000', category: 'new' },
  Accepted: { id: '10001', category: 'new' },
  'Volunteer Needed': { id: '10002', category: 'new' },
  'More Details Needed': { id: '10003', category: 'new' },
  'In Review': { id: '10004', category: 'indeterminate' },
  'Patch Available': { id: '10005', category: 'indeterminate' },
};
const CATEGORY: Readonly<Record<CategoryKey, { id: number; key: string; colorName: string; name: string; sandbox: SandboxCategory }>> = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do', sandbox: 'todo' },
  indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress', sandbox: 'in_progress' },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done', sandbox: 'done' },
};
const ISSUE_KEY = /[A-Z][A-Z0-9_]+-\d+/g;
const SUBTASK_TYPES = new Set(['Sub-task', 'Technical task']);

export interface DatasetSite {
  readonly program: SandboxProgram;
  readonly site: JiraSiteRenderer;
  readonly projects: readonly string[];
  /** What the site serves, for round-trip checks. */
  readonly served: { readonly issues: number; readonly linkEntries: number; readonly statusChanges: number; readonly changelogEntries: number };
}

export function buildDatasetSite(dataset: JiraDataset, options: { readonly baseUrl: string; readonly now: Date }): DatasetSite {
  const issues = [...dataset.issues].sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));
  const idOf = new Map(issues.map((issue, i) => [issue.key, String(100_001 + i)]));
  const byKey = new Map(issues.map((issue) => [issue.key, issue]));
  const projects = [...new Set(issues.map((i) => i.project))].sort();
  const teams: SandboxTeam[] = projects.map((key, i) => ({ tracker: 'jira', key, id: String(10_100 + i), name: key }));

  const statuses = statusTable(dataset);
  const versions = versionTable(dataset.versions);
  const linkTypes = linkTypeTable(dataset.links);
  const typeIds = new Map([...new Set(issues.map((i) => i.type))].sort().map((name, i) => [name, String(1 + i)]));
  const typeId = (name: string) => typeIds.get(name) ?? '0';
  const outsideIds = new Map<string, string>();
  const idForOther = (key: string): string => {
    const known = idOf.get(key);
    if (known) return known;
    let id = outsideIds.get(key);
    if (!id) outsideIds.set(key, (id = String(900_001 + outsideIds.size)));
    return id;
  };
  const linksByKey = groupBy(dataset.links, (l) => l.key);
  const changesByKey = groupBy(dataset.changes, (c) => c.key);

  const sandboxIssues: SandboxIssue[] = issues.map((d) => {
    const status = statuses.get(d.status)!;
    return {
      tracker: 'jira',
      id: idOf.get(d.key)!,
      key: d.key,
      previousKeys: [],
      teamKey: d.project,
      title: `${d.type} ${d.key}`,
      description: '',
      type: d.type === 'Epic' ? 'Epic' : d.type === 'Bug' ? 'Bug' : d.type === 'Story' ? 'Story' : 'Task',
      status: d.status,
      category: CATEGORY[status.category].sandbox,
      assignee: d.assignee ? { id: d.assignee, name: d.assignee, email: '' } : null,
      estimate: d.storyPoints,
      dueDate: d.dueDate,
      labels: [],
      parentId: d.parentKey ? idOf.get(d.parentKey) ?? null : null,
      projectId: null,
      createdAt: d.created,
      updatedAt: d.updated,
      startedAt: null,
      completedAt: d.resolved,
      deleted: false,
      archived: false,
      history: [],
    };
  });
  const teamById = new Map(teams.map((t) => [t.key, t]));

  const statusObject = (baseUrl: string, name: string): JiraIssueFields['status'] => {
    const s = statuses.get(name) ?? { id: '1', category: 'new' as const };
    const cat = CATEGORY[s.category];
    return {
      self: `${baseUrl}/rest/api/3/status/${s.id}`,
      description: '',
      iconUrl: `${baseUrl}/images/icons/statuses/generic.png`,
      name,
      untranslatedName: name,
      id: s.id,
      statusCategory: { self: `${baseUrl}/rest/api/3/statuscategory/${cat.id}`, id: cat.id, key: cat.key, colorName: cat.colorName, name: cat.name },
    };
  };
  const issueType = (baseUrl: string, name: string) => ({
    self: `${baseUrl}/rest/api/3/issuetype/${typeId(name)}`,
    id: typeId(name),
    name,
    subtask: SUBTASK_TYPES.has(name),
    hierarchyLevel: name === 'Epic' ? 1 : SUBTASK_TYPES.has(name) ? -1 : 0,
  });
  const user = (baseUrl: string, pseudonym: string) => ({
    self: `${baseUrl}/rest/api/3/user?accountId=${encodeURIComponent(pseudonym)}`,
    accountId: pseudonym,
    displayName: pseudonym,
    active: true,
    timeZone: 'UTC',
    accountType: 'atlassian',
  });
  const linked = (baseUrl: string, key: string): JiraLinkedIssue => {
    const other = byKey.get(key);
    const id = idForOther(key);
    return {
      id,
      key,
      self: `${baseUrl}/rest/api/3/issue/${id}`,
      // Issues outside the dataset exist on the real site, but their fields were not captured.
      ...(other ? { fields: { summary: `${other.type} ${other.key}`, status: statusObject(baseUrl, other.status), issuetype: issueType(baseUrl, other.type) } } : {}),
    };
  };
  const versionObjects = (baseUrl: string, project: string, names: readonly string[]) =>
    names.map((name) => {
      const v = versions.get(`${project}\u0000${name}`);
      return {
        self: `${baseUrl}/rest/api/3/version/${v?.id ?? '0'}`,
        id: v?.id ?? '0',
        name,
        archived: v?.archived ?? false,
        released: v?.released ?? false,
        ...(v?.releaseDate ? { releaseDate: v.releaseDate } : {}),
      };
    });

  const site: JiraSiteRenderer = {
    fields(ctx: RenderContext, issue: SandboxIssue) {
      const d = byKey.get(issue.key)!;
      const team = teamById.get(d.project)!;
      const links: JiraIssueLink[] = (linksByKey.get(d.key) ?? []).map((l, i) => {
        const type = linkTypes.get(l.linkType)!;
        return {
          id: `${issue.id}${String(i).padStart(3, '0')}`,
          self: `${ctx.baseUrl}/rest/api/3/issueLink/${issue.id}${i}`,
          type: { ...type, self: `${ctx.baseUrl}/rest/api/3/issueLinkType/${type.id}` },
          ...(l.direction === 'outward' ? { outwardIssue: linked(ctx.baseUrl, l.otherKey) } : { inwardIssue: linked(ctx.baseUrl, l.otherKey) }),
        };
      });
      return {
        summary: issue.title,
        issuetype: issueType(ctx.baseUrl, d.type),
        status: statusObject(ctx.baseUrl, d.status),
        priority: { self: `${ctx.baseUrl}/rest/api/3/priority/${priorityId(d.priority)}`, id: priorityId(d.priority), name: d.priority },
        assignee: d.assignee ? user(ctx.baseUrl, d.assignee) : null,
        project: { self: `${ctx.baseUrl}/rest/api/3/project/${team.id}`, id: team.id, key: team.key, name: team.name, projectTypeKey: 'software', simplified: false },
        created: jiraDate(d.created),
        updated: jiraDate(d.updated),
        resolutiondate: d.resolved ? jiraDate(d.resolved) : null,
        resolution: d.resolution ? { self: `${ctx.baseUrl}/rest/api/3/resolution/1`, id: '1', name: d.resolution, description: '' } : null,
        duedate: d.dueDate,
        labels: [],
        components: d.components.map((name, i) => ({ self: `${ctx.baseUrl}/rest/api/3/component/${team.id}${i}`, id: `${team.id}${i}`, name })),
        ...(d.parentKey ? { parent: linked(ctx.baseUrl, d.parentKey) } : {}),
        issuelinks: links,
        timeoriginalestimate: d.originalEstimateSeconds,
        description: null,
        fixVersions: versionObjects(ctx.baseUrl, d.project, d.fixVersions),
        [`customfield_${STORY_POINTS_FIELD}`]: d.storyPoints,
      };
    },
    changelog(ctx: RenderContext, issue: SandboxIssue) {
      const d = byKey.get(issue.key)!;
      return histories(ctx.baseUrl, d, changesByKey.get(d.key) ?? [], issue.id, statuses, versions, user);
    },
    statuses: (baseUrl) => [...statuses.keys()].map((name) => statusObject(baseUrl, name)),
    linkTypes: (baseUrl) => [...linkTypes.values()].map((t) => ({ ...t, self: `${baseUrl}/rest/api/3/issueLinkType/${t.id}` })),
    customFields: [storyPointsField()],
  };

  const program: SandboxProgram = {
    seed: 0,
    now: options.now,
    jiraBaseUrl: options.baseUrl,
    linearWorkspaceUrl: 'https://linear.app/none',
    teams,
    projects: [],
    issues: sandboxIssues,
    links: [],
    crossLinks: [],
    expected: { criticalPath: [], cycles: [], staleIds: [], unassignedIds: [], movedIds: [], deletedIds: [] },
  };
  const changelogEntries = new Set(dataset.changes.map((c) => `${c.key}@${c.at.getTime()}@${c.author ?? ''}`)).size;
  return {
    program,
    site,
    projects,
    served: {
      issues: issues.length,
      linkEntries: dataset.links.length,
      statusChanges: dataset.changes.filter((c) => c.field === 'status').length,
      changelogEntries,
    },
  };
}

/** Changes made by one person at one instant form one history entry, as Jira groups them. */
function histories(
  baseUrl: string,
  issue: DatasetIssue,
  changes: readonly DatasetChange[],
  issueId: string,
  statuses: ReadonlyMap<string, { id: string; category: CategoryKey }>,
  versions: ReadonlyMap<string, DatasetVersion>,
  user: (baseUrl: string, pseudonym: string) => NonNullable<JiraChangelog['author']>,
): JiraChangelog[] {
  const groups = groupBy(changes, (c) => `${c.at.getTime()}\u0000${c.author ?? ''}`);
  const out: JiraChangelog[] = [];
  let n = 0;
  for (const group of [...groups.values()].sort((a, b) => a[0]!.at.getTime() - b[0]!.at.getTime())) {
    const first = group[0]!;
    out.push({
      id: `${issueId}${String(n++).padStart(4, '0')}`,
      ...(first.author ? { author: user(baseUrl, first.author) } : {}),
      created: jiraDate(first.at),
      items: group.map((c) => changeItem(issue, c, statuses, versions)),
    });
  }
  return out;
}

function changeItem(
  issue: DatasetIssue,
  c: DatasetChange,
  statuses: ReadonlyMap<string, { id: string; category: CategoryKey }>,
  versions: ReadonlyMap<string, DatasetVersion>,
): NonNullable<JiraChangelog['items']>[number] {
  switch (c.field) {
    case 'status':
      return { field: 'status', fieldtype: 'jira', fieldId: 'status', from: c.from ? statuses.get(c.from)?.id ?? null : null, fromString: c.from, to: c.to ? statuses.get(c.to)?.id ?? null : null, toString: c.to };
    case 'Fix Version': {
      const id = (name: string | null) => (name ? versions.get(`${issue.project}\u0000${name}`)?.id ?? null : null);
      return { field: 'Fix Version', fieldtype: 'jira', fieldId: 'fixVersions', from: id(c.from), fromString: c.from, to: id(c.to), toString: c.to };
    }
    case 'Link':
      return { field: 'Link', fieldtype: 'jira', fieldId: 'issuelinks', from: lastKey(c.from), fromString: c.from, to: lastKey(c.to), toString: c.to };
    case 'Story Points':
      return { field: 'Story Points', fieldtype: 'custom', fieldId: `customfield_${STORY_POINTS_FIELD}`, from: null, fromString: c.from, to: null, toString: c.to };
    default:
      return { field: c.field, fieldtype: 'jira', from: null, fromString: c.from, to: null, toString: c.to };
  }
}

function lastKey(text: string | null): string | null {
  return text?.match(ISSUE_KEY)?.at(-1) ?? null;
}

function statusTable(dataset: JiraDataset): Map<string, { id: string; category: CategoryKey }> {
  const names = new Set(dataset.issues.map((i) => i.status));
  for (const c of dataset.changes) if (c.field === 'status') for (const s of [c.from, c.to]) if (s) names.add(s);
  const out = new Map<string, { id: string; category: CategoryKey }>();
  let next = 10_100;
  // A status the table does not know is taken as not started: the connector then never counts it as work.
  for (const name of [...names].sort()) out.set(name, KNOWN_STATUSES[name] ?? { id: String(next++), category: 'new' });
  return out;
}

function versionTable(versions: readonly DatasetVersion[]): Map<string, DatasetVersion> {
  return new Map(versions.map((v) => [`${v.project}\u0000${v.name}`, v]));
}

/** Link types with both labels: each side's rows give one label ("depends on" / "is required by"). */
function linkTypeTable(links: readonly DatasetLink[]): Map<string, JiraIssueLinkType & { id: string; name: string; inward: string; outward: string }> {
  const out = new Map<string, { id: string; name: string; inward: string; outward: string }>();
  for (const l of links) {
    const type = out.get(l.linkType) ?? { id: String(10_000 + out.size), name: l.linkType, inward: '', outward: '' };
    if (l.direction === 'outward' && !type.outward) type.outward = l.label;
    if (l.direction === 'inward' && !type.inward) type.inward = l.label;
    out.set(l.linkType, type);
  }
  for (const type of out.values()) {
    type.inward ||= type.outward;
    type.outward ||= type.inward;
  }
  return out;
}

function storyPointsField(): JiraField {
  return {
    id: `customfield_${STORY_POINTS_FIELD}`,
    key: `customfield_${STORY_POINTS_FIELD}`,
    name: 'Story Points',
    untranslatedName: 'Story Points',
    custom: true,
    orderable: true,
    navigable: true,
    searchable: true,
    clauseNames: [`cf[${STORY_POINTS_FIELD}]`, 'Story Points'],
    schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', customId: STORY_POINTS_FIELD },
  };
}

const PRIORITIES = ['Blocker', 'Critical', 'Major', 'Minor', 'Trivial'];
const priorityId = (name: string) => String(PRIORITIES.indexOf(name) + 1 || 3);

function groupBy<T>(values: readonly T[], key: (v: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const v of values) {
    const k = key(v);
    const list = out.get(k);
    if (list) list.push(v);
    else out.set(k, [v]);
  }
  return out;
}
