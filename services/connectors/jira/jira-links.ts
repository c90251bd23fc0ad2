/**
 * Jira issue links, parent links and remote links → normalized links. Pure.
 *
 * Jira shows a link from both ends: issue A carries `{type: Blocks, outwardIssue: B}` ("A blocks
 * B") and B carries `{type: Blocks, inwardIssue: A}` ("B is blocked by A"). Both normalize to
 * `{from: A, to: B, kind: 'blocks'}`, so whichever end is synced first the stored link is the same.
 */
import type { ItemRef, LinkKind, NormalizedLink } from '../connector-types.js';
import { classifyRelationPhrase, resolveCrossLink, type CrossLinkTargets } from '../cross-links.js';
import { issueLinkSchema, remoteLinkSchema } from './jira-payload-schemas.js';

export const ISSUE_LINK_ORIGIN = 'jira:issuelink';
export const REMOTE_LINK_ORIGIN = 'jira:remotelink';
export const PARENT_ORIGIN = 'parent';

/** Jira's built-in link type names (and common renames) → kind; the phrase decides direction. */
const KIND_BY_TYPE_NAME: Readonly<Record<string, Exclude<LinkKind, 'parent'>>> = {
  blocks: 'blocks',
  blocker: 'blocks',
  dependency: 'blocks',
  dependencies: 'blocks',
  depends: 'blocks',
  relates: 'relates',
  relate: 'relates',
  related: 'relates',
  duplicate: 'duplicates',
  duplicates: 'duplicates',
};

export interface SkippedLink {
  readonly typeName: string;
  readonly reason: string;
}

export interface IssueLinksResult {
  readonly links: NormalizedLink[];
  readonly skipped: SkippedLink[];
}

/**
 * Normalizes the `issuelinks` field of one issue. Unknown types (Cloners, "causes", ...) are
 * skipped and reported; a type whose inward/outward text reads as a dependency ("depends on")
 * is kept as `blocks` even when its name is unfamiliar.
 */
export function normalizeIssueLinks(self: ItemRef, raw: unknown, sourceName: string): IssueLinksResult {
  const links: NormalizedLink[] = [];
  const skipped: SkippedLink[] = [];
  if (!Array.isArray(raw)) return { links, skipped };
  for (const entry of raw) {
    const parsed = issueLinkSchema.safeParse(entry);
    if (!parsed.success) {
      skipped.push({ typeName: '?', reason: 'malformed issue link' });
      continue;
    }
    const link = parsed.data;
    const outward = link.outwardIssue !== undefined;
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
    const meaning = meaningOf(link.type.name, outward ? link.type.outward : link.type.inward, outward);
    if (!meaning) {
      skipped.push({ typeName: link.type.name, reason: `unknown link type "${link.type.name}"` });
      continue;
    }
    const other: ItemRef = { sourceName, externalId: otherIssue.id, key: otherIssue.key };
    const [from, to] = meaning.thisIs === 'from' ? [self, other] : [other, self];
    links.push({ from, to, kind: meaning.kind, origin: ISSUE_LINK_ORIGIN });
  }
  return { links, skipped };
}

/**
 * Meaning of "THIS <phrase> OTHER". The phrase ("is blocked by", "depends on") is the most
 * reliable; for a known type name with odd wording, the side (outward = this is the subject
 * of the type's verb) decides the direction.
 */
function meaningOf(
  typeName: string,
  phrase: string | null | undefined,
  outward: boolean,
): { kind: Exclude<LinkKind, 'parent'>; thisIs: 'from' | 'to' } | null {
  const byName = KIND_BY_TYPE_NAME[typeName.trim().toLowerCase()];
  const side = outward ? 'from' : 'to';
  // Symmetric: read from the outward end so both ends store the same directed row.
  if (byName === 'relates') return { kind: 'relates', thisIs: side };
  const byPhrase = classifyRelationPhrase(phrase);
  if (byPhrase && byPhrase.kind === (byName ?? 'blocks')) return byPhrase;
  if (byName) return { kind: byName, thisIs: side };
  return null;
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
