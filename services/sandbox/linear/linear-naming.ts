import { createHash } from 'node:crypto';
import type { SandboxCategory } from '../program-model.js';

/** Linear workflow state types. */
export type LinearStateType = 'backlog' | 'unstarted' | 'started' | 'completed' | 'canceled';

const TYPE_RANK: Readonly<Record<LinearStateType, number>> = { backlog: 0, unstarted: 1, started: 2, completed: 3, canceled: 4 };
const TYPE_COLOR: Readonly<Record<LinearStateType, string>> = {
  backlog: '#bec2c8',
  unstarted: '#e2e2e2',
  started: '#f2c94c',
  completed: '#5e6ad2',
  canceled: '#95a2b3',
};

/**
 * A stable UUID for sandbox entities the program has no id for (states, relations, history
 * entries, labels): the same program always yields the same ids, so tests can pin them.
 */
export function stableUuid(...parts: readonly string[]): string {
  const hex = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/** The program knows only todo/in_progress/done; Linear splits todo and done further by name. */
export function stateTypeFor(name: string, category: SandboxCategory | null): LinearStateType {
  if (category === 'done') return /cancel|duplicate|won.?t/i.test(name) ? 'canceled' : 'completed';
  if (category === 'in_progress') return 'started';
  if (category === 'todo') return /backlog|triage|icebox/i.test(name) ? 'backlog' : 'unstarted';
  if (/cancel|duplicate|won.?t/i.test(name)) return 'canceled';
  if (/done|complete|closed|released|shipped/i.test(name)) return 'completed';
  if (/progress|review|started|doing|testing/i.test(name)) return 'started';
  return /backlog|triage|icebox/i.test(name) ? 'backlog' : 'unstarted';
}

export function stateTypeRank(type: LinearStateType): number {
  return TYPE_RANK[type];
}

export function stateColor(type: LinearStateType): string {
  return TYPE_COLOR[type];
}

/** Linear's URL slug: lower-case words of the title joined by dashes. */
export function titleSlug(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** `https://linear.app/<workspace>/issue/<identifier>/<slug>`. */
export function issueUrl(workspaceUrl: string, identifier: string, title: string): string {
  const slug = titleSlug(title);
  const base = `${workspaceUrl.replace(/\/+$/, '')}/issue/${identifier}`;
  return slug ? `${base}/${slug}` : base;
}

/** The workspace URL key: `https://linear.app/acme` -> `acme`. */
export function workspaceUrlKey(workspaceUrl: string): string {
  const path = new URL(workspaceUrl).pathname.split('/').filter((part) => part.length > 0);
  return path[0] ?? new URL(workspaceUrl).hostname.split('.')[0] ?? 'sandbox';
}
