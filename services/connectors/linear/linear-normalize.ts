/**
 * Linear issue → normalized records. Pure: no client, no store.
 *
 * Links follow the contract's direction (`from` blocks `to`, parent → child). A relation is seen
 * from both ends (X.relations and Y.inverseRelations hold the same record), so the page builder
 * dedupes by relation id and by normalized triple.
 */
import type {
  ItemRef,
  LinkKind,
  NormalizedItem,
  NormalizedLink,
  NormalizedTeam,
  NormalizedTransition,
  StatusCategory,
  SyncPage,
} from '../connector-types.js';
import { resolveCrossLink, type CrossLinkTargets } from '../cross-links.js';
import type { LinearIssue } from './linear-payload.js';

export const LINEAR_RELATION_ORIGIN = 'linear:relation';
export const LINEAR_ATTACHMENT_ORIGIN = 'linear:attachment';
export const PARENT_ORIGIN = 'parent';

/**
 * Linear's fixed workflow state types. `canceled` counts as done (the work will not happen, so
 * nothing waits on it); the item's `raw.canceled` keeps the distinction for reports.
 */
export function categoryOfStateType(type: string | null | undefined): StatusCategory {
  switch (type) {
    case 'backlog':
    case 'unstarted':
    case 'triage':
      return 'todo';
    case 'started':
      return 'in_progress';
    case 'completed':
    case 'canceled':
      return 'done';
    default:
      return 'unknown';
  }
}

/** `blocks` / `duplicate` / `related` → our link kinds; other types (e.g. `similar`) are not dependencies. */
export function linkKindOfRelation(type: string): Exclude<LinkKind, 'parent'> | null {
  if (type === 'blocks') return 'blocks';
  if (type === 'duplicate') return 'duplicates';
  if (type === 'related') return 'relates';
  return null;
}

export function issueRef(sourceName: string, issue: { readonly id: string; readonly identifier: string }): ItemRef {
  return { sourceName, externalId: issue.id, key: issue.identifier };
}

/** What we keep of the raw payload: small on purpose, 50,000 raw issues would dominate memory. */
export interface LinearRawSummary {
  readonly stateType: string | null;
  readonly canceled: boolean;
  readonly archived: boolean;
  readonly trashed: boolean;
  readonly teamId: string;
  readonly projectId: string | null;
}

export function normalizeIssue(issue: LinearIssue): NormalizedItem {
  const canceled = issue.state?.type === 'canceled';
  const raw: LinearRawSummary = {
    stateType: issue.state?.type ?? null,
    canceled,
    archived: issue.archivedAt !== null,
    trashed: issue.trashed,
    teamId: issue.team.id,
    projectId: issue.project?.id ?? null,
  };
  return {
    externalId: issue.id,
    key: issue.identifier,
    url: issue.url,
    title: issue.title,
    type: null,
    status: issue.state?.name ?? null,
    statusCategory: categoryOfStateType(issue.state?.type),
    teamExternalId: issue.team.key,
    assignee: issue.assignee?.name ?? null,
    estimate: issue.estimate,
    dueDate: issue.dueDate,
    labels: issue.labels.nodes.map((l) => l.name),
    epic: issue.parent?.identifier ?? null,
    project: issue.project?.name ?? null,
    createdAt: issue.createdAt,
    startedAt: issue.startedAt,
    // A canceled issue is finished for scheduling purposes; its cancel time is when it stopped.
    completedAt: issue.completedAt ?? (canceled ? issue.canceledAt : null),
    sourceUpdatedAt: issue.updatedAt,
    deleted: issue.archivedAt !== null || issue.trashed,
    raw,
  };
}

export function normalizeTeam(issue: LinearIssue): NormalizedTeam {
  return { externalId: issue.team.key, key: issue.team.key, name: issue.team.name };
}

/** A link plus the relation id it came from (when it came from one), for deduplication. */
export interface KeyedLink {
  readonly link: NormalizedLink;
  readonly relationId: string | null;
}

/**
 * Every link the issue takes part in: its relations in both directions, its parent and children,
 * and attachments that point at a configured Jira site.
 */
