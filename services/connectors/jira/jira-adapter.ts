/**
 * Jira Cloud as a `TrackerAdapter`: pages of the enhanced JQL search (with changelogs, remote
 * links), the scope's ids for reconciliation, and what became of a missing issue. All tracker I/O
 * goes through jira.js endpoint functions over our retrying transport.
 */
import type { Client } from 'jira.js/core';
import { z } from 'zod';
import { getIssue, searchAndReconsileIssuesUsingJqlPost } from './jira-cloud-api.js';
import { TrackerRequestError } from '../connector-errors.js';
import { createCursorGuard } from '../cursor-guard.js';
import type { CrossLinkTargets } from '../cross-links.js';
import type { HttpStats } from '../retry-policy.js';
import { mapWithConcurrency } from '../rate-limit.js';
import type { ConnectorLogger } from '../sync-types.js';
import type { Fate, FetchedPage, PassQuery, TrackerAdapter } from '../tracker-adapter.js';
import type { JiraSourceOptions } from './jira-options.js';
import { loadJiraMetadata } from './jira-metadata.js';
import type { LinkTypeResolver } from './jira-link-types.js';
import { passJql, scopeClause } from './jira-jql.js';
import { buildPage } from './jira-page.js';
import type { Problem } from './jira-issue-normalize.js';
import { searchPageSchema } from './jira-payload-schemas.js';

/** Fields the normalizer reads; asking for fewer keeps pages small. */
export const BASE_FIELDS = [
  'summary', 'issuetype', 'status', 'assignee', 'project', 'components', 'labels', 'parent', 'issuelinks',
  'duedate', 'created', 'updated', 'resolutiondate', 'timeoriginalestimate', 'description', 'fixVersions',
] as const;

/** Ids only: Jira answers up to 5000 per page when no fields are asked for. */
const RECONCILE_PAGE = 5000;

export interface UnknownLinkType {
  readonly name: string;
  /** Link ends skipped (a link between two synced issues is seen from both). */
  readonly links: number;
}

export interface JiraSummaryExtras {
  /** Issue link types this sync met and did not understand (see `linkTypes`); their links were skipped. */
  readonly unknownLinkTypes: readonly UnknownLinkType[];
}

export interface JiraAdapterDeps {
  readonly sourceName: string;
  readonly baseUrl: string;
  readonly scope: string;
  readonly options: JiraSourceOptions;
  readonly client: Client;
  readonly stats: HttpStats;
  readonly crossLinkTargets: CrossLinkTargets;
  readonly resolveLinkType: LinkTypeResolver;
  readonly log: ConnectorLogger;
}

