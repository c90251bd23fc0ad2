/**
 * GraphQL documents of Linear write-back. Each is validated against Linear's published schema
 * (../shared/specs/linear-schema.graphql) in test/unit/connectors/linear/linear-comments.test.ts.
 */

export const COMMENT_CREATE_MUTATION = /* GraphQL */ `
  mutation SeamsCommentCreate($input: CommentCreateInput!) {
    commentCreate(input: $input) { success comment { id } }
  }
`;

export const COMMENT_UPDATE_MUTATION = /* GraphQL */ `
  mutation SeamsCommentUpdate($id: String!, $input: CommentUpdateInput!) {
    commentUpdate(id: $id, input: $input) { success comment { id } }
  }
`;

export const ISSUE_ASSIGNEE_QUERY = /* GraphQL */ `
  query SeamsIssueAssignee($id: String!) {
    issue(id: $id) { id team { id } assignee { id name displayName url } }
  }
`;

export const LABELS_BY_NAME_QUERY = /* GraphQL */ `
  query SeamsLabelsByName($name: String!) {
    issueLabels(first: 50, filter: { name: { eqIgnoreCase: $name } }) { nodes { id name team { id } } }
  }
`;

export const LABEL_CREATE_MUTATION = /* GraphQL */ `
  mutation SeamsLabelCreate($input: IssueLabelCreateInput!) {
    issueLabelCreate(input: $input) { success issueLabel { id name } }
  }
`;

export const ISSUE_ADD_LABEL_MUTATION = /* GraphQL */ `
  mutation SeamsIssueAddLabel($id: String!, $labelId: String!) {
    issueAddLabel(id: $id, labelId: $labelId) { success }
  }
`;

export const ISSUE_REMOVE_LABEL_MUTATION = /* GraphQL */ `
  mutation SeamsIssueRemoveLabel($id: String!, $labelId: String!) {
    issueRemoveLabel(id: $id, labelId: $labelId) { success }
  }
`;

export const WRITE_DOCUMENTS = {
  COMMENT_CREATE_MUTATION,
  COMMENT_UPDATE_MUTATION,
  ISSUE_ASSIGNEE_QUERY,
  LABELS_BY_NAME_QUERY,
  LABEL_CREATE_MUTATION,
  ISSUE_ADD_LABEL_MUTATION,
  ISSUE_REMOVE_LABEL_MUTATION,
} as const;
