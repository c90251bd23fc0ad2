/**
 * Write side of the Linear sandbox: `commentCreate` / `commentUpdate`, `issueLabelCreate`,
 * `issueAddLabel` / `issueRemoveLabel`, and the reads that show what was written (`comment`,
 * `Issue.comments`, `issueLabels`). Like Linear: a read-only key gets FORBIDDEN ("Invalid scope:
 * `write` required", HTTP 400), unknown issues / comments / labels are "Entity not found", a
 * comment needs a non-empty body, and mutations spend the same request and complexity budgets
 * as queries (graphql-handler.ts).
 *
 * Written comments live here, beside the program; labels go onto the program's issues (so a
 * sync sees them) without bumping `updatedAt`, as the program may run on a simulated clock.
 */
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { SandboxIssue } from '../program-model.js';
import { asInput, stringComparator } from './comparators.js';
import { paginateList, type PageArgs, type SortKey } from './connection.js';
import { entityNotFound, inputError } from './linear-errors.js';
import { stableUuid } from './linear-naming.js';
import type { LabelView, LinearStore } from './linear-store.js';
import { str, type Args, type LinearContext, type ResolverMap } from './resolver-types.js';

export interface LinearSandboxComment {
  readonly id: string;
  readonly issueId: string;
  readonly issueKey: string;
  body: string;
  readonly createdAt: Date;
  updatedAt: Date;
  editedAt: Date | null;
}

export interface LinearWriteStats {
  readonly commentsCreated: number;
  readonly commentsUpdated: number;
  readonly labelsCreated: number;
  readonly labelChanges: number;
  readonly rejected: number;
}

export interface LinearWrites {
  /** Comments of one issue (UUID or identifier), oldest first; all when omitted. */
  comments(issueIdOrIdentifier?: string): readonly LinearSandboxComment[];
  readonly stats: LinearWriteStats;
  /** true: the key is read-only, every mutation answers FORBIDDEN. */
  denyWrites(denied: boolean): void;
}

export interface LinearWriteStore extends LinearWrites {
  readonly resolvers: ResolverMap;
}

/** Linear's own cap on a comment body is not documented; this one keeps a runaway body out. */
export const MAX_COMMENT_BODY = 250_000;