export function createJiraAdapter(deps: JiraAdapterDeps): TrackerAdapter<Problem, JiraSummaryExtras> {
  const { client, options, sourceName, log } = deps;
  const ctx = { source: sourceName, scope: deps.scope };
  const since = (before: Pick<HttpStats, 'requests' | 'rateLimitWaits'>) => () => ({
    requests: deps.stats.requests - before.requests,
    rateLimitWaits: deps.stats.rateLimitWaits - before.rateLimitWaits,
  });

  /**
   * The keys that still exist, under their current key (a moved issue answers under its old key
   * with its new one). Deleted ones are left to the reconciliation pass, which knows their ids.
   */
  async function existingKeys(keys: readonly string[]): Promise<string[]> {
    const found = await mapWithConcurrency([...new Set(keys)], options.concurrency, async (key) => {
      try {
        const issue = keyOnly.safeParse(await getIssue(client, { issueIdOrKey: key, fields: ['project'] }));
        return issue.success ? issue.data.key : key;
      } catch (error) {
        if (isStatus(error, 404)) {
          log.info({ ...ctx, key }, 'webhook key no longer exists; reconciliation will mark it');
          return null;
        }
        throw error;
      }
    });
    return [...new Set(found.filter((k): k is string => k !== null))];
  }

  async function listLiveIds(): Promise<Set<string>> {
    const ids = new Set<string>();
    const guard = createCursorGuard(sourceName, 'issue ids for reconciliation');
    let token: string | undefined;
    do {
      const page = searchPageSchema.parse(
        await searchAndReconsileIssuesUsingJqlPost(client, {
          jql: `${scopeClause(options.projects)} ORDER BY id ASC`,
          fields: ['id'],
          maxResults: RECONCILE_PAGE,
          ...(token ? { nextPageToken: token } : {}),
        }),
      );
      const pageIds: string[] = [];
      for (const issue of page.issues) {
        const id = idOnly.safeParse(issue);
        if (id.success) pageIds.push(id.data.id);
      }
      for (const id of pageIds) ids.add(id);
      token = page.isLast === true ? undefined : page.nextPageToken ?? undefined;
      if (token) guard.advance(token, pageIds);
      // A truncated id list would make every issue after it look deleted.
      else if (page.isLast === false) throw new Error(`Jira source "${sourceName}": the scope search said more ids follow but gave no nextPageToken; reconciliation stopped`);
    } while (token);
    return ids;
  }

  /** A stored issue missing from the scope search: gone (404), moved out of scope, or just not indexed yet. */
  async function fateOf(id: string): Promise<Fate> {
    try {
      const issue = projectOnly.safeParse(await getIssue(client, { issueIdOrKey: id, fields: ['project'] }));
      const projectKey = issue.success ? issue.data.fields.project?.key : undefined;
      return projectKey && options.projects.includes(projectKey) ? 'live' : 'out_of_scope';
    } catch (error) {
      if (isStatus(error, 404)) return 'deleted';
      throw error;
    }
  }

  return {
    kind: 'jira',
    label: 'jira',
    sourceName,
    scope: deps.scope,
    completedCursor: 'newest-update',
    async beginSync() {
      const http = since({ ...deps.stats });
      const metadata = await loadJiraMetadata(client, options, { warn: (m) => log.warn(ctx, m) });
      const fields = [
        ...BASE_FIELDS,
        ...new Set([...metadata.storyPointsFieldIds, ...Object.values(options.storyPointsFieldByProject), ...(metadata.teamFieldId ? [metadata.teamFieldId] : [])]),
      ];
      const pageDeps = {
        client,
        normalize: { sourceName, baseUrl: deps.baseUrl, options, metadata, resolveLinkType: deps.resolveLinkType },
        options,
        crossLinkTargets: deps.crossLinkTargets,
      };
      /** Link type name → links skipped because the type is not understood, over the whole sync. */
      const unknownLinkTypes = new Map<string, number>();
      const warnedLinkTypes = new Set<string>();

      return {
        http,
        pages(query: PassQuery) {
          const jql = passJql({
            projects: options.projects,
            updatedSince: query.basis,
            overlapMinutes: options.overlapMinutes,
            timeZone: metadata.timeZone,
            keys: query.itemKeys ?? undefined,
          });
          return async (pageToken): Promise<FetchedPage<Problem>> => {
            const page = searchPageSchema.parse(
              await searchAndReconsileIssuesUsingJqlPost(client, {
                jql,
                fields,
                expand: 'changelog',
                maxResults: options.pageSize,
                ...(pageToken ? { nextPageToken: pageToken } : {}),
              }),
            );
            const built = await buildPage(page.issues, pageDeps);
            const nextToken = page.isLast === true ? null : page.nextPageToken || null;
            return {
              page: built.page,
              problems: built.problems,
              nextToken,
              truncated: nextToken === null && page.isLast === false,
              ids: page.issues.map(issueIdentity),
              onStored: () => {
                for (const skipped of built.skippedLinks) {
                  const fields = { source: sourceName, issue: skipped.key, linkType: skipped.typeName };
                  // Once per type and sync at warn level (a site may have thousands of links of one type), the rest at debug.
                  const seen = skipped.unknownType ? unknownLinkTypes.has(skipped.typeName) : warnedLinkTypes.has(skipped.typeName);
                  if (seen) log.debug(fields, `link skipped: ${skipped.reason}`);
                  else log.warn(fields, `link skipped: ${skipped.reason} (map it under linkTypes; further ones logged at debug)`);
                  if (skipped.unknownType) unknownLinkTypes.set(skipped.typeName, (unknownLinkTypes.get(skipped.typeName) ?? 0) + 1);
                  else warnedLinkTypes.add(skipped.typeName);
                }
              },
            };
          };
        },
        // JQL rejects the whole `issuekey in (...)` query when one key no longer exists (a webhook
        // for a deleted issue): only then look the keys up one by one and retry with the live ones.
        async liveItemKeys(keys, error) {
          return isStatus(error, 400) ? existingKeys(keys) : null;
        },
        extras() {
          const found = [...unknownLinkTypes].map(([name, links]) => ({ name, links }));
          if (found.length > 0) {
            log.warn({ ...ctx, unknownLinkTypes: found }, `links of unknown types skipped: ${found.map((t) => `"${t.name}" (${t.links})`).join(', ')}; map them under linkTypes`);
          }
          return { unknownLinkTypes: found };
        },
      };
    },
    async beginReconcile() {
      const http = since({ ...deps.stats });
      return {
        http,
        listLiveIds,
        fatesOf: (ids) => mapWithConcurrency(ids, options.concurrency, fateOf),
      };
    },
    isRejectedPageToken: (error) => isStatus(error, 400),
    problem: (subject, reason, kind) => ({ key: subject ?? '(search)', reason, kind }),
    truncationProblem: () => ({
      key: '(search)',
      reason: 'issue search truncated: Jira said this was not the last page but gave no nextPageToken; the pass ends here',
      kind: 'truncated',
    }),
    describeProblem: (problem) => ({ fields: { issue: problem.key, kind: problem.kind }, msg: problem.reason }),
  };
}

function isStatus(error: unknown, status: number): boolean {
  return error instanceof TrackerRequestError && error.status === status;
}

function issueIdentity(issue: unknown, index: number): string {
  if (typeof issue === 'object' && issue !== null) {
    const id = (issue as Record<string, unknown>).id;
    if (typeof id === 'string' || typeof id === 'number') return String(id);
  }
  return `#${index}:${JSON.stringify(issue)}`;
}

const idOnly = z.object({ id: z.union([z.string(), z.number()]).transform(String) }).loose();
const projectOnly = z.object({ fields: z.object({ project: z.object({ key: z.string() }).loose().nullish() }).loose() }).loose();
const keyOnly = z.object({ key: z.string() }).loose();
