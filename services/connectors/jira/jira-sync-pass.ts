/**
 * A sync pass: walk the enhanced JQL search page by page and commit each page together with the
 * cursor that follows it.
 *
 * Cursor rules (SyncCursor in connector-types.ts):
 * - inside a pass: `{updatedSince: <the pass's basis>, pageToken: <next page>, passStartedAt}`;
 *   the JQL is a function of `updatedSince`, so a restart rebuilds the same query and resumes
 *   from the stored token;
 * - at the end: `{updatedSince: newest 'updated' seen (else the old basis, else passStartedAt),
 *   pageToken: null, passStartedAt: null}`.
 * A rejected or expired token (Jira keeps them 7 days) restarts the pass from the same basis:
 * nothing is lost, and re-read issues are upserts.
 */
import type { Client } from 'jira.js/core';
import { searchAndReconsileIssuesUsingJqlPost } from 'jira.js/cloud';
import type { SyncCursor, SyncStore } from '../connector-types.js';
import { TrackerRequestError } from '../connector-errors.js';
import type { JiraSourceOptions } from './jira-options.js';
import { passJql } from './jira-jql.js';
import { buildPage, type PageDeps } from './jira-page.js';
import type { Problem } from './jira-issue-normalize.js';
import { searchPageSchema } from './jira-payload-schemas.js';

/** Fields the normalizer reads; asking for fewer keeps pages small. */
export const BASE_FIELDS = [
  'summary', 'issuetype', 'status', 'assignee', 'project', 'components', 'labels', 'parent', 'issuelinks',
  'duedate', 'created', 'updated', 'resolutiondate', 'timeoriginalestimate', 'description',
] as const;

export interface PassCounters {
  pages: number;
  items: number;
  links: number;
  transitions: number;
  problems: Problem[];
}

export interface PassLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export interface PassDeps {
  readonly client: Client;
  readonly store: SyncStore;
  readonly sourceName: string;
  readonly scope: string;
  readonly options: JiraSourceOptions;
  readonly timeZone: string | null;
  readonly extraFields: readonly string[];
  readonly page: PageDeps;
  readonly log: PassLog;
  readonly now: () => Date;
  readonly afterPage: (counters: PassCounters) => void;
}

export interface PassRequest {
  readonly mode: 'full' | 'incremental';
  readonly keys?: readonly string[];
}

const EMPTY_CURSOR: SyncCursor = { updatedSince: null, pageToken: null, passStartedAt: null };

export async function runPass(deps: PassDeps, request: PassRequest, counters: PassCounters): Promise<SyncCursor> {
  const stored = (await deps.store.loadCursor(deps.sourceName, deps.scope)) ?? EMPTY_CURSOR;
  const targeted = request.keys !== undefined && request.keys.length > 0;
  const resume = !targeted && stored.pageToken !== null && (request.mode === 'incremental' || stored.updatedSince === null);
  const basis = targeted ? null : request.mode === 'full' && !resume ? null : stored.updatedSince;
  const passStartedAt = resume ? stored.passStartedAt ?? deps.now() : deps.now();
  let token: string | null = resume ? stored.pageToken : null;
  if (resume) deps.log.info({ source: deps.sourceName, scope: deps.scope }, 'resuming interrupted pass from stored page token');

  const jql = passJql({
    projects: deps.options.projects,
    updatedSince: basis,
    overlapMinutes: deps.options.overlapMinutes,
    timeZone: deps.timeZone,
    ...(targeted ? { keys: request.keys } : {}),
  });
  const fields = [...BASE_FIELDS, ...deps.extraFields];
  const fetchPage = async (pageToken: string | null) =>
    searchPageSchema.parse(
      await searchAndReconsileIssuesUsingJqlPost(deps.client, {
        jql,
        fields,
        expand: 'changelog',
        maxResults: deps.options.pageSize,
        ...(pageToken ? { nextPageToken: pageToken } : {}),
      }),
    );

  let maxUpdated: Date | null = null;
  const warnedLinkTypes = new Set<string>();
  let current: Awaited<ReturnType<typeof fetchPage>>;
  try {
    current = await fetchPage(token);
  } catch (error) {
    if (!(resume && error instanceof TrackerRequestError && error.status === 400)) throw error;
    deps.log.warn({ source: deps.sourceName, scope: deps.scope }, 'stored page token rejected (expired?); restarting the pass');
    token = null;
    current = await fetchPage(null);
  }

  for (;;) {
    const nextToken = current.isLast === true ? null : current.nextPageToken ?? null;
    // Fetch the next page while this one is normalized and committed; commits stay in order.
    const pending = nextToken ? fetchPage(nextToken) : null;
    pending?.catch(() => undefined);
    try {
      const next = await commitCurrent(current.issues, nextToken);
      if (!pending) return next;
    } catch (error) {
      // Do not return while a request of this pass is still in flight.
      await pending?.catch(() => undefined);
      throw error;
    }
    current = await pending;
  }

  async function commitCurrent(rawIssues: readonly unknown[], nextToken: string | null): Promise<SyncCursor> {
    const built = await buildPage(rawIssues, deps.page);
    if (built.maxUpdated && (!maxUpdated || built.maxUpdated > maxUpdated)) maxUpdated = built.maxUpdated;
    const next: SyncCursor = targeted
      ? stored
      : nextToken
        ? { updatedSince: basis, pageToken: nextToken, passStartedAt }
        : { updatedSince: laterOf(maxUpdated, basis) ?? passStartedAt, pageToken: null, passStartedAt: null };
    await deps.store.commitPage(deps.sourceName, deps.scope, built.page, next);

    counters.pages++;
    counters.items += built.page.items.length;
    counters.links += built.page.links.length;
    counters.transitions += built.page.transitions.length;
    counters.problems.push(...built.problems);
    for (const problem of built.problems) deps.log.warn({ source: deps.sourceName, issue: problem.key }, problem.reason);
    for (const skipped of built.skippedLinks) {
      const fields = { source: deps.sourceName, issue: skipped.key, linkType: skipped.typeName };
      // Once per type at warn level (a site may have thousands of "Cloners" links), the rest at debug.
      if (warnedLinkTypes.has(skipped.typeName)) deps.log.debug(fields, `link skipped: ${skipped.reason}`);
      else deps.log.warn(fields, `link skipped: ${skipped.reason} (further ones of this type logged at debug)`);
      warnedLinkTypes.add(skipped.typeName);
    }
    deps.afterPage(counters);
    return next;
  }
}

function laterOf(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
