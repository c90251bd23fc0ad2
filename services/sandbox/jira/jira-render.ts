/** Renders sandbox issues in Jira Cloud's v3 shapes. */
import type { SandboxCategory, SandboxCrossLink, SandboxIssue, SandboxLink, SandboxTeam } from '../program-model.js';
import type { JiraIndex } from './jira-index.js';
import type {
  JiraChangelog,
  JiraField,
  JiraIssueFields,
  JiraIssueLink,
  JiraIssueLinkType,
  JiraLinkedIssue,
  JiraProject,
  JiraRemoteLink,
} from './jira-types.js';

/** Jira's timestamp form: `2026-02-18T10:15:30.123+0000`. */
export function jiraDate(at: Date): string {
  return at.toISOString().replace('Z', '+0000');
}

const STATUS_IDS: Readonly<Record<string, string>> = { 'To Do': '10000', 'In Progress': '3', 'In Review': '10001', Done: '10002' };
const CATEGORIES: Readonly<Record<SandboxCategory, { id: number; key: string; colorName: string; name: string }>> = {
  todo: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  in_progress: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
};
const ISSUE_TYPES: Readonly<Record<SandboxIssue['type'], { id: string; hierarchyLevel: number }>> = {
  Epic: { id: '10000', hierarchyLevel: 1 },
  Story: { id: '10001', hierarchyLevel: 0 },
  Task: { id: '10002', hierarchyLevel: 0 },
  Bug: { id: '10003', hierarchyLevel: 0 },
};
interface LinkTypeView {
  readonly id: string;
  readonly name: string;
  readonly inward: string;
  readonly outward: string;
}
const LINK_TYPES: Readonly<Record<SandboxLink['kind'], LinkTypeView>> = {
  blocks: { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
  duplicates: { id: '10002', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
  relates: { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
};
const CLONERS: LinkTypeView = { id: '10001', name: 'Cloners', inward: 'is cloned by', outward: 'clones' };
/**
 * Real sites express dependencies with custom types too. Atlassian's own example words
 * "Dependent" so that its source is the blocker; sites like issues.apache.org word theirs the
 * other way round (the source depends on the destination). Some blocking links are rendered with
 * each, so a connector has to read every type from both ends the same way.
 */
const DEPENDENT: LinkTypeView = { id: '10004', name: 'Dependent', inward: 'depends on', outward: 'is depended by' };
const DEPENDS_UPON: LinkTypeView = { id: '10005', name: 'dependent', inward: 'is depended upon by', outward: 'depends upon' };
const WORK_SECONDS_PER_DAY = 8 * 3600;

export interface RenderContext {
  readonly baseUrl: string;
  readonly index: JiraIndex;
  readonly teams: readonly SandboxTeam[];
  readonly site?: JiraSiteRenderer | undefined;
}

/**
 * A site whose issues carry more than the generated program models (a real workflow, real link
 * types, versions, whole changelogs: see real-data/dataset-jira-site.ts). It renders those parts
 * itself; paging, auth, faults and the routes stay the sandbox's own.
 */
export interface JiraSiteRenderer {
  fields(ctx: RenderContext, issue: SandboxIssue): Record<string, unknown>;
  changelog(ctx: RenderContext, issue: SandboxIssue): JiraChangelog[];
  statuses(baseUrl: string): JiraIssueFields['status'][];
  linkTypes(baseUrl: string): JiraIssueLinkType[];
  /** Custom fields the site adds to GET /rest/api/3/field. */
  readonly customFields: readonly JiraField[];
}

export function issueFieldsOf(ctx: RenderContext, issue: SandboxIssue): Record<string, unknown> {
  return ctx.site ? ctx.site.fields(ctx, issue) : { ...renderFields(ctx, issue) };
}

export function historiesOf(ctx: RenderContext, issue: SandboxIssue): JiraChangelog[] {
  return ctx.site ? ctx.site.changelog(ctx, issue) : changelogOf(ctx, issue);
}

export function linkTypes(baseUrl: string): JiraIssueLinkType[] {
  return [LINK_TYPES.blocks, CLONERS, LINK_TYPES.duplicates, LINK_TYPES.relates, DEPENDENT, DEPENDS_UPON].map((t) => ({
    ...t,
    self: `${baseUrl}/rest/api/3/issueLinkType/${t.id}`,
  }));
}

const WORKFLOW: readonly [string, SandboxCategory][] = [
  ['To Do', 'todo'],
  ['In Progress', 'in_progress'],
  ['In Review', 'in_progress'],
  ['Done', 'done'],
];

/** GET /rest/api/3/status: every status of the sandbox workflow with its category. */
export function statusList(baseUrl: string): JiraIssueFields['status'][] {
  return WORKFLOW.map(([name, category]) => status(baseUrl, name, category));
}

function status(baseUrl: string, name: string, category: SandboxCategory): JiraIssueFields['status'] {
  const id = STATUS_IDS[name] ?? '1';
  const cat = CATEGORIES[category];
  return {
    self: `${baseUrl}/rest/api/3/status/${id}`,
    description: '',
    iconUrl: `${baseUrl}/images/icons/statuses/generic.png`,
    name,
    untranslatedName: name,
    id,
    statusCategory: { self: `${baseUrl}/rest/api/3/statuscategory/${cat.id}`, ...cat },
  };
}

function issueType(baseUrl: string, type: SandboxIssue['type']): JiraIssueFields['issuetype'] {
  const t = ISSUE_TYPES[type];
  return {
    self: `${baseUrl}/rest/api/3/issuetype/${t.id}`,
    id: t.id,
    description: '',
    iconUrl: `${baseUrl}/images/icons/issuetypes/${type.toLowerCase()}.svg`,
    name: type,
    subtask: false,
    hierarchyLevel: t.hierarchyLevel,
  };
}

export function renderUser(baseUrl: string, user: { readonly id: string; readonly name: string; readonly email: string }): NonNullable<JiraIssueFields['assignee']> {
  return {
    self: `${baseUrl}/rest/api/3/user?accountId=${encodeURIComponent(user.id)}`,
    accountId: user.id,
    emailAddress: user.email,
    displayName: user.name,
    active: true,
    timeZone: 'UTC',
    accountType: 'atlassian',
  };
}

export function renderProject(baseUrl: string, team: SandboxTeam, teamManaged = false): JiraProject {
  return {
    self: `${baseUrl}/rest/api/3/project/${team.id}`,
    id: team.id,
    key: team.key,
    name: team.name,
    projectTypeKey: 'software',
    simplified: teamManaged,
  };
}

function linked(ctx: RenderContext, issue: SandboxIssue): JiraLinkedIssue {
  return {
    id: issue.id,
    key: issue.key,
    self: `${ctx.baseUrl}/rest/api/3/issue/${issue.id}`,
    fields: {
      summary: issue.title,
      status: status(ctx.baseUrl, issue.status, issue.category),
      priority: { self: `${ctx.baseUrl}/rest/api/3/priority/3`, id: '3', name: 'Medium' },
      issuetype: issueType(ctx.baseUrl, issue.type),
    },
  };
}

/**
 * The Jira type a program link is stored under, and whether the blocker is the link's source.
 * Chosen by the link id, so both ends and every request agree.
 */
function jiraLinkType(link: SandboxLink): { readonly type: LinkTypeView; readonly blockerIsSource: boolean } {
  if (link.kind !== 'blocks') return { type: LINK_TYPES[link.kind], blockerIsSource: true };
  const bucket = Number(link.id.replace(/\D/g, '').slice(-2) || '0') % 5;
  if (bucket === 3) return { type: DEPENDENT, blockerIsSource: true };
  if (bucket === 4) return { type: DEPENDS_UPON, blockerIsSource: false };
  return { type: LINK_TYPES.blocks, blockerIsSource: true };
}

function issueLinks(ctx: RenderContext, issue: SandboxIssue): JiraIssueLink[] {
  const out: JiraIssueLink[] = [];
  for (const link of ctx.index.linksOf(issue.id)) {
    const { type, blockerIsSource } = jiraLinkType(link);
    const otherId = link.fromId === issue.id ? link.toId : link.fromId;
    // The link's source sees the destination as its `outwardIssue` ("source <outward> destination").
    const isSource = (link.fromId === issue.id) === blockerIsSource;
    const other = ctx.index.issueById(otherId);
    if (!other) continue;
    out.push({
      id: link.id,
      self: `${ctx.baseUrl}/rest/api/3/issueLink/${link.id}`,
      type: { ...type, self: `${ctx.baseUrl}/rest/api/3/issueLinkType/${type.id}` },
      ...(isSource ? { outwardIssue: linked(ctx, other) } : { inwardIssue: linked(ctx, other) }),
    });
  }
  return out;
}

/**
 * The issue's project. An issue of a project outside the program (the demo's SEC-12) still has
 * one on a real site: it is rendered from the key, with a stable numeric id.
 */
export function projectOf(ctx: RenderContext, issue: SandboxIssue): SandboxTeam {
  const team = ctx.teams.find((t) => t.key === issue.teamKey);
  if (team) return team;
  const id = String(20_000 + [...issue.teamKey].reduce((sum, c) => (sum * 31 + c.charCodeAt(0)) % 9_000, 0));
  return { tracker: 'jira', key: issue.teamKey, id, name: issue.teamKey };
}

/**
 * Company-managed projects keep story points in "Story Points", team-managed ones ("simplified")
 * in "Story point estimate"; a real site with both kinds fills a different field per project.
 */
export function isTeamManaged(ctx: RenderContext, projectKey: string): boolean {
  const jiraTeams = ctx.teams.filter((t) => t.tracker === 'jira');
  return jiraTeams.findIndex((t) => t.key === projectKey) % 2 === 1;
}

export function renderFields(ctx: RenderContext, issue: SandboxIssue): JiraIssueFields {
  const { baseUrl } = ctx;
  const team = projectOf(ctx, issue);
  const teamManaged = isTeamManaged(ctx, team.key);
  const parent = issue.parentId === null ? undefined : ctx.index.issueById(issue.parentId);
  const hours = issue.estimate === null ? null : Math.round(issue.estimate * (team.daysPerPoint ?? 1) * WORK_SECONDS_PER_DAY);
  return {
    summary: issue.title,
    issuetype: issueType(baseUrl, issue.type),
    status: status(baseUrl, issue.status, issue.category),
    priority: { self: `${baseUrl}/rest/api/3/priority/3`, id: '3', name: 'Medium', iconUrl: `${baseUrl}/images/icons/priorities/medium.svg` },
    assignee: issue.assignee ? renderUser(baseUrl, issue.assignee) : null,
    project: renderProject(baseUrl, team, teamManaged),
    created: jiraDate(issue.createdAt),
    updated: jiraDate(issue.updatedAt),
    resolutiondate: issue.completedAt ? jiraDate(issue.completedAt) : null,
    resolution: issue.category === 'done' ? { self: `${baseUrl}/rest/api/3/resolution/10000`, id: '10000', name: 'Done', description: 'Work has been completed on this issue.' } : null,
    duedate: issue.dueDate,
    labels: [...issue.labels],
    components: [],
    ...(parent ? { parent: linked(ctx, parent) } : {}),
    issuelinks: issueLinks(ctx, issue),
    timeoriginalestimate: hours,
    description: issue.description ? { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: issue.description }] }] } : null,
    customfield_10016: teamManaged ? issue.estimate : null,
    customfield_10026: teamManaged ? null : issue.estimate,
  };
}

