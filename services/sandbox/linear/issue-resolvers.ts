import type { SandboxIssue } from '../program-model.js';
import { paginateList, type PageArgs, type SortKey } from './connection.js';
import { stableUuid, stateColor, stateTypeFor, issueUrl, titleSlug } from './linear-naming.js';
import type { AttachmentView, HistoryView, LabelView, LinearStore, RelationView, StateSpanView, StateView } from './linear-store.js';
import type { Args, LinearContext, ResolverMap } from './resolver-types.js';

const createdAtKey = (item: { readonly id: string; readonly createdAt: Date }): SortKey => ({ ms: item.createdAt.getTime(), id: item.id });

function stateOrPlaceholder(store: LinearStore, teamKey: string, name: string): StateView {
  const known = store.stateNamed(teamKey, name);
  if (known) return known;
  const type = stateTypeFor(name, null);
  return { id: stableUuid('state', teamKey, name), name, type, color: stateColor(type), position: 0, teamKey };
}

function teamOf(store: LinearStore, issue: SandboxIssue): { readonly id: string; readonly key: string; readonly name: string } {
  return store.teamByKey.get(issue.teamKey) ?? { id: stableUuid('team', issue.teamKey), key: issue.teamKey, name: issue.teamKey };
}

/** Linear has no concept of our Jira-style epic for Linear issues: parentId may name a project. */
function projectOf(store: LinearStore, issue: SandboxIssue): unknown {
  const id = issue.projectId ?? issue.parentId;
  return id === null ? null : (store.projectById.get(id) ?? null);
}

function isCompleted(store: LinearStore, issue: SandboxIssue): boolean {
  return store.stateOf(issue).type === 'completed';
}

function isCanceled(store: LinearStore, issue: SandboxIssue): boolean {
  return store.stateOf(issue).type === 'canceled';
}

function labelsOf(store: LinearStore, issue: SandboxIssue): LabelView[] {
  return issue.labels.flatMap((name) => {
    const label = store.labelByName.get(name);
    return label ? [label] : [{ id: stableUuid('label', name), name, createdAt: issue.createdAt }];
  });
}