function forbidden(): GraphQLError {
  return new GraphQLError('Invalid scope: `write` required', {
    extensions: { type: 'forbidden', code: 'FORBIDDEN', statusCode: 403, userError: true, userPresentableMessage: 'Invalid scope: `write` required' },
  });
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const createdKey = (c: { readonly id: string; readonly createdAt: Date }): SortKey => ({ ms: c.createdAt.getTime(), id: c.id });

export function createLinearWriteStore(): LinearWriteStore {
  const comments = new Map<string, LinearSandboxComment>();
  const createdLabels = new Map<string, LabelView>();
  const stats = { commentsCreated: 0, commentsUpdated: 0, labelsCreated: 0, labelChanges: 0, rejected: 0 };
  let denied = false;
  let lastSyncId = 1_000;

  const findIssue = (store: LinearStore, id: string): SandboxIssue => {
    const issue = store.issueById.get(id) ?? store.issueByIdentifier.get(id.toUpperCase());
    if (!issue) throw entityNotFound('Issue');
    return issue;
  };
  const allLabels = (store: LinearStore): LabelView[] => {
    const byId = new Map<string, LabelView>();
    for (const l of store.labelByName.values()) byId.set(l.id, l);
    for (const l of createdLabels.values()) byId.set(l.id, l);
    return [...byId.values()];
  };
  /** Every mutation passes here first: permission, then the change counts as a sync id. */
  const mutate = <T>(run: () => T): T => {
    try {
      if (denied) throw forbidden();
      const result = run();
      lastSyncId++;
      return result;
    } catch (error) {
      stats.rejected++;
      throw error;
    }
  };
  const labelChange = (args: Args, store: LinearStore, add: boolean) =>
    mutate(() => {
      const issue = findIssue(store, str(args.id) ?? '');
      const label = allLabels(store).find((l) => l.id === str(args.labelId));
      if (!label) throw entityNotFound('IssueLabel');
      const has = issue.labels.includes(label.name);
      if (add && !has) issue.labels.push(label.name);
      if (!add && has) issue.labels = issue.labels.filter((n) => n !== label.name);
      stats.labelChanges++;
      return { success: true, lastSyncId, issue };
    });

  const resolvers: ResolverMap = {
    Mutation: {
      commentCreate: (_root: unknown, args: Args, { store, now }: LinearContext) =>
        mutate(() => {
          const input = asInput(args.input);
          const issueId = str(input['issueId']);
          if (!issueId) throw inputError('Argument Validation Error', 'A comment needs an issue (issueId).');
          const issue = findIssue(store, issueId);
          const body = str(input['body']) ?? '';
          if (body.trim() === '') throw inputError('Argument Validation Error', 'body should not be empty');
          if (body.length > MAX_COMMENT_BODY) throw inputError('Argument Validation Error', `body must be shorter than or equal to ${MAX_COMMENT_BODY} characters`);
          const id = str(input['id']) ?? randomUUID();
          if (!UUID_V4.test(id)) throw inputError('Argument Validation Error', 'id must be a UUID v4');
          if (comments.has(id)) throw inputError('Entity already exists', 'A comment with this id already exists.');
          const comment: LinearSandboxComment = { id, issueId: issue.id, issueKey: issue.key, body, createdAt: now, updatedAt: now, editedAt: null };
          comments.set(id, comment);
          stats.commentsCreated++;
          return { success: true, lastSyncId, comment };
        }),
      commentUpdate: (_root: unknown, args: Args, { now }: LinearContext) =>
        mutate(() => {
          const comment = comments.get(str(args.id) ?? '');
          if (!comment) throw entityNotFound('Comment');
          const body = str(asInput(args.input)['body']);
          if (body !== null) {
            if (body.trim() === '') throw inputError('Argument Validation Error', 'body should not be empty');
            if (body.length > MAX_COMMENT_BODY) throw inputError('Argument Validation Error', `body must be shorter than or equal to ${MAX_COMMENT_BODY} characters`);
            comment.body = body;
            comment.editedAt = now;
          }
          comment.updatedAt = now;
          stats.commentsUpdated++;
          return { success: true, lastSyncId, comment };
        }),
      issueLabelCreate: (_root: unknown, args: Args, { store, now }: LinearContext) =>
        mutate(() => {
          const input = asInput(args.input);
          const name = (str(input['name']) ?? '').trim();
          if (name === '') throw inputError('Argument Validation Error', 'name should not be empty');
          if (input['teamId'] !== undefined && input['teamId'] !== null) {
            throw inputError('Unsupported argument: teamId', 'The Linear sandbox keeps workspace labels only.');
          }
          if (allLabels(store).some((l) => l.name.toLowerCase() === name.toLowerCase())) {
            throw inputError('Duplicate label name', `A label named "${name}" already exists in the workspace.`);
          }
          // The same id the sandbox gives a label seen on an issue, so both views agree.
          const label: LabelView = { id: stableUuid('label', name), name, createdAt: now };
          createdLabels.set(label.id, label);
          stats.labelsCreated++;
          return { success: true, lastSyncId, issueLabel: label };
        }),
      issueAddLabel: (_root: unknown, args: Args, { store }: LinearContext) => labelChange(args, store, true),
      issueRemoveLabel: (_root: unknown, args: Args, { store }: LinearContext) => labelChange(args, store, false),
    },
    Query: {
      comment: (_root: unknown, args: Args) => {
        const comment = comments.get(str(args.id) ?? '');
        if (!comment) throw entityNotFound('Comment');
        return comment;
      },
      issueLabels: (_root: unknown, args: Args, { store }: LinearContext) => {
        const filter = asInput(args.filter);
        const unsupported = Object.keys(filter).find((k) => k !== 'name');
        if (unsupported) throw inputError(`Unsupported filter: ${unsupported}`, 'The Linear sandbox filters labels by name only.');
        const test = filter['name'] ? stringComparator(asInput(filter['name']), 'name') : null;
        return paginateList(allLabels(store).filter((l) => test === null || test(l.name)), createdKey, args as PageArgs);
      },
    },
    Issue: {
      comments: (issue: SandboxIssue, args: Args) =>
        paginateList([...comments.values()].filter((c) => c.issueId === issue.id), createdKey, args as PageArgs),
    },
    Comment: {
      issue: (comment: LinearSandboxComment, _args: Args, { store }: LinearContext) => store.issueById.get(comment.issueId) ?? null,
      issueId: (comment: LinearSandboxComment) => comment.issueId,
      user: (_comment: LinearSandboxComment, _args: Args, { store }: LinearContext) => store.viewer,
      url: (comment: LinearSandboxComment, _args: Args, { store }: LinearContext) => {
        const issue = store.issueById.get(comment.issueId);
        return `${store.program.linearWorkspaceUrl.replace(/\/+$/, '')}/issue/${issue?.key ?? 'unknown'}#comment-${comment.id.slice(0, 8)}`;
      },
    },
  };

  return {
    resolvers,
    comments(issueIdOrIdentifier) {
      const all = [...comments.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      return issueIdOrIdentifier === undefined ? all : all.filter((c) => c.issueId === issueIdOrIdentifier || c.issueKey === issueIdOrIdentifier);
    },
    get stats() {
      return { ...stats };
    },
    denyWrites(value) {
      denied = value;
    },
  };
}
