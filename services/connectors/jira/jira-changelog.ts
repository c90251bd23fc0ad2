/**
 * Issue histories: the part search embeds, fetching the rest, and reading status transitions
 * and remote-link changes out of them.
 *
 * Enhanced search embeds at most 20 histories per issue (`changelog.total` tells how many exist).
 * For the issues that have more, the whole changelog is fetched with the bulk endpoint
 * (POST /rest/api/3/changelog/bulkfetch, up to 1000 issues per call, paged by token); sites or
 * servers without it (404/405) fall back to GET /issue/{id}/changelog paging.
 */
import type { Client } from 'jira.js/core';
import { getBulkChangelogs, getChangeLogs } from './jira-cloud-api.js';
import type { ItemRef, NormalizedTransition, StatusCategory } from '../connector-types.js';
import { TrackerRequestError } from '../connector-errors.js';
import { createCursorGuard, PagingStalledError } from '../cursor-guard.js';
import { mapWithConcurrency } from '../rate-limit.js';
import {
  bulkChangelogSchema,
  changelogPageSchema,
  embeddedChangelogSchema,
  historySchema,
  type JiraHistory,
} from './jira-payload-schemas.js';

/** Field name Jira gives history items recording a remote link being added or removed. */
const REMOTE_LINK_FIELD = 'remoteissuelink';
const BULK_ISSUES_PER_CALL = 1000;
const PAGE_SIZE = 100;

export interface ParsedHistories {
  readonly histories: JiraHistory[];
  /** False when Jira holds more histories than were embedded. */
  readonly complete: boolean;
  readonly malformed: number;
  /** Why the first unreadable entry was refused, for the problem record. */
  readonly firstError: string | null;
}

export function parseHistories(raw: readonly unknown[]): { histories: JiraHistory[]; malformed: number; firstError: string | null } {
  const histories: JiraHistory[] = [];
  let malformed = 0;
  let firstError: string | null = null;
  for (const entry of raw) {
    const parsed = historySchema.safeParse(entry);
    if (parsed.success) {
      histories.push(parsed.data);
      continue;
    }
    malformed++;
    const issue = parsed.error.issues[0];
    firstError ??= issue ? `${issue.path.join('.') || '(entry)'}: ${issue.message}` : 'unreadable';
  }
  return { histories, malformed, firstError };
}

export function embeddedHistories(changelog: unknown): ParsedHistories {
  const parsed = embeddedChangelogSchema.safeParse(changelog);
  if (!parsed.success) {
    const absent = changelog === undefined;
    return { histories: [], complete: absent, malformed: absent ? 0 : 1, firstError: absent ? null : 'changelog is not a changelog object' };
  }
  const { histories, malformed, firstError } = parseHistories(parsed.data.histories);
  const total = parsed.data.total ?? parsed.data.histories.length;
  return { histories, complete: total <= parsed.data.histories.length, malformed, firstError };
}

/** What fetching whole changelogs kept, and what it could not. */
export interface FetchedChangelogs {
  /** Histories by issue id. */
  readonly histories: Map<string, JiraHistory[]>;
  /** Unreadable entries per issue id (dropped: their status changes are lost), with the first reason. */
  readonly malformed: Map<string, { count: number; firstError: string }>;
  /** Issue ids whose changelog Jira said had more pages than it let us read. */
  readonly truncated: Set<string>;
}

/** Whole changelogs of the given issues, by issue id. */
export async function fetchFullChangelogs(
  client: Client,
  issueIds: readonly string[],
  concurrency: number,
  sourceName: string,
): Promise<FetchedChangelogs> {
  const out: FetchedChangelogs = { histories: new Map(), malformed: new Map(), truncated: new Set() };
  if (issueIds.length === 0) return out;
  try {
    for (let i = 0; i < issueIds.length; i += BULK_ISSUES_PER_CALL) {
      await bulkFetch(client, issueIds.slice(i, i + BULK_ISSUES_PER_CALL), out, sourceName);
    }
    return out;
  } catch (error) {
    if (!(error instanceof TrackerRequestError) || (error.status !== 404 && error.status !== 405)) throw error;
  }
  out.histories.clear();
  out.malformed.clear();
  await mapWithConcurrency(issueIds, concurrency, (id) => pagedChangelog(client, id, out, sourceName));
  return out;
}

function noteMalformed(out: FetchedChangelogs, issueId: string, parsed: ReturnType<typeof parseHistories>): void {
  if (parsed.malformed === 0) return;
  const previous = out.malformed.get(issueId);
  out.malformed.set(issueId, { count: (previous?.count ?? 0) + parsed.malformed, firstError: previous?.firstError ?? parsed.firstError ?? 'unreadable' });
}

async function bulkFetch(client: Client, ids: readonly string[], out: FetchedChangelogs, sourceName: string): Promise<void> {
  const guard = createCursorGuard(sourceName, 'bulk changelog');
  let nextPageToken: string | undefined;
  do {
    const page = bulkChangelogSchema.parse(
      await getBulkChangelogs(client, { issueIdsOrKeys: [...ids], maxResults: BULK_ISSUES_PER_CALL, ...(nextPageToken ? { nextPageToken } : {}) }),
    );
    const seen: string[] = [];
    for (const entry of page.issueChangeLogs) {
      const parsed = parseHistories(entry.changeHistories);
      const list = out.histories.get(entry.issueId) ?? [];
      list.push(...parsed.histories);
      out.histories.set(entry.issueId, list);
      noteMalformed(out, entry.issueId, parsed);
      entry.changeHistories.forEach((h, i) => seen.push(`${entry.issueId}/${historyIdentity(h, i)}`));
    }
    nextPageToken = page.nextPageToken ?? undefined;
    if (nextPageToken) guard.advance(nextPageToken, seen);
  } while (nextPageToken);
}

