/**
 * Every GraphQL document the Linear connector sends, as plain strings for
 * `client.client.rawRequest`. A unit test validates each one against Linear's published schema.
 *
 * Complexity: Linear charges 0.1 per scalar, 1 per object, and multiplies a connection's whole
 * selection (pageInfo included) by its `first`. The nested connections in the page query
 * therefore skip `pageInfo` and ask for one node more than they keep (`NESTED_PAGE`): a full
 * nested page means "maybe more", and the connector then pages that connection for that one
 * issue with the small follow-up documents below. The nested sizes are set from what programs
 * look like (a few relations each way, a handful of state changes): an 80-issue page stays under
 * Linear's 10,000-point ceiling for a single query.
 *
 * State changes come from `stateHistory` (one span per workflow state the issue sat in), not
 * `history`: Linear's history records every edit (title, priority, estimate, description,
 * labels...), so a real issue's history outgrows any nested page and would need a follow-up query
 * for most issues. Spans grow only with state changes, and cost less than history entries (one
 * state object instead of two), which leaves room for 12 of them: an 80-issue page costs about
 * 9,550 points.
 */

/** Nodes each nested connection keeps per issue in the page query (the query asks for one more). */
export const NESTED_PAGE = {
  labels: 4,
  relations: 10,
  inverseRelations: 10,
  attachments: 2,
  stateHistory: 12,
  children: 8,
} as const;

export type NestedConnection = keyof typeof NESTED_PAGE;

const ISSUE_FIELDS = /* GraphQL */ `
fragment SeamsIssue on Issue {
  id
  identifier
  url
  title
  estimate
  dueDate
  createdAt
  updatedAt
  startedAt
  completedAt
  canceledAt
  archivedAt
  trashed
  state { name type }
  team { id key name }
  assignee { name }
  project { id name }
  parent { id identifier }
  labels(first: $labelsFirst) { nodes { name } }
  relations(first: $relationsFirst) { nodes { id type relatedIssue { id identifier } } }
  inverseRelations(first: $inverseRelationsFirst) { nodes { id type issue { id identifier } } }
  attachments(first: $attachmentsFirst) { nodes { url title } }
  stateHistory(first: $stateHistoryFirst) { nodes { id startedAt state { name type } } }
  children(first: $childrenFirst) { nodes { id identifier } }
}
`;

/**
 * One page of issues ordered by `updatedAt` with everything the graph needs embedded, so a
 * page costs one request (plus follow-ups only for issues with unusually many nested nodes).
 */
export const ISSUES_PAGE_QUERY = /* GraphQL */ `
query SeamsIssuesPage(
  $filter: IssueFilter
  $first: Int!
  $after: String
  $includeArchived: Boolean
  $labelsFirst: Int!
  $relationsFirst: Int!
  $inverseRelationsFirst: Int!
  $attachmentsFirst: Int!
  $stateHistoryFirst: Int!
  $childrenFirst: Int!
) {
  issues(filter: $filter, first: $first, after: $after, orderBy: updatedAt, includeArchived: $includeArchived) {
    pageInfo { hasNextPage endCursor }
    nodes { ...SeamsIssue }
  }
}
${ISSUE_FIELDS}`;

const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';

/** A follow-up document: one nested connection of one issue, paged with the usual cursor. */
function followUpQuery(operation: string, connection: string, nodes: string, extraArguments = ''): string {
  return `
query SeamsIssue${operation}($id: String!, $first: Int!, $after: String) {
  issue(id: $id) { ${connection}(first: $first, after: $after${extraArguments}) { nodes { ${nodes} } ${PAGE_INFO} } }
}`;
}

export const ISSUE_LABELS_QUERY = followUpQuery('Labels', 'labels', 'name');
export const ISSUE_RELATIONS_QUERY = followUpQuery('Relations', 'relations', 'id type relatedIssue { id identifier }');
export const ISSUE_INVERSE_RELATIONS_QUERY = followUpQuery('InverseRelations', 'inverseRelations', 'id type issue { id identifier }');
export const ISSUE_ATTACHMENTS_QUERY = followUpQuery('Attachments', 'attachments', 'url title');
export const ISSUE_STATE_HISTORY_QUERY = followUpQuery('StateHistory', 'stateHistory', 'id startedAt state { name type }');
export const ISSUE_CHILDREN_QUERY = followUpQuery('Children', 'children', 'id identifier', ', includeArchived: false');

export const FOLLOW_UP_QUERIES: Readonly<Record<NestedConnection, string>> = {
  labels: ISSUE_LABELS_QUERY,
  relations: ISSUE_RELATIONS_QUERY,
  inverseRelations: ISSUE_INVERSE_RELATIONS_QUERY,
  attachments: ISSUE_ATTACHMENTS_QUERY,
  stateHistory: ISSUE_STATE_HISTORY_QUERY,
  children: ISSUE_CHILDREN_QUERY,
};

/** Reconciliation: ids of the live issues in scope, in large cheap pages. */
export const ISSUE_IDS_QUERY = /* GraphQL */ `
query SeamsIssueIds($filter: IssueFilter, $first: Int!, $after: String) {
  issues(filter: $filter, first: $first, after: $after) { nodes { id } ${PAGE_INFO} }
}`;

/** Reconciliation: why stored issues are missing from scope (archived, trashed, moved team). */
export const ISSUES_FATE_QUERY = /* GraphQL */ `
query SeamsIssuesFate($filter: IssueFilter, $first: Int!) {
  issues(filter: $filter, first: $first, includeArchived: true) { nodes { id archivedAt trashed team { key } } }
}`;

/** Configured project names → ids, once per sync (names are not unique: every match counts). */
export const PROJECTS_BY_NAME_QUERY = /* GraphQL */ `
query SeamsProjectsByName($names: [String!]!, $first: Int!, $after: String) {
  projects(filter: { name: { in: $names } }, first: $first, after: $after) { nodes { id name } ${PAGE_INFO} }
}`;

/** Every document, for schema validation. */
export const ALL_DOCUMENTS: Readonly<Record<string, string>> = {
  ISSUES_PAGE_QUERY,
  PROJECTS_BY_NAME_QUERY,
  ...Object.fromEntries(Object.entries(FOLLOW_UP_QUERIES).map(([name, doc]) => [`follow-up:${name}`, doc])),
  ISSUE_IDS_QUERY,
  ISSUES_FATE_QUERY,
};
