/**
 * Fetches one page of issues with everything embedded, then completes the nested connections
 * that did not fit (an issue with more relations or history than the page query carries) with
 * per-issue follow-up queries. Never fetches lazily per entity.
 */
import { createCursorGuard } from '../cursor-guard.js';
import type { QualityKind } from '../data-quality.js';
import { mapWithConcurrency } from '../rate-limit.js';
import { FOLLOW_UP_QUERIES, ISSUES_PAGE_QUERY, NESTED_PAGE, type NestedConnection } from './documents.js';
import {
  attachmentSchema,
  childSchema,
  followUpSchema,
  inverseRelationSchema,
  issuesPageSchema,
  labelSchema,
  parseIssue,
  relationSchema,
  stateSpanSchema,
  type LinearIssue,
} from './linear-payload.js';
import type { LinearTransport } from './linear-transport.js';
import type { z } from 'zod';

/** Nodes per follow-up request: Linear's maximum page, each node is small. */
export const FOLLOW_UP_PAGE = 250;
/** Follow-up requests in flight at once; they share the rate-limit budget with everything else. */
const FOLLOW_UP_CONCURRENCY = 4;

export interface SyncProblem {
  /** Issue identifier (`MOB-7`) or id when known. */
  readonly identifier: string | null;
  readonly message: string;
  /** Set when data was lost or changed on the way in; counted in the sync summary. */
  readonly kind?: QualityKind;
}

export interface IssuePage {
  readonly issues: readonly LinearIssue[];
  readonly problems: readonly SyncProblem[];
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
  /** Follow-up requests this page needed. */
  readonly followUps: number;
}

export interface IssuePageRequest {
  readonly filter: Readonly<Record<string, unknown>>;
  readonly first: number;
  readonly after: string | null;
  readonly includeArchived: boolean;
}

/** Variables of the page query: each nested connection asks for one node more than it keeps. */
export function pageVariables(request: IssuePageRequest): Record<string, unknown> {
  return {
    filter: request.filter,
    first: request.first,
    after: request.after,
    includeArchived: request.includeArchived,
    labelsFirst: NESTED_PAGE.labels + 1,
    relationsFirst: NESTED_PAGE.relations + 1,
    inverseRelationsFirst: NESTED_PAGE.inverseRelations + 1,
    attachmentsFirst: NESTED_PAGE.attachments + 1,
    stateHistoryFirst: NESTED_PAGE.stateHistory + 1,
    childrenFirst: NESTED_PAGE.children + 1,
  };
}

const NODE_SCHEMAS: Readonly<Record<NestedConnection, z.ZodType>> = {
  labels: labelSchema,
  relations: relationSchema,
  inverseRelations: inverseRelationSchema,
  attachments: attachmentSchema,
  stateHistory: stateSpanSchema,
  children: childSchema,
};

const CONNECTIONS = Object.keys(NESTED_PAGE) as NestedConnection[];

export async function fetchIssuePage(transport: LinearTransport, request: IssuePageRequest, sourceName: string): Promise<IssuePage> {
  const data = issuesPageSchema.parse(await transport.request(ISSUES_PAGE_QUERY, pageVariables(request)));
  const problems: SyncProblem[] = [];
  const issues: LinearIssue[] = [];
  const truncated: Array<{ readonly index: number; readonly connection: NestedConnection }> = [];
  for (const node of data.issues.nodes) {
    const parsed = parseIssue(node);
    if (!parsed.ok) {
      problems.push({ identifier: parsed.identifier, message: parsed.problem, kind: 'dropped' });
      continue;
    }
    if (parsed.problem) problems.push({ identifier: parsed.issue.identifier, message: parsed.problem, kind: 'sanitised' });
    for (const connection of CONNECTIONS) {
      if (rawCount(node, connection) > NESTED_PAGE[connection]) truncated.push({ index: issues.length, connection });
    }
    issues.push(parsed.issue);
  }

  // Results are merged only once all follow-ups are back: an issue can need several (children and
  // history, say), and each must land on the issue as the others left it.
  const results = await mapWithConcurrency(truncated, FOLLOW_UP_CONCURRENCY, ({ index, connection }) =>
    fetchWholeConnection(transport, sourceName, issues[index] as LinearIssue, connection),
  );
  let followUps = 0;
  truncated.forEach(({ index, connection }, i) => {
    const result = results[i] as FollowUpResult;
    const issue = issues[index] as LinearIssue;
    followUps += result.requests;
    for (const problem of result.problems) problems.push({ identifier: issue.identifier, ...problem });
    issues[index] = { ...issue, [connection]: { nodes: result.nodes } };
  });

  return { issues, problems, hasNextPage: data.issues.pageInfo.hasNextPage, endCursor: data.issues.pageInfo.endCursor, followUps };
}

interface FollowUpResult {
  readonly nodes: unknown[];
  readonly problems: Array<{ readonly message: string; readonly kind: QualityKind }>;
  readonly requests: number;
}

/**
 * Pages one nested connection of one issue from its start; invalid nodes are dropped with a
 * problem, and "more" without a cursor is reported as truncated.
 */
async function fetchWholeConnection(
  transport: LinearTransport,
  sourceName: string,
  issue: LinearIssue,
  connection: NestedConnection,
): Promise<FollowUpResult> {
  const envelope = followUpSchema(connection);
  const nodeSchema = NODE_SCHEMAS[connection];
  const guard = createCursorGuard(sourceName, `${connection} of ${issue.identifier}`);
  const nodes: unknown[] = [];
  const problems: FollowUpResult['problems'] = [];
  let after: string | null = null;
  let requests = 0;
  for (;;) {
    const data = envelope.parse(await transport.request(FOLLOW_UP_QUERIES[connection], { id: issue.id, first: FOLLOW_UP_PAGE, after }));
    requests++;
    const page = data.issue[connection] as { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: unknown[] };
    for (const raw of page.nodes) {
      const parsed = nodeSchema.safeParse(raw);
      if (parsed.success) nodes.push(parsed.data);
      else problems.push({ message: `invalid ${connection} entry dropped: ${parsed.error.issues[0]?.message ?? 'invalid'}`, kind: 'dropped' });
    }
    if (!page.pageInfo.hasNextPage) break;
    if (!page.pageInfo.endCursor) {
      problems.push({ message: `${connection} truncated after ${nodes.length} entries: Linear said there were more but gave no cursor`, kind: 'truncated' });
      break;
    }
    guard.advance(page.pageInfo.endCursor, page.nodes.map(nodeIdentity));
    after = page.pageInfo.endCursor;
  }
  return { nodes, problems, requests };
}

/** Identity of a nested node for progress checks: its id when it has one, else its content. */
function nodeIdentity(node: unknown): string {
  if (typeof node === 'object' && node !== null && typeof (node as Record<string, unknown>).id === 'string') return (node as { id: string }).id;
  return JSON.stringify(node);
}

function rawCount(node: unknown, connection: NestedConnection): number {
  if (typeof node !== 'object' || node === null) return 0;
  const value = (node as Record<string, unknown>)[connection];
  if (typeof value !== 'object' || value === null) return 0;
  const nodes = (value as Record<string, unknown>).nodes;
  return Array.isArray(nodes) ? nodes.length : 0;
}
