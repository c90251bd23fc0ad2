/**
 * One search page → one SyncPage: parse issues, complete truncated changelogs, normalize, fetch
 * the remote links that can exist, and collect problems. Everything the page needs from Jira
 * besides the search itself happens here, so the pass loop only pages and commits.
 *
 * Remote links cost one GET per issue, so they are fetched only for issues whose history shows a
 * remote link was ever added or removed (Jira records both in the changelog); an issue that never
 * had one provably has none, and its link set is still fully described. With `remoteLinks: 'all'`
 * every issue of the page is asked (exact even for links created without history, 1 call/issue).
 */
import type { Client } from 'jira.js/core';
import { getRemoteIssueLinks } from './jira-cloud-api.js';
import type { LinkedItemDetails, NormalizedLink, NormalizedTeam, SyncPage } from '../connector-types.js';
import { TrackerRequestError } from '../connector-errors.js';
import { mapWithConcurrency } from '../rate-limit.js';
import type { CrossLinkTargets } from '../cross-links.js';
import type { JiraSourceOptions } from './jira-options.js';
import { embeddedHistories, fetchFullChangelogs, mergeHistories, remoteLinkChangedSince } from './jira-changelog.js';
import { normalizeIssue, type NormalizeContext, type NormalizedIssue, type Problem } from './jira-issue-normalize.js';
import { normalizeRemoteLinks, type SkippedLink } from './jira-links.js';
import { issueEnvelopeSchema, type IssueEnvelope, type JiraHistory } from './jira-payload-schemas.js';

export interface PageDeps {
  readonly client: Client;
  readonly normalize: NormalizeContext;
  readonly options: Pick<JiraSourceOptions, 'concurrency' | 'remoteLinks'>;
  readonly crossLinkTargets: CrossLinkTargets;
}

export interface BuiltPage {
  readonly page: SyncPage;
  readonly problems: Problem[];
  readonly skippedLinks: ReadonlyArray<{ readonly key: string } & SkippedLink>;
  /** Newest `updated` among the page's issues. */
  readonly maxUpdated: Date | null;
}

export async function buildPage(rawIssues: readonly unknown[], deps: PageDeps): Promise<BuiltPage> {
  const problems: Problem[] = [];
  const issues: IssueEnvelope[] = [];
  for (const raw of rawIssues) {
    const parsed = issueEnvelopeSchema.safeParse(raw);
    if (parsed.success) issues.push(parsed.data);
    else problems.push({ key: describeUnparsable(raw), reason: 'issue without a readable id/key: skipped', kind: 'dropped' });
  }

  const histories = new Map<string, JiraHistory[]>();
  const incomplete: IssueEnvelope[] = [];
  const unreadable = (issue: IssueEnvelope, count: number, why: string) =>
    problems.push({ key: issue.key, reason: `${count} unreadable changelog entries dropped (${why}); their status changes are lost`, kind: 'dropped' });
  for (const issue of issues) {
    const embedded = embeddedHistories(issue.changelog);
    histories.set(issue.id, embedded.histories);
    // An incomplete changelog is read again in full below, and its unreadable entries counted there.
    if (!embedded.complete) incomplete.push(issue);
    else if (embedded.malformed > 0) unreadable(issue, embedded.malformed, embedded.firstError ?? 'unreadable');
  }
  const fetched = await fetchFullChangelogs(deps.client, incomplete.map((i) => i.id), deps.options.concurrency, deps.normalize.sourceName);
  for (const [id, full] of fetched.histories) histories.set(id, mergeHistories(histories.get(id) ?? [], full));
  for (const issue of incomplete) {
    const malformed = fetched.malformed.get(issue.id);
    if (malformed) unreadable(issue, malformed.count, malformed.firstError);
    if (fetched.truncated.has(issue.id)) {
      problems.push({ key: issue.key, reason: 'changelog truncated: Jira said there was more but returned an empty page', kind: 'truncated' });
    }
  }

  const normalized: NormalizedIssue[] = [];
  for (const issue of issues) {
    try {
      const result = normalizeIssue(issue, histories.get(issue.id) ?? [], deps.normalize);
      normalized.push(result);
      problems.push(...result.problems);
    } catch (error) {
      problems.push({ key: issue.key, reason: `could not normalize: ${error instanceof Error ? error.message : String(error)}`, kind: 'dropped' });
    }
  }

  const remote = await fetchRemoteLinks(normalized, histories, deps, problems);

  const teams = new Map<string, NormalizedTeam>();
  const links: NormalizedLink[] = [];
  let maxUpdated: Date | null = null;
  for (const n of normalized) {
    if (n.team) teams.set(n.team.externalId, n.team);
    links.push(...n.links);
    if (!maxUpdated || n.item.sourceUpdatedAt > maxUpdated) maxUpdated = n.item.sourceUpdatedAt;
  }
  links.push(...remote.links);
  return {
    page: {
      items: normalized.map((n) => n.item),
      links,
      transitions: normalized.flatMap((n) => n.transitions),
      teams: [...teams.values()],
      // An issue whose remote links could not be read keeps its stored links rather than losing them.
      replaceLinksFor: normalized.filter((n) => !remote.failed.has(n.item.externalId)).map((n) => n.ref),
      linkedItems: linkedItemsOutside(normalized),
    },
    problems,
    skippedLinks: normalized.flatMap((n) => n.skippedLinks.map((s) => ({ key: n.item.key, ...s }))),
    maxUpdated,
  };
}

async function fetchRemoteLinks(
  normalized: readonly NormalizedIssue[],
  histories: ReadonlyMap<string, readonly JiraHistory[]>,
  deps: PageDeps,
  problems: Problem[],
): Promise<{ links: NormalizedLink[]; failed: Set<string> }> {
  const failed = new Set<string>();
  const mode = deps.options.remoteLinks;
  if (mode === 'off') return { links: [], failed };
  const wanted = normalized.filter((n) => mode === 'all' || remoteLinkChangedSince(histories.get(n.item.externalId) ?? [], null));
  const perIssue = await mapWithConcurrency(wanted, deps.options.concurrency, async (n) => {
    try {
      return normalizeRemoteLinks(n.ref, await getRemoteIssueLinks(deps.client, { issueIdOrKey: n.item.externalId }), deps.crossLinkTargets);
    } catch (error) {
      // Deleted between search and this call: the reconciliation pass will mark it.
      if (error instanceof TrackerRequestError && error.status === 404) return [];
      if (error instanceof TrackerRequestError && !error.transient) {
        problems.push({ key: n.item.key, reason: `remote links unreadable (${error.status ?? 'network'})` });
        failed.add(n.item.externalId);
        return [];
      }
      throw error;
    }
  });
  return { links: perIssue.flat(), failed };
}

/** Linked issues not in this page, once each (the page's own issues carry their full rows). */
function linkedItemsOutside(normalized: readonly NormalizedIssue[]): LinkedItemDetails[] {
  const inPage = new Set(normalized.map((n) => n.item.externalId));
  const out = new Map<string, LinkedItemDetails>();
  for (const n of normalized) for (const other of n.linkedItems) if (!inPage.has(other.ref.externalId)) out.set(other.ref.externalId, other);
  return [...out.values()];
}

function describeUnparsable(raw: unknown): string {
  if (raw && typeof raw === 'object') {
    const r = raw as Record<string, unknown>;
    if (typeof r['key'] === 'string') return r['key'];
    if (typeof r['id'] === 'string' || typeof r['id'] === 'number') return `id:${String(r['id'])}`;
  }
  return '?';
}
