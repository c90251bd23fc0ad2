/**
 * Write-back to Jira Cloud through jira.js endpoint functions over our transport (retries,
 * 429 Retry-After, concurrency): comments with ADF bodies (REST v3 rejects plain strings) and
 * labels through the edit-issue `update` verbs, which add or remove one label without
 * replacing the others.
 */
import { addComment, editIssue, updateComment } from './jira-cloud-api.js';
import { z } from 'zod';
import type { WritebackTarget } from '../../../db/writeback.js';
import type { CommentDoc, MentionTarget } from '../../writeback/comment-doc.js';
import { toAdf } from '../../writeback/adf-render.js';
import { CommentGoneError, type TrackerWriter } from '../../writeback/tracker-writer.js';
import { TrackerRequestError } from '../connector-errors.js';
import type { FetchLike } from '../http-retry.js';
import type { RetryPolicy } from '../retry-policy.js';
import type { Timing } from '../rate-limit.js';
import type { JiraSource } from './jira-options.js';
import { createJiraTransport } from './jira-transport.js';

export interface JiraCommentWriterDeps {
  readonly source: JiraSource;
  /** Writes to one site run this many at a time (Jira also limits writes per issue). */
  readonly concurrency?: number;
  readonly fetchImpl?: FetchLike;
  readonly retryPolicy?: Partial<RetryPolicy>;
  readonly timing?: Timing;
}

const createdComment = z.object({ id: z.string().min(1) });

export function createJiraCommentWriter(deps: JiraCommentWriterDeps): TrackerWriter {
  const { client, stats } = createJiraTransport({
    source: deps.source,
    concurrency: deps.concurrency ?? 2,
    fetchImpl: deps.fetchImpl,
    retryPolicy: deps.retryPolicy,
    timing: deps.timing,
  });
  const render = (doc: CommentDoc): string => JSON.stringify(toAdf(doc));

  return {
    render,
    async createComment(target, doc) {
      const body = toAdf(doc);
      const created = await addComment(client, { issueIdOrKey: target.externalId, body: { ...body, content: [...body.content] } });
      const parsed = createdComment.safeParse(created);
      if (!parsed.success) {
        throw new TrackerRequestError({
          sourceName: deps.source.name,
          status: 201,
          method: 'POST',
          path: `/rest/api/3/issue/${target.externalId}/comment`,
          transient: false,
          detail: 'the created comment has no id',
        });
      }
      return parsed.data.id;
    },
    async updateComment(target, commentId, doc) {
      const body = toAdf(doc);
      try {
        // Seams's edits are status refreshes: no notification email for each one.
        await updateComment(client, {
          issueIdOrKey: target.externalId,
          id: commentId,
          notifyUsers: false,
          body: { body: { ...body, content: [...body.content] } },
        });
      } catch (error) {
        if (error instanceof TrackerRequestError && error.status === 404) throw new CommentGoneError(deps.source.name, commentId, { cause: error });
        throw error;
      }
    },
    async addLabel(target, label) {
      await editIssue(client, { issueIdOrKey: target.externalId, update: { labels: [{ add: label }] } });
    },
    async removeLabel(target, label) {
      await editIssue(client, { issueIdOrKey: target.externalId, update: { labels: [{ remove: label }] } });
    },
    async assigneeMention(target: WritebackTarget): Promise<MentionTarget | null> {
      if (!target.assignee && !target.jiraAccountId) return null;
      return { name: target.assignee ?? 'assignee', jiraAccountId: target.jiraAccountId, linearProfileUrl: null };
    },
    requests: () => stats.requests,
  };
}
