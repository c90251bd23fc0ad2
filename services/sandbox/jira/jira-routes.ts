/**
 * Route handlers of the Jira sandbox. Each takes the parsed request and answers a status and a
 * JSON body in Jira Cloud's shapes; the server adds auth, faults and headers around them.
 */
import { z } from 'zod';
import type { SandboxIssue } from '../program-model.js';
import { compileQuery } from './jql-evaluate.js';
import { JqlError, parseJql } from './jql.js';
import {
  historiesOf,
  issueFieldsOf,
  isTeamManaged,
  linkTypes,
  pickFields,
  remoteLinks,
  statusList,
  renderProject,
  renderUser,
  type RenderContext,
} from './jira-render.js';
import type {
  JiraBulkChangelogResponse,
  JiraChangelogPage,
  JiraField,
  JiraIssueResponse,
  JiraProjectPage,
  JiraSearchResponse,
  JiraUser,
} from './jira-types.js';

export interface JiraReply {
  readonly status: number;
  readonly body: unknown;
}

export interface SearchParams {
  readonly jql: string;
  readonly nextPageToken?: string | undefined;
  readonly maxResults?: number | undefined;
  readonly fields: readonly string[];
  readonly expand: readonly string[];
}

/** Enhanced search page caps, as Jira Cloud documents them: ids alone page far larger. */
const MAX_IDS_PER_PAGE = 5_000;
const MAX_ISSUES_PER_PAGE = 100;
const DEFAULT_PAGE = 50;
/**
 * Enhanced search embeds at most this many changelog entries per issue (the newest); `total`
 * still counts them all, so a client can tell it must fetch the rest with the changelog APIs.
 */
const EMBEDDED_CHANGELOG = 40;
const ISSUE_EXPAND = 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations';

export function jiraError(status: number, ...messages: string[]): JiraReply {
  return { status, body: { errorMessages: messages, errors: {} } };
}

const notFound = (): JiraReply => jiraError(404, 'Issue does not exist or you do not have permission to see it.');

