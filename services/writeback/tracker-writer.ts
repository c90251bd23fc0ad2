/**
 * What write-back needs from a tracker, implemented per tracker beside its connector
 * (connectors/jira/jira-comments.ts, connectors/linear/linear-comments.ts).
 */
import type { WritebackTarget } from '../../db/writeback.js';
import type { CommentDoc, MentionTarget } from './comment-doc.js';

export interface TrackerWriter {
  /** The body exactly as sent (ADF JSON / markdown): its hash decides whether a comment changed. */
  render(doc: CommentDoc): string;
  /** Creates a comment; returns the tracker's comment id. */
  createComment(target: WritebackTarget, doc: CommentDoc): Promise<string>;
  /** Rewrites a comment in place; throws CommentGoneError when it no longer exists. */
  updateComment(target: WritebackTarget, commentId: string, doc: CommentDoc): Promise<void>;
  addLabel(target: WritebackTarget, label: string): Promise<void>;
  removeLabel(target: WritebackTarget, label: string): Promise<void>;
  /** The item's assignee as this tracker mentions people, or null when unassigned. */
  assigneeMention(target: WritebackTarget): Promise<MentionTarget | null>;
  /** HTTP requests sent so far (retries included). */
  requests(): number;
}

/** The comment Seams wrote was deleted by someone: write a new one instead of failing forever. */
export class CommentGoneError extends Error {
  override readonly name = 'CommentGoneError';
  constructor(
    readonly sourceName: string,
    readonly commentId: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`Tracker source "${sourceName}": comment ${commentId} no longer exists`, options);
  }
}
