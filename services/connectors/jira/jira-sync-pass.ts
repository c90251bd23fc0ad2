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
import type { z } from 'zod';
import { searchAndReconsileIssuesUsingJqlPost } from 'jira.js/cloud';
import type { SyncCursor, SyncStore } from '../connector-types.js';
import { TrackerRequestError } from '../connector-errors.js';
import type { JiraSourceOptions } from './jira-options.js';
import { passJql } from './jira-jql.js';
import { buildPage, type BuiltPage, type PageDeps } from './jira-page.js';
import type { Problem } from './jira-issue-normalize.js';
import { searchPageSchema } from './jira-payload-schemas.js';
import { failsAtOnce } from '../page-pipeline.js';
import { createCursorGuard } from '../cursor-guard.js';
import { sanitizeSyncPage } from '../sync-page-sanitize.js';
import { isStorableInstant } from '../value-sanitize.js';

/** How far ahead of our clock Jira's may run; a later `updated` is clock skew or garbage. */
const MAX_CLOCK_AHEAD_MS = 60 * 60_000;

/**
 * The newest `updated` of a page that can be trusted as the next cursor. One issue dated in the
 * future (a skewed clock, an import) would otherwise move the cursor past every real change.
 */
function newestBelievableUpdate(
  items: readonly { readonly key: string; readonly sourceUpdatedAt: Date }[],
  passStartedAt: Date,
): { at: Date | null; future: string[] } {
  const limit = passStartedAt.getTime() + MAX_CLOCK_AHEAD_MS;
  let at: Date | null = null;
  const future: string[] = [];
  for (const item of items) {
    // A date Postgres cannot store (year 0, past 9999) would fail the cursor's own write.
    if (!isStorableInstant(item.sourceUpdatedAt)) continue;
    if (item.sourceUpdatedAt.getTime() > limit) future.push(item.key);
    else if (!at || item.sourceUpdatedAt > at) at = item.sourceUpdatedAt;
  }
  return { at, future };
}

/** Fields the normalizer reads; asking for fewer keeps pages small. */
export const BASE_FIELDS = [
  'summary', 'issuetype', 'status', 'assignee', 'project', 'components', 'labels', 'parent', 'issuelinks',
  'duedate', 'created', 'updated', 'resolutiondate', 'timeoriginalestimate', 'description', 'fixVersions',
] as const;