async function pagedChangelog(client: Client, issueId: string, out: FetchedChangelogs, sourceName: string): Promise<void> {
  const guard = createCursorGuard(sourceName, `changelog of ${issueId}`);
  const histories: JiraHistory[] = [];
  out.histories.set(issueId, histories);
  for (let startAt = 0; ; ) {
    const page = changelogPageSchema.parse(await getChangeLogs(client, { issueIdOrKey: issueId, startAt, maxResults: PAGE_SIZE }));
    const parsed = parseHistories(page.values);
    histories.push(...parsed.histories);
    noteMalformed(out, issueId, parsed);
    startAt += page.values.length;
    const done = page.isLast ?? (page.total === undefined || startAt >= page.total);
    if (done) return;
    // "Not the last page" with nothing on it: asking again at the same offset cannot go further.
    if (page.values.length === 0) {
      out.truncated.add(issueId);
      return;
    }
    guard.advance(String(startAt), page.values.map(historyIdentity));
    if (startAt > MAX_CHANGELOG_ENTRIES) throw new PagingStalledError(sourceName, `changelog of ${issueId}`, `more than ${MAX_CHANGELOG_ENTRIES} entries`);
  }
}

/** Far beyond any real issue's history: past it, the server is paging forever with fresh entries. */
const MAX_CHANGELOG_ENTRIES = 100_000;

function historyIdentity(history: unknown, index: number): string {
  if (typeof history === 'object' && history !== null) {
    const id = (history as Record<string, unknown>).id;
    if (typeof id === 'string' || typeof id === 'number') return String(id);
  }
  return `#${index}:${JSON.stringify(history)}`;
}

/** Combines histories from two sources, dropping duplicates by id (or by time+content). */
export function mergeHistories(a: readonly JiraHistory[], b: readonly JiraHistory[]): JiraHistory[] {
  const seen = new Set<string>();
  const out: JiraHistory[] = [];
  for (const h of [...a, ...b]) {
    const id = h.id ?? `${h.created.getTime()}:${JSON.stringify(h.items)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(h);
  }
  return out.sort((x, y) => x.created.getTime() - y.created.getTime());
}

/** Status changes in time order, each with the category of the status moved to. */
export function statusTransitions(
  item: ItemRef,
  histories: readonly JiraHistory[],
  categoryOf: (status: { id: string | null; name: string }) => StatusCategory,
): NormalizedTransition[] {
  const out: NormalizedTransition[] = [];
  for (const history of histories) {
    for (const change of history.items) {
      const isStatus = change.fieldId === 'status' || (change.fieldId == null && change.field?.toLowerCase() === 'status');
      if (!isStatus || !change.toString) continue;
      out.push({
        item,
        fromStatus: change.fromString ?? null,
        toStatus: change.toString,
        toCategory: categoryOf({ id: change.to ?? null, name: change.toString }),
        at: history.created,
      });
    }
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Whether a remote link was added or removed at or after `since` (any time when null). */
export function remoteLinkChangedSince(histories: readonly JiraHistory[], since: Date | null): boolean {
  return histories.some(
    (h) =>
      (since === null || h.created.getTime() >= since.getTime()) &&
      h.items.some((i) => (i.field ?? i.fieldId ?? '').replace(/\s+/g, '').toLowerCase() === REMOTE_LINK_FIELD),
  );
}

/**
 * A change that moves an item's scope, size or links, kept (in `raw.fieldHistory`) so a backtest
 * can rebuild what a version held and how big its items were at any past date. Values are
 * version names, story points, and the other issue's key for links.
 */
export interface TrackedFieldChange {
  readonly at: string;
  readonly field: 'fixVersion' | 'estimate' | 'link';
  readonly from: string | null;
  readonly to: string | null;
}

const STORY_POINTS_NAME = /^story points?( estimate)?$/i;

export function trackedFieldChanges(histories: readonly JiraHistory[], storyPointsFieldIds: readonly string[]): TrackedFieldChange[] {
  const out: TrackedFieldChange[] = [];
  for (const history of histories) {
    const at = history.created.toISOString();
    for (const change of history.items) {
      const name = change.field ?? '';
      const field: TrackedFieldChange['field'] | null =
        change.fieldId === 'fixVersions' || name === 'Fix Version'
          ? 'fixVersion'
          : (change.fieldId !== undefined && change.fieldId !== null && storyPointsFieldIds.includes(change.fieldId)) || STORY_POINTS_NAME.test(name)
            ? 'estimate'
            : change.fieldId === 'issuelinks' || name === 'Link'
              ? 'link'
              : null;
      if (field === null) continue;
      // Versions and points are read by name/value; a link by the other issue's key.
      const from = field === 'link' ? change.from ?? null : change.fromString ?? null;
      const to = field === 'link' ? change.to ?? null : change.toString ?? null;
      out.push({ at, field, from: from === '' ? null : from, to: to === '' ? null : to });
    }
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
