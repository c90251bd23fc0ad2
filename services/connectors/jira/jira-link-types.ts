/**
 * What a Jira issue link type means for the graph. Pure.
 *
 * A Jira link has a source and a destination. The type's `outward` text is said of the source
 * ("PAY-1 blocks PAY-2"), its `inward` text of the destination ("PAY-2 is blocked by PAY-1"). The
 * source's payload lists the link with `outwardIssue` = destination, the destination's payload
 * with `inwardIssue` = source. A mapping therefore names the end that is the blocker (or the
 * duplicate, or the parent) as `outward` (the source) or `inward` (the destination); both ends of
 * one link then normalize to the same directed link.
 *
 * Sites name and word their types freely: Atlassian's own example "Dependent" reads outward
 * "is depended by", while issues.apache.org's "dependent" reads outward "depends upon". So a type
 * is resolved, as a whole and the same way from both ends, by: the source's configured mapping
 * (by name), else its wording (either phrase that reads as a dependency, duplicate or relation),
 * else the default mapping of common names below, else it is unknown: skipped and reported.
 */
import { z } from 'zod';
import type { LinkKind } from '../connector-types.js';
import { classifyRelationPhrase } from '../cross-links.js';

const end = z.enum(['outward', 'inward']);

/** One link type's mapping in config (`linkTypes: { Dependent: { kind: blocks, blockerIs: inward } }`). */
export const linkTypeMappingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('blocks'), blockerIs: end }).strict(),
  z.object({ kind: z.literal('duplicates'), duplicateIs: end.default('outward') }).strict(),
  z.object({ kind: z.literal('parent'), parentIs: end.default('outward') }).strict(),
  z.object({ kind: z.literal('relates') }).strict(),
  /** Known, and deliberately not part of the graph (e.g. "Cloners" on a site that clones templates). */
  z.object({ kind: z.literal('ignore') }).strict(),
]);
export type LinkTypeMapping = z.infer<typeof linkTypeMappingSchema>;
export type LinkTypeMappingInput = z.input<typeof linkTypeMappingSchema>;

/** A resolved link type: the normalized kind and which end of the Jira link becomes `from`. */
export type LinkTypeMeaning = { readonly kind: LinkKind; readonly fromIs: 'outward' | 'inward' } | { readonly kind: 'ignore' };

/**
 * Common type names and what they mean when their wording says nothing usable (issues.apache.org
 * words "Dependency", "Dependent", "Blocked" and "Parent Feature" with the name itself). Types
 * whose wording reads clearly (Blocks, Duplicate, Relates, Required, "depends upon") never get here.
 */
export const DEFAULT_LINK_TYPES: Readonly<Record<string, LinkTypeMappingInput>> = {
  Blocks: { kind: 'blocks', blockerIs: 'outward' },
  Blocker: { kind: 'blocks', blockerIs: 'outward' },
  // "A Blocked B", "A Dependency B", "A Depends B": A waits for B.
  Blocked: { kind: 'blocks', blockerIs: 'inward' },
  Dependency: { kind: 'blocks', blockerIs: 'inward' },
  Dependencies: { kind: 'blocks', blockerIs: 'inward' },
  Dependent: { kind: 'blocks', blockerIs: 'inward' },
  Depends: { kind: 'blocks', blockerIs: 'inward' },
  Required: { kind: 'blocks', blockerIs: 'inward' },
  Duplicate: { kind: 'duplicates', duplicateIs: 'outward' },
  Duplicates: { kind: 'duplicates', duplicateIs: 'outward' },
  // "A addresses B" (Duraspace: a task addresses an issue): related work, not an order.
  Addresses: { kind: 'relates' },
  Cloners: { kind: 'relates' },
  Relate: { kind: 'relates' },
  Relates: { kind: 'relates' },
  Related: { kind: 'relates' },
  Reference: { kind: 'relates' },
  Regression: { kind: 'relates' },
  'Problem/Incident': { kind: 'relates' },
  Supercedes: { kind: 'relates' },
  'Child-Issue': { kind: 'parent', parentIs: 'outward' },
  Container: { kind: 'parent', parentIs: 'outward' },
  Incorporates: { kind: 'parent', parentIs: 'outward' },
  'Parent Feature': { kind: 'parent', parentIs: 'outward' },
};

export interface JiraLinkType {
  readonly name: string;
  readonly inward?: string | null | undefined;
  readonly outward?: string | null | undefined;
}

export type LinkTypeResolver = (type: JiraLinkType) => LinkTypeMeaning | null;

/** Builds the resolver for one source; `configured` overrides (and extends) the defaults, names match case-insensitively. */
export function createLinkTypeResolver(configured: Readonly<Record<string, LinkTypeMappingInput>> = {}): LinkTypeResolver {
  const own = byLowerName(configured);
  const defaults = byLowerName(DEFAULT_LINK_TYPES);
  const cache = new Map<string, LinkTypeMeaning | null>();
  return (type) => {
    const cacheKey = `${type.name}\u0000${type.outward ?? ''}\u0000${type.inward ?? ''}`;
    if (cache.has(cacheKey)) return cache.get(cacheKey) ?? null;
    const name = type.name.trim().toLowerCase();
    const mapping = own.get(name);
    const meaning = mapping ? meaningOfMapping(mapping) : (fromWording(type) ?? meaningOfDefault(defaults.get(name)));
    cache.set(cacheKey, meaning);
    return meaning;
  };
}

function byLowerName(table: Readonly<Record<string, LinkTypeMappingInput>>): Map<string, LinkTypeMapping> {
  return new Map(Object.entries(table).map(([name, mapping]) => [name.trim().toLowerCase(), linkTypeMappingSchema.parse(mapping)]));
}

function meaningOfDefault(mapping: LinkTypeMapping | undefined): LinkTypeMeaning | null {
  return mapping ? meaningOfMapping(mapping) : null;
}

function meaningOfMapping(mapping: LinkTypeMapping): LinkTypeMeaning {
  switch (mapping.kind) {
    case 'blocks':
      return { kind: 'blocks', fromIs: mapping.blockerIs };
    case 'duplicates':
      return { kind: 'duplicates', fromIs: mapping.duplicateIs };
    case 'parent':
      return { kind: 'parent', fromIs: mapping.parentIs };
    case 'relates':
      return { kind: 'relates', fromIs: 'outward' };
    case 'ignore':
      return { kind: 'ignore' };
  }
}

/**
 * The type's own wording: the outward phrase is said of the source, the inward one of the
 * destination. Used when at least one phrase reads clearly and the two do not contradict.
 */
function fromWording(type: JiraLinkType): LinkTypeMeaning | null {
  const outward = classifyRelationPhrase(type.outward);
  const inward = classifyRelationPhrase(type.inward);
  const fromOutward = outward ? { kind: outward.kind, fromIs: outward.thisIs === 'from' ? 'outward' : 'inward' } as const : null;
  const fromInward = inward ? { kind: inward.kind, fromIs: inward.thisIs === 'from' ? 'inward' : 'outward' } as const : null;
  // Relations have no direction: the source is `from`, whatever the words.
  if (fromOutward?.kind === 'relates' || (!fromOutward && fromInward?.kind === 'relates')) {
    return fromInward && fromInward.kind !== 'relates' ? null : { kind: 'relates', fromIs: 'outward' };
  }
  if (fromOutward && fromInward) {
    return fromOutward.kind === fromInward.kind && fromOutward.fromIs === fromInward.fromIs ? fromOutward : null;
  }
  return fromOutward ?? fromInward;
}
