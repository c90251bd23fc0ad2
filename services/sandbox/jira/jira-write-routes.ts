/**
 * Write endpoints of the Jira sandbox: issue comments (REST v3, ADF bodies; create, edit, delete) and label edits
 * through the edit-issue `update` verbs. They enforce what Jira Cloud enforces and Seams must
 * cope with: ADF-only bodies without empty text nodes, the comment length limit, the per-issue
 * comment limit (413), a per-issue write burst limit (429 `jira-per-issue-on-write` with
 * Retry-After) and a switchable denial of write permission. Everything written can be queried
 * back (GET …/comment, and `writes` on the sandbox handle).
 *
 * Writes do not bump the issue's `updated`: the sandbox program may run on a simulated clock
 * in the past, and Seams never reads its own comments.
 */
import type { SandboxIssue } from '../program-model.js';
import { jiraDate, renderUser, type RenderContext } from './jira-render.js';
import type { JiraReply } from './jira-routes.js';

/** Jira Cloud's limit on a comment's text. */
export const MAX_COMMENT_CHARS = 32_767;
/** Comments one issue may hold before Jira answers 413. */
export const MAX_COMMENTS_PER_ISSUE = 5_000;
/** Per-issue write burst: at most this many writes to one issue per window (defaults). */
export const PER_ISSUE_WRITES = 10;
export const PER_ISSUE_WINDOW_MS = 1_000;

export interface PerIssueWriteLimit {
  readonly writes: number;
  readonly windowMs: number;
}

const BOT = { id: '712020:00000000-0000-4000-8000-000000000001', name: 'Seams Sandbox Bot', email: 'bot@seams.local' };

/** A reply that may carry its own headers (Retry-After on a per-issue 429). */
export interface JiraWriteReply extends JiraReply {
  readonly headers?: Readonly<Record<string, string>>;
}

export interface JiraSandboxComment {
  readonly id: string;
  readonly issueId: string;
  body: unknown;
  readonly created: Date;
  updated: Date;
  /** How many times the comment was edited after creation. */
  edits: number;
}

export interface JiraWriteStats {
  readonly commentsCreated: number;
  readonly commentsUpdated: number;
  readonly issueEdits: number;
  /** Writes refused (validation, permission, limits). */
  readonly rejected: number;
}

/** What the sandbox remembers of writes, for tests and the demo to query. */
export interface JiraWrites {
  /** Comments of one issue (id or key), oldest first; all comments when omitted. */
  comments(issueIdOrKey?: string): readonly JiraSandboxComment[];
  readonly stats: JiraWriteStats;
  /** null: writes allowed; a status: every write is refused with it (no "Add comments" permission). */
  denyWrites(status: 400 | 403 | 404 | null): void;
}

export interface JiraWriteRouter {
  readonly writes: JiraWrites;
  /** A handler for a write route (or the comment reads), or null when the request is not one. */
  route(method: string, path: string, query: URLSearchParams, readBody: () => Promise<unknown>): {
    name: string;
    run: (ctx: RenderContext) => Promise<JiraWriteReply> | JiraWriteReply;
  } | null;
}

const error = (status: number, messages: string[], errors: Record<string, string> = {}): JiraReply => ({ status, body: { errorMessages: messages, errors } });
const issueNotFound = (): JiraReply => error(404, ['Issue does not exist or you do not have permission to see it.']);

const INLINE_NODES = new Set(['text', 'mention', 'inlineCard', 'hardBreak', 'emoji', 'date', 'status']);
const BLOCK_NODES = new Set(['paragraph', 'bulletList', 'orderedList', 'listItem', 'heading', 'blockquote', 'codeBlock', 'panel', 'rule']);

/** Checks an ADF document the way Jira refuses one; returns the reason, or null when valid. Counts text into `chars`. */
export function adfProblem(node: unknown, chars: { n: number }, root = true): string | null {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return 'a node is not an object';
  const n = node as Record<string, unknown>;
  if (root) {
    if (n['type'] !== 'doc' || n['version'] !== 1 || !Array.isArray(n['content'])) return 'the body is not an ADF doc (type doc, version 1, content)';
  } else if (typeof n['type'] !== 'string' || !(INLINE_NODES.has(n['type']) || BLOCK_NODES.has(n['type']))) {
    return `unknown node type ${JSON.stringify(n['type'])}`;
  }
  const attrs = (n['attrs'] ?? {}) as Record<string, unknown>;
  if (n['type'] === 'text') {
    if (typeof n['text'] !== 'string' || n['text'] === '') return 'a text node is empty';
    chars.n += n['text'].length;
    for (const mark of Array.isArray(n['marks']) ? (n['marks'] as Record<string, unknown>[]) : []) {
      if (mark['type'] === 'link' && typeof (mark['attrs'] as Record<string, unknown> | undefined)?.['href'] !== 'string') return 'a link mark has no href';
    }
  }
  if (n['type'] === 'mention' && (typeof attrs['id'] !== 'string' || attrs['id'] === '')) return 'a mention has no accountId';
  if (n['type'] === 'inlineCard' && typeof attrs['url'] !== 'string') return 'an inlineCard has no url';
  for (const child of Array.isArray(n['content']) ? n['content'] : []) {
    const problem = adfProblem(child, chars, false);
    if (problem) return problem;
  }
  return null;
}