export function issueLinks(sourceName: string, issue: LinearIssue, targets: CrossLinkTargets): KeyedLink[] {
  const self = issueRef(sourceName, issue);
  const out: KeyedLink[] = [];
  for (const relation of issue.relations.nodes) {
    const kind = linkKindOfRelation(relation.type);
    if (!kind) continue;
    // A relation on X with relatedIssue Y reads "X <type> Y": X blocks Y, X duplicates Y.
    out.push({ relationId: relation.id, link: { from: self, to: issueRef(sourceName, relation.relatedIssue), kind, origin: LINEAR_RELATION_ORIGIN } });
  }
  for (const relation of issue.inverseRelations.nodes) {
    const kind = linkKindOfRelation(relation.type);
    if (!kind) continue;
    // The same record seen from Y: its `issue` is the subject, so it blocks (duplicates) this one.
    out.push({ relationId: relation.id, link: { from: issueRef(sourceName, relation.issue), to: self, kind, origin: LINEAR_RELATION_ORIGIN } });
  }
  if (issue.parent) {
    out.push({ relationId: null, link: { from: issueRef(sourceName, issue.parent), to: self, kind: 'parent', origin: PARENT_ORIGIN } });
  }
  for (const child of issue.children.nodes) {
    out.push({ relationId: null, link: { from: self, to: issueRef(sourceName, child), kind: 'parent', origin: PARENT_ORIGIN } });
  }
  for (const attachment of issue.attachments.nodes) {
    const link = resolveCrossLink({ from: self, url: attachment.url, title: attachment.title ?? null, targets, origin: LINEAR_ATTACHMENT_ORIGIN });
    if (link) out.push({ relationId: null, link });
  }
  return out;
}

/**
 * Status changes from the issue's state spans: entering each span is a transition from the
 * state before it (none for the first, the state the issue was created in). A span whose
 * workflow state was deleted since is skipped; the next one then counts from the last known.
 */
export function issueTransitions(sourceName: string, issue: LinearIssue): NormalizedTransition[] {
  const item = issueRef(sourceName, issue);
  const out: NormalizedTransition[] = [];
  // Spans may arrive in any order; transitions are read in time order.
  const spans = [...issue.stateHistory.nodes].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  let previous: string | null = null;
  for (const span of spans) {
    if (!span.state) continue;
    out.push({ item, fromStatus: previous, toStatus: span.state.name, toCategory: categoryOfStateType(span.state.type), at: span.startedAt });
    previous = span.state.name;
  }
  return out;
}

function refKey(ref: ItemRef): string {
  return 'externalId' in ref ? `${ref.sourceName}:${ref.externalId}` : `${ref.sourceName}:key:${ref.key}`;
}

/** Drops the second sighting of a relation (same id) and exact duplicates of a normalized triple. */
export function dedupeLinks(links: readonly KeyedLink[]): NormalizedLink[] {
  const relationIds = new Set<string>();
  const triples = new Set<string>();
  const out: NormalizedLink[] = [];
  for (const { link, relationId } of links) {
    if (relationId !== null) {
      if (relationIds.has(relationId)) continue;
      relationIds.add(relationId);
    }
    const triple = `${refKey(link.from)}>${refKey(link.to)}:${link.kind}`;
    if (triples.has(triple)) continue;
    triples.add(triple);
    out.push(link);
  }
  return out;
}

/**
 * One stored page. Each issue's outgoing links are fully described (relations, children,
 * attachments), so the issues are listed in `replaceLinksFor`; links into an issue (its parent,
 * inverse relations) ride along so that ends outside the synced scope still get placeholders.
 */
export function buildSyncPage(sourceName: string, issues: readonly LinearIssue[], targets: CrossLinkTargets): SyncPage {
  const teams = new Map<string, NormalizedTeam>();
  const links: KeyedLink[] = [];
  const transitions: NormalizedTransition[] = [];
  for (const issue of issues) {
    if (!teams.has(issue.team.key)) teams.set(issue.team.key, normalizeTeam(issue));
    links.push(...issueLinks(sourceName, issue, targets));
    transitions.push(...issueTransitions(sourceName, issue));
  }
  return {
    items: issues.map((issue) => normalizeIssue(issue)),
    links: dedupeLinks(links),
    transitions,
    teams: [...teams.values()],
    replaceLinksFor: issues.map((issue) => ({ sourceName, externalId: issue.id })),
  };
}