export interface PassCounters {
  pages: number;
  items: number;
  links: number;
  transitions: number;
  problems: Problem[];
  /** Link type name → links skipped because the type is not understood, over the whole sync. */
  unknownLinkTypes: Map<string, number>;
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

type SearchPage = z.infer<typeof searchPageSchema>;

interface PreparedPage {
  readonly built: BuiltPage;
  /** Token of the page after this one, null on the last page. */
  readonly nextToken: string | null;
}

const EMPTY_CURSOR: SyncCursor = { updatedSince: null, pageToken: null, passStartedAt: null };

export async function runPass(deps: PassDeps, request: PassRequest, counters: PassCounters): Promise<SyncCursor> {
  const stored = (await deps.store.loadCursor(deps.sourceName, deps.scope)) ?? EMPTY_CURSOR;
  const targeted = request.keys !== undefined && request.keys.length > 0;
  const resume = !targeted && stored.pageToken !== null && (request.mode === 'incremental' || stored.updatedSince === null);
  const basis = targeted ? null : request.mode === 'full' && !resume ? null : stored.updatedSince;
  const passStartedAt = resume ? stored.passStartedAt ?? deps.now() : deps.now();
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

  const guard = createCursorGuard(deps.sourceName, 'issues', resume ? stored.pageToken : null);
  // Pages are prepared strictly in order (one ahead at most), so the guard sees them in order.
  const prepare = async (page: SearchPage): Promise<PreparedPage> => {
    const built = await buildPage(page.issues, deps.page);
    const nextToken = page.isLast === true ? null : page.nextPageToken ?? null;
    const problems: Problem[] = [...built.problems];
    if (nextToken) guard.advance(nextToken, page.issues.map(issueIdentity));
    else if (page.isLast === false) {
      problems.push({ key: '(search)', reason: 'issue search truncated: Jira said this was not the last page but gave no nextPageToken; the pass ends here', kind: 'truncated' });
    }
    const sanitized = sanitizeSyncPage(built.page);
    for (const p of sanitized.problems) problems.push({ key: p.subject, reason: p.reason, kind: p.kind });
    return { built: { ...built, page: sanitized.page, problems }, nextToken };
  };

  let maxUpdated: Date | null = null;
  const warnedLinkTypes = new Set<string>();
  const fetchFirstPage = async (): Promise<SearchPage> => {
    try {
      return await fetchPage(resume ? stored.pageToken : null);
    } catch (error) {
      if (!(resume && error instanceof TrackerRequestError && error.status === 400)) throw error;
      deps.log.warn({ source: deps.sourceName, scope: deps.scope }, 'stored page token rejected (expired?); restarting the pass');
      return fetchPage(null);
    }
  };

  // Page N is committed while page N+1 is fetched and fully built (changelogs, remote links): the
  // tracker and the database work side by side. One page ahead at most, so memory stays bounded,
  // and commits stay in page order, so the cursor rules above hold unchanged.
  let upcoming = prepare(await fetchFirstPage());
  for (;;) {
    const step = await commitWhilePreparingNext(await upcoming);
    if (!step.ahead) return step.cursor;
    upcoming = step.ahead;
  }

  async function commitWhilePreparingNext(current: PreparedPage): Promise<{ cursor: SyncCursor; ahead: Promise<PreparedPage> | null }> {
    const committing = commitPrepared(current);
    let ahead: Promise<PreparedPage> | null = null;
    try {
      // A store that refuses the page outright fails within this tick: no further requests then.
      if (current.nextToken && !(await failsAtOnce(committing))) {
        ahead = fetchPage(current.nextToken).then(prepare);
        ahead.catch(() => undefined);
      }
      return { cursor: await committing, ahead };
    } catch (error) {
      // Do not return while a request of this pass is still in flight.
      await ahead?.catch(() => undefined);
      throw error;
    }
  }

  async function commitPrepared({ built, nextToken }: PreparedPage): Promise<SyncCursor> {
    const newest = newestBelievableUpdate(built.page.items, passStartedAt);
    if (newest.future.length > 0) {
      deps.log.warn({ source: deps.sourceName, issues: newest.future }, 'issues claim an update time in the future; the sync cursor ignores it');
    }
    if (newest.at && (!maxUpdated || newest.at > maxUpdated)) maxUpdated = newest.at;
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
    for (const problem of built.problems) deps.log.warn({ source: deps.sourceName, issue: problem.key, ...(problem.kind ? { kind: problem.kind } : {}) }, problem.reason);
    for (const skipped of built.skippedLinks) {
      const fields = { source: deps.sourceName, issue: skipped.key, linkType: skipped.typeName };
      // Once per type and sync at warn level (a site may have thousands of links of one type), the rest at debug.
      const seen = skipped.unknownType ? counters.unknownLinkTypes.has(skipped.typeName) : warnedLinkTypes.has(skipped.typeName);
      if (seen) deps.log.debug(fields, `link skipped: ${skipped.reason}`);
      else deps.log.warn(fields, `link skipped: ${skipped.reason} (map it under linkTypes; further ones logged at debug)`);
      if (skipped.unknownType) counters.unknownLinkTypes.set(skipped.typeName, (counters.unknownLinkTypes.get(skipped.typeName) ?? 0) + 1);
      else warnedLinkTypes.add(skipped.typeName);
    }
    deps.afterPage(counters);
    return next;
  }
}

function issueIdentity(issue: unknown, index: number): string {
  if (typeof issue === 'object' && issue !== null) {
    const id = (issue as Record<string, unknown>).id;
    if (typeof id === 'string' || typeof id === 'number') return String(id);
  }
  return `#${index}:${JSON.stringify(issue)}`;
}

function laterOf(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
