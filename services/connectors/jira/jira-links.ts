/**
 * Jira issue links, parent links and remote links → normalized links. Pure.
 *
 * Jira shows a link from both ends: issue A carries `{type: Blocks, outwardIssue: B}` ("A blocks
 * B") and B carries `{type: Blocks, inwardIssue: A}` ("B is blocked by A"). Both normalize to
 * `{from: A, to: B, kind: 'blocks'}`, so whichever end is synced first the stored link is the same
 * (and a link whose other end is outside the synced scope is not lost).
 */
import type { z } from 'zod';
import type { ItemRef, NormalizedLink } from '../connector-types.js';
import { resolveCrossLink, type CrossLinkTargets } from '../cross-links.js';
import type { LinkTypeResolver } from './jira-link-types.js';
import { issueLinkSchema, linkedIssueFieldsSchema, remoteLinkSchema } from './jira-payload-schemas.js';

type LinkedIssueFields = z.output<typeof linkedIssueFieldsSchema>;

export const ISSUE_LINK_ORIGIN = 'jira:issuelink';
export const REMOTE_LINK_ORIGIN = 'jira:remotelink';
export const PARENT_ORIGIN = 'parent';

export interface SkippedLink {
  readonly typeName: string;
  readonly reason: string;
  /** True when the type itself is not understood (as opposed to a malformed or self link). */
  readonly unknownType?: boolean;
}

/** The other end of a kept link, with what the link payload embeds about it. */
export interface LinkedIssue {
  readonly id: string;
  readonly key: string;
  readonly fields: LinkedIssueFields | null;
}

export interface IssueLinksResult {
  readonly links: NormalizedLink[];
  readonly skipped: SkippedLink[];
  readonly linked: LinkedIssue[];
}

/**
 * Normalizes the `issuelinks` field of one issue. The type decides kind and direction (see
 * jira-link-types.ts), the same way from both ends; unknown types are skipped and reported,
 * types mapped to `ignore` are skipped silently.
 */
export function normalizeIssueLinks(self: ItemRef, raw: unknown, sourceName: string, resolveType: LinkTypeResolver): IssueLinksResult {
  const links: NormalizedLink[] = [];
  const skipped: SkippedLink[] = [];
  const linked: LinkedIssue[] = [];
  if (!Array.isArray(raw)) return { links, skipped, linked };
  for (const entry of raw) {
    const parsed = issueLinkSchema.safeParse(entry);
    if (!parsed.success) {
      skipped.push({ typeName: '?', reason: 'malformed issue link' });
      continue;
    }
    const link = parsed.data;
    // This issue is the link's source when the payload names the other end `outwardIssue`.
    const thisIsSource = link.outwardIssue !== undefined;
    const otherIssue = link.outwardIssue ?? link.inwardIssue;
    if (!otherIssue) {
      skipped.push({ typeName: link.type.name, reason: 'link without an issue on either end' });
      continue;
    }
    if (('externalId' in self && self.externalId === otherIssue.id) || self.key === otherIssue.key) {
      // A dependency on itself means nothing (and would read as a one-item cycle).
      skipped.push({ typeName: link.type.name, reason: 'link from an issue to itself' });
      continue;
    }
    const meaning = resolveType(link.type);
    if (!meaning) {
      skipped.push({ typeName: link.type.name, reason: `unknown link type "${link.type.name}"`, unknownType: true });
      continue;
    }
    if (meaning.kind === 'ignore') continue;
    const other: ItemRef = { sourceName, externalId: otherIssue.id, key: otherIssue.key };
    const thisIsFrom = (meaning.fromIs === 'outward') === thisIsSource;
    const [from, to] = thisIsFrom ? [self, other] : [other, self];
    links.push({ from, to, kind: meaning.kind, origin: ISSUE_LINK_ORIGIN });
    linked.push({ id: otherIssue.id, key: otherIssue.key, fields: linkedIssueFields(otherIssue.fields) });
  }
  return { links, skipped, linked };
}

/** Summary, status, type (and assignee) that Jira embeds about a linked or parent issue; null when absent. */
export function linkedIssueFields(raw: unknown): LinkedIssueFields | null {
  if (raw === undefined || raw === null) return null;
  const parsed = linkedIssueFieldsSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** `parent` (epic or parent issue) → `{from: parent, to: child, kind: 'parent'}`. */
export function parentLink(self: ItemRef, parent: { readonly id: string; readonly key: string } | null, sourceName: string): NormalizedLink | null {
  if (!parent) return null;
  return { from: { sourceName, externalId: parent.id, key: parent.key }, to: self, kind: 'parent', origin: PARENT_ORIGIN };
}

/**
 * Remote links pointing at an issue of another configured tracker (a Linear issue URL, or
 * another Jira site) become cross-tracker links; everything else (docs, PRs) is ignored.
 */
export function normalizeRemoteLinks(self: ItemRef, raw: unknown, targets: CrossLinkTargets): NormalizedLink[] {
  if (!Array.isArray(raw)) return [];
  const links: NormalizedLink[] = [];
  for (const entry of raw) {
    const parsed = remoteLinkSchema.safeParse(entry);
    if (!parsed.success) continue;
    const link = resolveCrossLink({
      from: self,
      url: parsed.data.object.url,
      relation: parsed.data.relationship ?? null,
      title: parsed.data.object.title ?? null,
      targets,
      origin: REMOTE_LINK_ORIGIN,
    });
    if (link) links.push(link);
  }
  return links;
}