export const issueResolvers: ResolverMap = {
  Issue: {
    identifier: (issue: SandboxIssue) => issue.key,
    number: (issue: SandboxIssue) => Number(issue.key.slice(issue.key.lastIndexOf('-') + 1)) || 0,
    url: (issue: SandboxIssue, _args: Args, { workspaceUrl }: LinearContext) => issueUrl(workspaceUrl, issue.key, issue.title),
    branchName: (issue: SandboxIssue) => `${issue.key.toLowerCase()}-${titleSlug(issue.title)}`,
    previousIdentifiers: (issue: SandboxIssue) => issue.previousKeys,
    priority: () => 0,
    priorityLabel: () => 'No priority',
    completedAt: (issue: SandboxIssue, _args: Args, { store }: LinearContext) => (isCompleted(store, issue) ? issue.completedAt : null),
    canceledAt: (issue: SandboxIssue, _args: Args, { store }: LinearContext) => (isCanceled(store, issue) ? issue.completedAt : null),
    // The program records only that an issue is archived; archiving is its last update.
    archivedAt: (issue: SandboxIssue) => (issue.archived ? issue.updatedAt : null),
    trashed: () => false,
    state: (issue: SandboxIssue, _args: Args, { store }: LinearContext) => store.stateOf(issue),
    team: (issue: SandboxIssue, _args: Args, { store }: LinearContext) => teamOf(store, issue),
    assignee: (issue: SandboxIssue, _args: Args, { store }: LinearContext) =>
      issue.assignee ? (store.users.find((user) => user.id === issue.assignee?.id) ?? { ...issue.assignee, createdAt: issue.createdAt }) : null,
    project: (issue: SandboxIssue, _args: Args, { store }: LinearContext) => projectOf(store, issue),
    parent: (issue: SandboxIssue, _args: Args, { store }: LinearContext) => (issue.parentId === null ? null : (store.issueById.get(issue.parentId) ?? null)),
    children: (issue: SandboxIssue, args: Args, { store }: LinearContext) =>
      paginateList((store.children.get(issue.id) ?? []).filter((child) => args.includeArchived === true || !child.archived), createdAtKey, args as PageArgs),
    labelIds: (issue: SandboxIssue, _args: Args, { store }: LinearContext) => labelsOf(store, issue).map((label) => label.id),
    labels: (issue: SandboxIssue, args: Args, { store }: LinearContext) => paginateList(labelsOf(store, issue), createdAtKey, args as PageArgs),
    relations: (issue: SandboxIssue, args: Args, { store }: LinearContext) => paginateList(store.relationsFrom.get(issue.id) ?? [], createdAtKey, args as PageArgs),
    inverseRelations: (issue: SandboxIssue, args: Args, { store }: LinearContext) =>
      paginateList(store.relationsTo.get(issue.id) ?? [], createdAtKey, args as PageArgs),
    attachments: (issue: SandboxIssue, args: Args, { store }: LinearContext) => paginateList(store.attachments.get(issue.id) ?? [], createdAtKey, args as PageArgs),
    history: (issue: SandboxIssue, args: Args, { store }: LinearContext) => paginateList(store.historyOf(issue), createdAtKey, args as PageArgs),
    stateHistory: (issue: SandboxIssue, args: Args, { store }: LinearContext) =>
      paginateList(store.stateSpansOf(issue), (span: StateSpanView): SortKey => ({ ms: span.startedAt.getTime(), id: span.id }), args as PageArgs),
  },
  IssueStateSpan: {
    state: (span: StateSpanView, _args: Args, { store }: LinearContext) => {
      const issue = store.issueById.get(span.issueId);
      return issue ? stateOrPlaceholder(store, issue.teamKey, span.stateName) : null;
    },
    stateId: (span: StateSpanView, _args: Args, { store }: LinearContext) => {
      const issue = store.issueById.get(span.issueId);
      return issue ? stateOrPlaceholder(store, issue.teamKey, span.stateName).id : stableUuid('state', span.stateName);
    },
  },
  IssueRelation: {
    updatedAt: (relation: RelationView) => relation.createdAt,
    issue: (relation: RelationView, _args: Args, { store }: LinearContext) => store.issueById.get(relation.issueId),
    relatedIssue: (relation: RelationView, _args: Args, { store }: LinearContext) => store.issueById.get(relation.relatedIssueId),
    archivedAt: () => null,
  },
  Attachment: {
    updatedAt: (attachment: AttachmentView) => attachment.createdAt,
    issue: (attachment: AttachmentView, _args: Args, { store }: LinearContext) => store.issueById.get(attachment.issueId),
    source: (attachment: AttachmentView) => ({ type: attachment.sourceType }),
    metadata: () => ({}),
  },
  IssueHistory: {
    updatedAt: (entry: HistoryView) => entry.createdAt,
    issue: (entry: HistoryView, _args: Args, { store }: LinearContext) => store.issueById.get(entry.issueId),
    fromState: (entry: HistoryView, _args: Args, { store }: LinearContext) => {
      const issue = store.issueById.get(entry.issueId);
      return issue && entry.fromStateName !== null ? stateOrPlaceholder(store, issue.teamKey, entry.fromStateName) : null;
    },
    toState: (entry: HistoryView, _args: Args, { store }: LinearContext) => {
      const issue = store.issueById.get(entry.issueId);
      return issue && entry.toStateName !== null ? stateOrPlaceholder(store, issue.teamKey, entry.toStateName) : null;
    },
    fromStateId: (entry: HistoryView, _args: Args, { store }: LinearContext) => {
      const issue = store.issueById.get(entry.issueId);
      return issue && entry.fromStateName !== null ? stateOrPlaceholder(store, issue.teamKey, entry.fromStateName).id : null;
    },
    toStateId: (entry: HistoryView, _args: Args, { store }: LinearContext) => {
      const issue = store.issueById.get(entry.issueId);
      return issue && entry.toStateName !== null ? stateOrPlaceholder(store, issue.teamKey, entry.toStateName).id : null;
    },
  },
};
