/**
 * Cross-tracker links: recognising a Linear issue URL in a Jira remote link and a Jira issue URL
 * in a Linear attachment, and reading a dependency direction out of free text ("blocks",
 * "is blocked by", "depends on"). Pure; both connectors use it.
 */
import type { ItemRef, LinkKind, NormalizedLink } from './connector-types.js';

/**
 * What a relation phrase means when read as "THIS <phrase> OTHER".
 * `thisIs: 'from'` means THIS is the `from` end of the normalized link (THIS blocks OTHER).
 */
export interface PhraseMeaning {
  readonly kind: Exclude<LinkKind, 'parent'>;
  readonly thisIs: 'from' | 'to';
}

// Order matters: the passive and "depends" forms must be tested before the bare active verb.
const PHRASES: ReadonlyArray<readonly [RegExp, PhraseMeaning]> = [
  [/\b(is )?blocked by\b|\bdepends (up)?on\b|\bis dependent on\b|\brequires\b|\bhas (a )?prerequisite\b|\bwaits (for|on)\b/i, { kind: 'blocks', thisIs: 'to' }],
  [/\bblocks\b|\bis blocking\b|\bis (a )?prerequisite (of|for)\b|\bis depended (up)?(on )?by\b|\b(is )?required by\b|\bblocker (of|for)\b/i, { kind: 'blocks', thisIs: 'from' }],
  [/\b(is )?duplicated by\b/i, { kind: 'duplicates', thisIs: 'to' }],
  [/\bduplicates\b/i, { kind: 'duplicates', thisIs: 'from' }],
  [/\brelate[sd]?( to)?\b|\brelated\b|\bmentions\b|\blinks to\b/i, { kind: 'relates', thisIs: 'from' }],
];

/** Reads a relation phrase ("is blocked by", "depends on", "relates to"); null when it is not recognised. */
export function classifyRelationPhrase(phrase: string | null | undefined): PhraseMeaning | null {
  if (!phrase) return null;
  for (const [pattern, meaning] of PHRASES) if (pattern.test(phrase)) return meaning;
  return null;
}

export interface LinearIssueUrl {
  /** Workspace url key: `acme` in `https://linear.app/acme/issue/MOB-7/...`. */
  readonly workspace: string;
  /** Issue identifier, upper-cased: `MOB-7`. */
  readonly identifier: string;
}

const LINEAR_ISSUE = /^https?:\/\/linear\.app\/([^/?#]+)\/issue\/([A-Za-z0-9]+-\d+)(?:[/?#]|$)/;

/** Parses `https://linear.app/<workspace>/issue/<IDENT>[/<slug>]`; null for anything else. */
export function parseLinearIssueUrl(url: string): LinearIssueUrl | null {
  const match = LINEAR_ISSUE.exec(url.trim());
  if (!match?.[1] || !match[2]) return null;
  return { workspace: match[1].toLowerCase(), identifier: match[2].toUpperCase() };
}

export interface JiraIssueUrl {
  /** The configured base URL that matched (normalized, no trailing slash). */
  readonly baseUrl: string;
  readonly key: string;
}

const JIRA_KEY = /^[A-Z][A-Z0-9_]+-\d+$/;

/**
 * Parses a Jira issue URL against the configured base URLs: `<base>/browse/KEY`, and the
 * board/list forms that carry `selectedIssue=KEY` or end in `/issues/KEY`.
 */
export function parseJiraIssueUrl(url: string, baseUrls: readonly string[]): JiraIssueUrl | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  for (const raw of baseUrls) {
    const base = normalizeBaseUrl(raw);
    let baseUrl: URL;
    try {
      baseUrl = new URL(base);
    } catch {
      continue;
    }
    if (parsed.host.toLowerCase() !== baseUrl.host.toLowerCase()) continue;
    const rest = parsed.pathname.slice(baseUrl.pathname.replace(/\/$/, '').length);
    const candidate =
      /^\/browse\/([^/?#]+)/.exec(rest)?.[1] ??
      parsed.searchParams.get('selectedIssue') ??
      /\/issues\/([^/?#]+)\/?$/.exec(rest)?.[1];
    const key = candidate ? decodeURIComponent(candidate).toUpperCase() : null;
    if (key && JIRA_KEY.test(key)) return { baseUrl: base, key };
  }
  return null;
}

export function normalizeBaseUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** Where cross-tracker URLs resolve to: url key / base URL → configured source name. */
export interface CrossLinkTargets {
  /** Linear workspace url key (lower case) → Linear source name. */
  readonly linearWorkspaces?: Readonly<Record<string, string>>;
  /** Jira base URL → Jira source name. */
  readonly jiraBaseUrls?: Readonly<Record<string, string>>;
}

/**
 * Turns a link from `from` to an external URL into a normalized link, or null when the URL is
 * not an issue of a configured tracker. The kind and direction come from `relation` (e.g. a Jira
 * remote link's `relationship`), then from `title`; unrecognised text means `relates`.
 */
export function resolveCrossLink(input: {
  readonly from: ItemRef;
  readonly url: string;
  readonly relation?: string | null;
  readonly title?: string | null;
  readonly targets: CrossLinkTargets;
  readonly origin: string;
}): NormalizedLink | null {
  const other = resolveUrl(input.url, input.targets);
  if (!other) return null;
  const meaning = classifyRelationPhrase(input.relation) ?? classifyRelationPhrase(input.title) ?? { kind: 'relates', thisIs: 'from' };
  const [from, to] = meaning.thisIs === 'from' ? [input.from, other] : [other, input.from];
  return { from, to, kind: meaning.kind, origin: input.origin };
}

function resolveUrl(url: string, targets: CrossLinkTargets): ItemRef | null {
  const linear = parseLinearIssueUrl(url);
  if (linear) {
    const sourceName = lookupCaseInsensitive(targets.linearWorkspaces, linear.workspace);
    return sourceName ? { sourceName, key: linear.identifier } : null;
  }
  const jiraBases = targets.jiraBaseUrls ?? {};
  const jira = parseJiraIssueUrl(url, Object.keys(jiraBases));
  if (jira) {
    const sourceName = lookupCaseInsensitive(
      Object.fromEntries(Object.entries(jiraBases).map(([base, name]) => [normalizeBaseUrl(base), name])),
      jira.baseUrl,
    );
    return sourceName ? { sourceName, key: jira.key } : null;
  }
  return null;
}

function lookupCaseInsensitive(map: Readonly<Record<string, string>> | undefined, key: string): string | null {
  if (!map) return null;
  const wanted = key.toLowerCase();
  for (const [k, v] of Object.entries(map)) if (k.toLowerCase() === wanted) return v;
  return null;
}
