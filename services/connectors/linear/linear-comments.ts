/**
 * Write-back to Linear: comments through `commentCreate` / `commentUpdate` with markdown bodies,
 * labels through `issueAddLabel` / `issueRemoveLabel` (one label at a time, the others kept).
 * Requests go through the connector's transport, so RATELIMITED answers, the leaky-bucket budget
 * and 5xx retries are handled exactly as for reads.
 */
import { z } from 'zod';
import type { WritebackTarget } from '../../../db/writeback.js';
import type { MentionTarget } from '../../writeback/comment-doc.js';
import { toMarkdown } from '../../writeback/markdown-render.js';
import { CommentGoneError, type TrackerWriter } from '../../writeback/tracker-writer.js';
import { TrackerRequestError } from '../connector-errors.js';
import { createHttpStats, type RetryPolicy } from '../retry-policy.js';
import type { Timing } from '../rate-limit.js';
import {
  COMMENT_CREATE_MUTATION,
  COMMENT_UPDATE_MUTATION,
  ISSUE_ADD_LABEL_MUTATION,
  ISSUE_ASSIGNEE_QUERY,
  ISSUE_REMOVE_LABEL_MUTATION,
  LABEL_CREATE_MUTATION,
  LABELS_BY_NAME_QUERY,
} from './linear-comment-documents.js';
import type { LinearSource } from './linear-options.js';
import { createLinearTransport } from './linear-transport.js';

export interface LinearCommentWriterDeps {
  readonly source: LinearSource;
  readonly policy?: Partial<RetryPolicy>;
  readonly timing?: Timing;
}

const commentPayload = (field: 'commentCreate' | 'commentUpdate') =>
  z.object({ [field]: z.object({ success: z.boolean(), comment: z.object({ id: z.string() }).nullable() }) });
const successPayload = (field: string) => z.object({ [field]: z.object({ success: z.boolean() }) });
const assigneePayload = z.object({
  issue: z.object({
    id: z.string(),
    team: z.object({ id: z.string() }),
    assignee: z.object({ id: z.string(), name: z.string(), displayName: z.string(), url: z.string() }).nullable(),
  }),
});
const labelsPayload = z.object({
  issueLabels: z.object({ nodes: z.array(z.object({ id: z.string(), name: z.string(), team: z.object({ id: z.string() }).nullable() })) }),
});
const labelCreatePayload = z.object({ issueLabelCreate: z.object({ success: z.boolean(), issueLabel: z.object({ id: z.string() }) }) });

export function createLinearCommentWriter(deps: LinearCommentWriterDeps): TrackerWriter {
  const stats = createHttpStats();
  const transport = createLinearTransport({
    sourceName: deps.source.name,
    apiKey: deps.source.apiKey,
    apiUrl: deps.source.apiUrl,
    stats,
    policy: deps.policy,
    timing: deps.timing,
  });
  const sourceName = deps.source.name;
  /** Label id lookups by lower-case name, shared by concurrent writes so a label is created once. */
  const labelIds = new Map<string, Promise<{ id: string; workspace: boolean }>>();

  const run = async <T>(document: string, variables: Record<string, unknown>, schema: z.ZodType<T>, operation: string): Promise<T> => {
    const data = await transport.request(document, variables);
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      throw new TrackerRequestError({ sourceName, status: 200, method: 'POST', path: '/graphql', transient: false, detail: `unexpected ${operation} answer` });
    }
    return parsed.data;
  };
  const unsuccessful = (operation: string): TrackerRequestError =>
    new TrackerRequestError({ sourceName, status: 200, method: 'POST', path: '/graphql', transient: false, detail: `${operation} answered success: false` });

  const issueInfo = (target: WritebackTarget) => run(ISSUE_ASSIGNEE_QUERY, { id: target.externalId }, assigneePayload, 'issue');

  /** A label the issue can carry: a workspace label, else its team's, else a new workspace label. */
  const findOrCreateLabel = async (target: WritebackTarget, name: string): Promise<{ id: string; workspace: boolean }> => {
    const { issueLabels } = await run(LABELS_BY_NAME_QUERY, { name }, labelsPayload, 'issueLabels');
    const workspace = issueLabels.nodes.find((l) => l.team === null);
    if (workspace) return { id: workspace.id, workspace: true };
    if (issueLabels.nodes.length > 0) {
      const { issue } = await issueInfo(target);
      const own = issueLabels.nodes.find((l) => l.team?.id === issue.team.id);
      if (own) return { id: own.id, workspace: false };
    }
    const created = await run(LABEL_CREATE_MUTATION, { input: { name, description: 'Added and removed by Seams write-back.' } }, labelCreatePayload, 'issueLabelCreate');
    if (!created.issueLabelCreate.success) throw unsuccessful('issueLabelCreate');
    return { id: created.issueLabelCreate.issueLabel.id, workspace: true };
  };
  const labelIdFor = async (target: WritebackTarget, name: string): Promise<string> => {
    const key = name.toLowerCase();
    let lookup = labelIds.get(key);
    if (!lookup) {
      lookup = findOrCreateLabel(target, name);
      labelIds.set(key, lookup);
      lookup.catch(() => labelIds.delete(key));
    }
    const label = await lookup;
    // A workspace label serves every issue; a team's label only its own team's issues.
    return label.workspace ? label.id : (await findOrCreateLabel(target, name)).id;
  };

  return {
    render: toMarkdown,
    async createComment(target, doc) {
      const data = await run(COMMENT_CREATE_MUTATION, { input: { issueId: target.externalId, body: toMarkdown(doc) } }, commentPayload('commentCreate'), 'commentCreate');
      const payload = data['commentCreate'] as { success: boolean; comment: { id: string } | null };
      if (!payload.success || !payload.comment) throw unsuccessful('commentCreate');
      return payload.comment.id;
    },
    async updateComment(_target, commentId, doc) {
      let data: Record<string, unknown>;
      try {
        data = await run(COMMENT_UPDATE_MUTATION, { id: commentId, input: { body: toMarkdown(doc) } }, commentPayload('commentUpdate'), 'commentUpdate');
      } catch (error) {
        if (error instanceof TrackerRequestError && /entity not found/i.test(error.message)) throw new CommentGoneError(sourceName, commentId, { cause: error });
        throw error;
      }
      const payload = data['commentUpdate'] as { success: boolean };
      if (!payload.success) throw unsuccessful('commentUpdate');
    },
    async addLabel(target, label) {
      const labelId = await labelIdFor(target, label);
      const data = await run(ISSUE_ADD_LABEL_MUTATION, { id: target.externalId, labelId }, successPayload('issueAddLabel'), 'issueAddLabel');
      if (!(data['issueAddLabel'] as { success: boolean }).success) throw unsuccessful('issueAddLabel');
    },
    async removeLabel(target, label) {
      const labelId = await labelIdFor(target, label);
      const data = await run(ISSUE_REMOVE_LABEL_MUTATION, { id: target.externalId, labelId }, successPayload('issueRemoveLabel'), 'issueRemoveLabel');
      if (!(data['issueRemoveLabel'] as { success: boolean }).success) throw unsuccessful('issueRemoveLabel');
    },
    async assigneeMention(target): Promise<MentionTarget | null> {
      const { issue } = await issueInfo(target);
      if (!issue.assignee) return null;
      return { name: issue.assignee.displayName || issue.assignee.name, jiraAccountId: null, linearProfileUrl: issue.assignee.url };
    },
    requests: () => stats.requests,
  };
}
