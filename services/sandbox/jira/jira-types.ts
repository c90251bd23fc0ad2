/**
 * Response shapes of the Jira sandbox, taken from jira.js's own zod schemas so the compiler
 * holds every body to what the real client validates. `z.input` is the wire form (dates as
 * strings); the client's parsed types coerce them to Date.
 */
import type { z } from 'zod';
import type {
  BulkChangelogResponseSchema,
  ChangelogSchema,
  DashboardUserSchema,
  FieldDetailsSchema,
  IssueLinkSchema,
  IssueLinkTypeSchema,
  IssueSchema,
  IssueTypeDetailsSchema,
  LinkedIssueSchema,
  PageChangelogSchema,
  PageProjectSchema,
  PrioritySchema,
  ProjectComponentSchema,
  ProjectSchema,
  RemoteIssueLinkSchema,
  SearchAndReconcileResultsSchema,
  StatusDetailsSchema,
  UserDetailsSchema,
} from 'jira.js/cloud';

export type JiraSearchResponse = z.input<typeof SearchAndReconcileResultsSchema>;
export type JiraIssueResponse = z.input<typeof IssueSchema>;
export type JiraChangelog = z.input<typeof ChangelogSchema>;
export type JiraChangelogPage = z.input<typeof PageChangelogSchema>;
export type JiraBulkChangelogResponse = z.input<typeof BulkChangelogResponseSchema>;
export type JiraRemoteLink = z.input<typeof RemoteIssueLinkSchema>;
export type JiraField = z.input<typeof FieldDetailsSchema>;
export type JiraIssueLinkType = z.input<typeof IssueLinkTypeSchema>;
export type JiraUser = z.input<typeof DashboardUserSchema>;
export type JiraProjectPage = z.input<typeof PageProjectSchema>;
export type JiraProject = z.input<typeof ProjectSchema>;
export type JiraIssueLink = z.input<typeof IssueLinkSchema>;
export type JiraLinkedIssue = z.input<typeof LinkedIssueSchema>;

/** Atlassian Document Format, the v3 API's rich-text form (only what the sandbox emits). */
export interface AdfDocument {
  readonly type: 'doc';
  readonly version: 1;
  readonly content: readonly { readonly type: 'paragraph'; readonly content: readonly { readonly type: 'text'; readonly text: string }[] }[];
}

/**
 * `fields` of an issue as Jira Cloud sends them. jira.js types `fields` as an open record, so
 * this interface is ours, built from jira.js's element schemas.
 */
export interface JiraIssueFields {
  summary: string;
  issuetype: z.input<typeof IssueTypeDetailsSchema>;
  status: z.input<typeof StatusDetailsSchema>;
  priority: z.input<typeof PrioritySchema>;
  assignee: z.input<typeof UserDetailsSchema> | null;
  project: JiraProject;
  created: string;
  updated: string;
  resolutiondate: string | null;
  resolution: { self: string; id: string; name: string; description: string } | null;
  duedate: string | null;
  labels: string[];
  components: z.input<typeof ProjectComponentSchema>[];
  parent?: JiraLinkedIssue;
  issuelinks: JiraIssueLink[];
  timeoriginalestimate: number | null;
  description: AdfDocument | null;
  /** "Story point estimate" (team-managed projects). */
  customfield_10016: number | null;
  /** "Story Points" (company-managed projects, float custom field). */
  customfield_10026: number | null;
}