function encodeToken(payload: object): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function decodeToken<T>(token: string, schema: z.ZodType<T>): T | null {
  let raw: unknown = null;
  try {
    raw = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

const SearchToken = z.object({ q: z.string(), u: z.number(), c: z.number(), i: z.string(), k: z.string() });
const OffsetToken = z.object({ q: z.string(), p: z.number().int().nonnegative() });

/** First position in `sorted` strictly after `last` under `compare` (binary search). */
function positionAfter(sorted: readonly SandboxIssue[], last: SandboxIssue, compare: (a: SandboxIssue, b: SandboxIssue) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(sorted[mid] as SandboxIssue, last) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Keyset paging: the token holds the sort position reached, so a page never repeats an issue
 * and issues updated during a pass (which sort later under `updated ASC`) are still reached.
 */
export function search(ctx: RenderContext, params: SearchParams): JiraReply {
  let query;
  try {
    query = parseJql(params.jql);
    const probe = compileQuery(query, ctx.teams, params.jql, (key) => ctx.index.byIdOrKey(key) !== undefined);
    if (!probe.bounded) {
      return jiraError(400, 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.');
    }
  } catch (error) {
    if (error instanceof JqlError) return jiraError(400, error.message);
    throw error;
  }
  const { issues: matches, compare } = ctx.index.search(params.jql, query);
  const idsOnly = params.fields.length === 0 || params.fields.every((f) => f === 'id' || f === 'key');
  const cap = idsOnly ? MAX_IDS_PER_PAGE : MAX_ISSUES_PER_PAGE;
  const pageSize = Math.max(1, Math.min(cap, params.maxResults ?? DEFAULT_PAGE));
  let start = 0;
  if (params.nextPageToken !== undefined) {
    const token = decodeToken(params.nextPageToken, SearchToken);
    if (token === null || token.q !== params.jql) return jiraError(400, 'The provided next page token is invalid or expired.');
    const last = { updatedAt: new Date(token.u), createdAt: new Date(token.c), id: token.i, key: token.k } as SandboxIssue;
    start = positionAfter(matches, last, compare);
  }
  const page = matches.slice(start, start + pageSize);
  const withChangelog = params.expand.includes('changelog');
  const issues: NonNullable<JiraSearchResponse['issues']> = page.map((issue) => {
    if (params.fields.length === 0 && !withChangelog) return { id: issue.id };
    const rendered: NonNullable<JiraSearchResponse['issues']>[number] = {
      expand: ISSUE_EXPAND,
      id: issue.id,
      self: `${ctx.baseUrl}/rest/api/3/issue/${issue.id}`,
      key: issue.key,
      fields: pickFields(issueFieldsOf(ctx, issue), params.fields),
    };
    if (withChangelog) {
      const all = historiesOf(ctx, issue);
      const recent = all.slice(-EMBEDDED_CHANGELOG).reverse();
      rendered.changelog = { startAt: 0, maxResults: recent.length, total: all.length, histories: recent };
    }
    return rendered;
  });
  const last = page.at(-1);
  const body: JiraSearchResponse =
    last && start + page.length < matches.length
      ? { issues, nextPageToken: encodeToken({ q: params.jql, u: last.updatedAt.getTime(), c: last.createdAt.getTime(), i: last.id, k: last.key }), isLast: false }
      : { issues, isLast: true };
  return { status: 200, body };
}

/** REST version of a request path: Cloud serves `latest` as version 2. */
export type ApiVersion = '2' | '3';

export function getIssue(ctx: RenderContext, idOrKey: string, fields: readonly string[], expand: readonly string[], version: ApiVersion = '3'): JiraReply {
  const issue = ctx.index.byIdOrKey(idOrKey);
  if (!issue) return notFound();
  const rendered = pickFields(issueFieldsOf(ctx, issue), fields.length === 0 ? ['*all'] : fields);
  const body: JiraIssueResponse = {
    expand: ISSUE_EXPAND,
    id: issue.id,
    self: `${ctx.baseUrl}/rest/api/${version}/issue/${issue.id}`,
    key: issue.key,
    // Version 2 sends rich text as wiki markup strings, version 3 as ADF documents.
    fields: version === '2' && rendered.description ? { ...rendered, description: adfText(rendered.description) } : rendered,
  };
  if (expand.includes('changelog')) {
    const all = historiesOf(ctx, issue);
    body.changelog = { startAt: 0, maxResults: all.length, total: all.length, histories: all };
  }
  return { status: 200, body };
}

function adfText(doc: unknown): string {
  if (doc === null || typeof doc !== 'object') return '';
  const node = doc as { text?: unknown; content?: unknown };
  const own = typeof node.text === 'string' ? node.text : '';
  return own + (Array.isArray(node.content) ? node.content.map(adfText).join('') : '');
}

/**
 * The classic search endpoints (`/rest/api/2/search`, `/rest/api/3/search`) are gone from Jira
 * Cloud (CHANGE-2046): a real site answers 410 with this message, and so does the sandbox.
 */
export function legacySearchRemoved(): JiraReply {
  return jiraError(
    410,
    'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
  );
}

export function issueChangelog(ctx: RenderContext, idOrKey: string, startAt: number, maxResults: number): JiraReply {
  const issue = ctx.index.byIdOrKey(idOrKey);
  if (!issue) return notFound();
  const body: JiraChangelogPage = startAtPage(
    `${ctx.baseUrl}/rest/api/3/issue/${issue.key}/changelog`,
    historiesOf(ctx, issue),
    startAt,
    maxResults,
    (entry) => entry,
  );
  return { status: 200, body };
}

/** Jira's classic `startAt` page envelope (changelog, project search), at most 100 per page. */
function startAtPage<T, V>(self: string, all: readonly T[], startAt: number, maxResults: number, render: (value: T) => V) {
  const size = Math.max(1, Math.min(100, maxResults));
  const values = all.slice(startAt, startAt + size).map(render);
  const isLast = startAt + values.length >= all.length;
  return {
    self: `${self}?maxResults=${size}&startAt=${startAt}`,
    ...(isLast ? {} : { nextPage: `${self}?maxResults=${size}&startAt=${startAt + values.length}` }),
    maxResults: size,
    startAt,
    total: all.length,
    isLast,
    values,
  };
}

const BulkChangelogBody = z.object({
  issueIdsOrKeys: z.array(z.string()).min(1).max(1_000),
  fieldIds: z.array(z.string()).optional(),
  maxResults: z.number().int().positive().optional(),
  nextPageToken: z.string().optional(),
});

/**
 * How the bulk changelog writes `created`. Atlassian's published example sends epoch seconds
 * (`"created": 1492070429`) where every other changelog API sends a datetime string.
 */
export type BulkChangelogDates = 'string' | 'epoch';

/** Bulk changelog: histories of many issues, paged over all their entries (oldest first). */
export function bulkChangelog(ctx: RenderContext, rawBody: unknown, dates: BulkChangelogDates = 'epoch'): JiraReply {
  const parsed = BulkChangelogBody.safeParse(rawBody);
  if (!parsed.success) return jiraError(400, `Invalid request payload: ${parsed.error.issues[0]?.message ?? 'malformed'}`);
  const { issueIdsOrKeys, fieldIds, nextPageToken } = parsed.data;
  const limit = Math.min(10_000, parsed.data.maxResults ?? 1_000);
  const tokenKey = issueIdsOrKeys.join(',');
  let skip = 0;
  if (nextPageToken !== undefined) {
    const token = decodeToken(nextPageToken, OffsetToken);
    if (token === null || token.q !== tokenKey) return jiraError(400, 'The provided next page token is invalid or expired.');
    skip = token.p;
  }
  const issues = issueIdsOrKeys.map((k) => ctx.index.byIdOrKey(k)).filter((i): i is SandboxIssue => i !== undefined);
  const issueChangeLogs: NonNullable<JiraBulkChangelogResponse['issueChangeLogs']> = [];
  let seen = 0;
  let taken = 0;
  let more = false;
  for (const issue of issues) {
    const histories = historiesOf(ctx, issue).filter(
      (h) => !fieldIds || (h.items ?? []).some((item) => item.fieldId !== undefined && fieldIds.includes(item.fieldId)),
    );
    const from = Math.max(0, skip - seen);
    seen += histories.length;
    if (from >= histories.length) continue;
    const room = limit - taken;
    if (room <= 0) {
      more = true;
      break;
    }
    const slice = histories.slice(from, from + room);
    taken += slice.length;
    // jira.js types `created` as a string; the published example (and so the sandbox) sends a number.
    const changeHistories =
      dates === 'epoch' ? slice.map((h) => ({ ...h, created: Math.floor(Date.parse(String(h.created).replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) / 1000) as unknown as string })) : slice;
    issueChangeLogs.push({ issueId: issue.id, changeHistories });
    if (from + slice.length < histories.length) {
      more = true;
      break;
    }
  }
  const body: JiraBulkChangelogResponse = more ? { issueChangeLogs, nextPageToken: encodeToken({ q: tokenKey, p: skip + taken }) } : { issueChangeLogs };
  return { status: 200, body };
}

export function issueRemoteLinks(ctx: RenderContext, idOrKey: string): JiraReply {
  const issue = ctx.index.byIdOrKey(idOrKey);
  return issue ? { status: 200, body: remoteLinks(ctx, issue) } : notFound();
}

export function fieldList(ctx: RenderContext): JiraReply {
  const system = (id: string, name: string, type: string, extra: Partial<JiraField> = {}): JiraField => ({
    id,
    key: id,
    name,
    custom: false,
    orderable: true,
    navigable: true,
    searchable: true,
    clauseNames: [id],
    schema: { type, system: id },
    ...extra,
  });
  const custom = (n: number, name: string, customType: string): JiraField => ({
    id: `customfield_${n}`,
    key: `customfield_${n}`,
    name,
    untranslatedName: name,
    custom: true,
    orderable: true,
    navigable: true,
    searchable: true,
    clauseNames: [`cf[${n}]`, name],
    schema: { type: 'number', custom: customType, customId: n },
  });
  const body: JiraField[] = [
    system('summary', 'Summary', 'string'),
    system('issuetype', 'Issue Type', 'issuetype', { clauseNames: ['issuetype', 'type'] }),
    system('status', 'Status', 'status'),
    system('priority', 'Priority', 'priority'),
    system('assignee', 'Assignee', 'user'),
    system('project', 'Project', 'project'),
    system('created', 'Created', 'datetime', { clauseNames: ['created', 'createdDate'] }),
    system('updated', 'Updated', 'datetime', { clauseNames: ['updated', 'updatedDate'] }),
    system('resolutiondate', 'Resolved', 'datetime', { clauseNames: ['resolutiondate', 'resolved'] }),
    system('resolution', 'Resolution', 'resolution'),
    system('duedate', 'Due date', 'date', { clauseNames: ['due', 'duedate'] }),
    system('labels', 'Labels', 'array'),
    system('components', 'Components', 'array', { clauseNames: ['component'] }),
    system('parent', 'Parent', 'issuelink'),
    system('issuelinks', 'Linked Issues', 'array', { clauseNames: ['issueLink'] }),
    system('timeoriginalestimate', 'Original estimate', 'number', { clauseNames: ['originalEstimate', 'timeoriginalestimate'] }),
    system('description', 'Description', 'string'),
    ...(ctx.site
      ? [system('fixVersions', 'Fix Version/s', 'array', { clauseNames: ['fixVersion'] }), ...ctx.site.customFields]
      : [
          custom(10016, 'Story point estimate', 'com.pyxis.greenhopper.jira:jsw-story-points'),
          custom(10026, 'Story Points', 'com.atlassian.jira.plugin.system.customfieldtypes:float'),
        ]),
  ];
  return { status: 200, body };
}

export function projectSearch(ctx: RenderContext, startAt: number, maxResults: number): JiraReply {
  const body: JiraProjectPage = startAtPage(
    `${ctx.baseUrl}/rest/api/3/project/search`,
    ctx.index.projects,
    startAt,
    maxResults,
    (team) => renderProject(ctx.baseUrl, team, isTeamManaged(ctx, team.key)),
  );
  return { status: 200, body };
}

export function myself(ctx: RenderContext, email: string): JiraReply {
  const body: JiraUser = {
    ...renderUser(ctx.baseUrl, { id: '712020:00000000-0000-4000-8000-000000000001', name: 'Seams Sandbox Bot', email }),
    locale: 'en_US',
    groups: { size: 1, items: [] },
    applicationRoles: { size: 1, items: [] },
    expand: 'groups,applicationRoles',
  };
  return { status: 200, body };
}

export function statuses(ctx: RenderContext): JiraReply {
  return { status: 200, body: ctx.site ? ctx.site.statuses(ctx.baseUrl) : statusList(ctx.baseUrl) };
}

export function issueLinkTypes(ctx: RenderContext): JiraReply {
  return { status: 200, body: { issueLinkTypes: ctx.site ? ctx.site.linkTypes(ctx.baseUrl) : linkTypes(ctx.baseUrl) } };
}