export function createJiraWriteRouter(limit: PerIssueWriteLimit = { writes: PER_ISSUE_WRITES, windowMs: PER_ISSUE_WINDOW_MS }): JiraWriteRouter {
  const comments = new Map<string, JiraSandboxComment[]>();
  const recentWrites = new Map<string, number[]>();
  let nextId = 10_000;
  let denied: 400 | 403 | 404 | null = null;
  const stats = { commentsCreated: 0, commentsUpdated: 0, issueEdits: 0, rejected: 0 };
  /** Issue keys by id, so tests can ask for comments by key. */
  const keyOf = new Map<string, string>();

  const render = (ctx: RenderContext, issue: SandboxIssue, c: JiraSandboxComment) => ({
    self: `${ctx.baseUrl}/rest/api/3/issue/${issue.id}/comment/${c.id}`,
    id: c.id,
    author: renderUser(ctx.baseUrl, BOT),
    body: c.body,
    updateAuthor: renderUser(ctx.baseUrl, BOT),
    created: jiraDate(c.created),
    updated: jiraDate(c.updated),
    jsdPublic: true,
  });

  const reject = (reply: JiraReply): JiraReply => {
    stats.rejected++;
    return reply;
  };

  /** Permission, then the per-issue burst limit; null when the write may go ahead. */
  const gate = (issue: SandboxIssue, what: 'comment' | 'edit'): JiraWriteReply | null => {
    if (denied !== null) {
      return reject(
        denied === 404
          ? issueNotFound()
          : error(denied, [what === 'comment' ? 'You do not have the permission to comment on this issue.' : 'You do not have permission to edit issues in this project.']),
      );
    }
    const now = Date.now();
    const recent = (recentWrites.get(issue.id) ?? []).filter((t) => now - t < limit.windowMs);
    if (recent.length >= limit.writes) {
      recentWrites.set(issue.id, recent);
      const retryAfter = Math.max(1, Math.ceil((limit.windowMs - (now - (recent[0] ?? now))) / 1000));
      stats.rejected++;
      const reply: JiraWriteReply = {
        status: 429,
        body: { errorMessages: ['Rate limit exceeded.'], errors: {} },
        headers: { 'Retry-After': String(retryAfter), 'RateLimit-Reason': 'jira-per-issue-on-write' },
      };
      return reply;
    }
    recent.push(now);
    recentWrites.set(issue.id, recent);
    return null;
  };

  const validBody = (body: unknown): JiraReply | null => {
    if (typeof body === 'string') return reject(error(400, [], { comment: 'Comment body is not valid!' }));
    const chars = { n: 0 };
    if (adfProblem(body, chars) !== null) return reject(error(400, [], { comment: 'Comment body is not valid!' }));
    if (chars.n > MAX_COMMENT_CHARS) {
      return reject(error(400, [], { comment: `The entered text is too long. It exceeds the allowed limit of ${MAX_COMMENT_CHARS.toLocaleString('en-US')} characters.` }));
    }
    return null;
  };

  const bodyOf = (raw: unknown): unknown => (raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)['body'] : undefined);

  const writes: JiraWrites = {
    comments(issueIdOrKey) {
      if (issueIdOrKey === undefined) return [...comments.values()].flat();
      return [...comments.values()].flat().filter((c) => c.issueId === issueIdOrKey || keyOf.get(c.issueId) === issueIdOrKey);
    },
    get stats() {
      return { ...stats };
    },
    denyWrites(status) {
      denied = status;
    },
  };

  return {
    writes,
    route(method, path, query, readBody) {
      const m = /^\/rest\/api\/3\/issue\/([^/]+)(?:\/comment(?:\/([^/]+))?)?$/.exec(path);
      if (!m) return null;
      const idOrKey = decodeURIComponent(m[1] as string);
      const isComment = path.includes('/comment');
      const commentId = m[2] === undefined ? undefined : decodeURIComponent(m[2]);
      const withIssue = (ctx: RenderContext, then: (issue: SandboxIssue, list: JiraSandboxComment[]) => Promise<JiraReply> | JiraReply) => {
        const issue = ctx.index.byIdOrKey(idOrKey);
        if (!issue) return issueNotFound();
        keyOf.set(issue.id, issue.key);
        const list = comments.get(issue.id) ?? [];
        comments.set(issue.id, list);
        return then(issue, list);
      };

      if (!isComment && method === 'PUT') {
        return {
          name: 'PUT /rest/api/3/issue/{idOrKey}',
          run: (ctx) =>
            withIssue(ctx, async (issue) => {
              const body = (await readBody()) as Record<string, unknown>;
              const blocked = gate(issue, 'edit');
              if (blocked) return blocked;
              const verbs = ((body['update'] ?? {}) as Record<string, unknown>)['labels'];
              const set = ((body['fields'] ?? {}) as Record<string, unknown>)['labels'];
              if (verbs === undefined && set === undefined) return reject(error(400, ['No fields or update operations were specified.']));
              if (set !== undefined) {
                if (!Array.isArray(set) || set.some((l) => typeof l !== 'string')) return reject(error(400, [], { labels: 'Labels must be an array of strings.' }));
                issue.labels = [...new Set(set as string[])];
              }
              for (const verb of Array.isArray(verbs) ? (verbs as Record<string, unknown>[]) : []) {
                const label = verb['add'] ?? verb['remove'];
                if (typeof label !== 'string' || /\s/.test(label) || label === '') return reject(error(400, [], { labels: 'A label cannot contain spaces.' }));
                if ('add' in verb && !issue.labels.includes(label)) issue.labels.push(label);
                if ('remove' in verb) issue.labels = issue.labels.filter((l) => l !== label);
              }
              stats.issueEdits++;
              return { status: 204, body: null };
            }),
        };
      }
      if (!isComment) return null;

      if (commentId === undefined && method === 'GET') {
        return {
          name: 'GET /rest/api/3/issue/{idOrKey}/comment',
          run: (ctx) =>
            withIssue(ctx, (issue, list) => {
              const startAt = Math.max(0, Number(query.get('startAt') ?? 0) || 0);
              const maxResults = Math.min(5_000, Math.max(1, Number(query.get('maxResults') ?? 5_000) || 5_000));
              const page = list.slice(startAt, startAt + maxResults).map((c) => render(ctx, issue, c));
              return { status: 200, body: { startAt, maxResults, total: list.length, comments: page } };
            }),
        };
      }
      if (commentId === undefined && method === 'POST') {
        return {
          name: 'POST /rest/api/3/issue/{idOrKey}/comment',
          run: (ctx) =>
            withIssue(ctx, async (issue, list) => {
              const body = bodyOf(await readBody());
              const blocked = gate(issue, 'comment');
              if (blocked) return blocked;
              const invalid = validBody(body);
              if (invalid) return invalid;
              if (list.length >= MAX_COMMENTS_PER_ISSUE) return reject(error(413, ['The issue has reached the maximum number of comments.']));
              const now = new Date();
              const comment: JiraSandboxComment = { id: String(nextId++), issueId: issue.id, body, created: now, updated: now, edits: 0 };
              list.push(comment);
              stats.commentsCreated++;
              return { status: 201, body: render(ctx, issue, comment) };
            }),
        };
      }
      if (commentId !== undefined && method === 'DELETE') {
        return {
          name: 'DELETE /rest/api/3/issue/{idOrKey}/comment/{id}',
          run: (ctx) =>
            withIssue(ctx, (_issue, list) => {
              const at = list.findIndex((c) => c.id === commentId);
              if (at < 0) return error(404, ['Can not find a comment for the id: ' + commentId + '.']);
              list.splice(at, 1);
              return { status: 204, body: null };
            }),
        };
      }
      if (commentId !== undefined && (method === 'GET' || method === 'PUT')) {
        return {
          name: `${method} /rest/api/3/issue/{idOrKey}/comment/{id}`,
          run: (ctx) =>
            withIssue(ctx, async (issue, list) => {
              const comment = list.find((c) => c.id === commentId);
              if (method === 'GET') return comment ? { status: 200, body: render(ctx, issue, comment) } : error(404, ['Can not find a comment for the id: ' + commentId + '.']);
              const body = bodyOf(await readBody());
              const blocked = gate(issue, 'comment');
              if (blocked) return blocked;
              if (!comment) return reject(error(404, ['Can not find a comment for the id: ' + commentId + '.']));
              const invalid = validBody(body);
              if (invalid) return invalid;
              comment.body = body;
              comment.updated = new Date();
              comment.edits++;
              stats.commentsUpdated++;
              return { status: 200, body: render(ctx, issue, comment) };
            }),
        };
      }
      return null;
    },
  };
}