/** Keeps the requested fields: `*all` / `*navigable` for everything, `-name` to drop one. */
export function pickFields(fields: Record<string, unknown>, wanted: readonly string[]): Record<string, unknown> {
  const all = wanted.some((f) => f === '*all' || f === '*navigable');
  const drop = new Set(wanted.filter((f) => f.startsWith('-')).map((f) => f.slice(1)));
  const keep = new Set(wanted.filter((f) => !f.startsWith('-') && !f.startsWith('*')));
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if ((all || keep.has(name)) && !drop.has(name)) out[name] = value;
  }
  return out;
}

/**
 * Changelog entries of an issue, oldest first: one per status transition after creation, and one
 * per remote link added (Jira records those as `RemoteIssueLink` history items).
 */
export function changelogOf(ctx: RenderContext, issue: SandboxIssue): JiraChangelog[] {
  const author = issue.assignee ? renderUser(ctx.baseUrl, issue.assignee) : undefined;
  const out: JiraChangelog[] = [];
  issue.history.forEach((change, index) => {
    if (change.from === null) return;
    out.push({
      id: String(Number(issue.id) * 10_000 + index),
      ...(author ? { author } : {}),
      created: jiraDate(change.at),
      items: [
        {
          field: 'status',
          fieldtype: 'jira',
          fieldId: 'status',
          from: STATUS_IDS[change.from] ?? null,
          fromString: change.from,
          to: STATUS_IDS[change.to] ?? null,
          toString: change.to,
        },
      ],
    });
  });
  ctx.index.remoteLinksOf(issue.id).forEach((cross: SandboxCrossLink, index) => {
    // The model keeps no creation time for remote links: they were added the hour after the issue.
    const at = new Date(issue.createdAt.getTime() + 3_600_000 + index * 1000);
    out.push({
      id: String(Number(issue.id) * 10_000 + 9_000 + index),
      ...(author ? { author } : {}),
      created: jiraDate(at),
      items: [
        {
          field: 'RemoteIssueLink',
          fieldtype: 'jira',
          from: null,
          fromString: null,
          to: cross.id,
          toString: `This issue links to "${cross.title}"`,
        },
      ],
    });
  });
  return out.sort((a, b) => Date.parse(String(a.created)) - Date.parse(String(b.created)));
}

export function remoteLinks(ctx: RenderContext, issue: SandboxIssue): JiraRemoteLink[] {
  return ctx.index.remoteLinksOf(issue.id).map((cross: SandboxCrossLink) => ({
    id: Number(cross.id),
    self: `${ctx.baseUrl}/rest/api/3/issue/${issue.id}/remotelink/${cross.id}`,
    globalId: `url=${cross.url}`,
    application: { type: 'com.linear.app', name: 'Linear' },
    relationship: cross.kind === 'blocks' ? 'blocks' : 'relates to',
    object: {
      url: cross.url,
      title: cross.title,
      icon: { url16x16: 'https://linear.app/favicon.ico', title: 'Linear' },
    },
  }));
}
