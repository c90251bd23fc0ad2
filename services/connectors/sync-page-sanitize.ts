/**
 * The last edge before storage, shared by both connectors: every page passes here after
 * normalizing, so no value of a page can fail its transaction (and with it every later sync).
 * Per record: unstorable text is cleaned, unstorable dates and day dates are emptied, and a record
 * whose identity cannot be stored (an id over the index limit) is dropped; each with a problem
 * naming the record and the reason. Self-links are dropped here too, with a problem, whichever
 * tracker sent them. Pure.
 */
import type { ItemRef, NormalizedItem, NormalizedLink, NormalizedTeam, NormalizedTransition, SyncPage } from './connector-types.js';
import type { QualityKind } from './data-quality.js';
import {
  MAX_STATUS_CHARS,
  cleanJson,
  cleanText,
  fitsIdentifier,
  isCleanText,
  isStorableCalendarDate,
  isStorableInstant,
} from './value-sanitize.js';

export interface SanitizeProblem {
  /** Key (or id) of the record concerned. */
  readonly subject: string;
  readonly kind: QualityKind;
  readonly reason: string;
}

export interface SanitizedPage {
  readonly page: SyncPage;
  readonly problems: readonly SanitizeProblem[];
}

export function sanitizeSyncPage(page: SyncPage): SanitizedPage {
  const problems: SanitizeProblem[] = [];
  const teams: NormalizedTeam[] = [];
  const droppedTeams = new Set<string>();
  for (const team of page.teams) {
    const externalId = cleanText(team.externalId);
    if (!fitsIdentifier(externalId)) {
      droppedTeams.add(team.externalId);
      problems.push({ subject: describe(team.key), kind: 'dropped', reason: 'team dropped: its id is empty or too long to store' });
      continue;
    }
    const fields = [externalId, cleanText(team.key), cleanText(team.name)] as const;
    if (fields[0] !== team.externalId || fields[1] !== team.key || fields[2] !== team.name) {
      problems.push({ subject: describe(team.key), kind: 'sanitised', reason: 'team: characters Postgres cannot store removed' });
    }
    teams.push({ externalId: fields[0], key: fitsIdentifier(fields[1]) ? fields[1] : fields[0], name: fields[2] });
  }

  const items: NormalizedItem[] = [];
  const droppedItems = new Set<string>();
  for (const item of page.items) {
    const cleaned = sanitizeItem(item, droppedTeams, problems);
    if (cleaned) items.push(cleaned);
    else droppedItems.add(item.externalId);
  }

  const links: NormalizedLink[] = [];
  for (const link of page.links) {
    const from = sanitizeRef(link.from);
    const to = sanitizeRef(link.to);
    const subject = describe(refLabel(link.from));
    if (!from || !to || isDroppedItem(link.from, droppedItems) || isDroppedItem(link.to, droppedItems)) {
      problems.push({ subject, kind: 'dropped', reason: `${link.kind} link to ${describe(refLabel(link.to))} dropped: an end cannot be stored` });
      continue;
    }
    if (sameRef(from, to)) {
      problems.push({ subject, kind: 'dropped', reason: `${link.kind} link from an item to itself dropped (${link.origin})` });
      continue;
    }
    links.push(from === link.from && to === link.to ? link : { ...link, from, to });
  }

  const transitions: NormalizedTransition[] = [];
  for (const transition of page.transitions) {
    const item = sanitizeRef(transition.item);
    const subject = describe(refLabel(transition.item));
    if (!item || isDroppedItem(transition.item, droppedItems)) continue;
    if (!isStorableInstant(transition.at)) {
      problems.push({ subject, kind: 'dropped', reason: `status change to "${describe(transition.toStatus)}" dropped: its date is not a storable instant` });
      continue;
    }
    const toStatus = cleanStatus(transition.toStatus);
    const fromStatus = transition.fromStatus === null ? null : cleanStatus(transition.fromStatus);
    if (toStatus !== transition.toStatus || fromStatus !== transition.fromStatus) {
      problems.push({ subject, kind: 'sanitised', reason: 'status change: unstorable characters removed or an overlong status name shortened' });
      transitions.push({ ...transition, item, toStatus, fromStatus });
    } else {
      transitions.push(item === transition.item ? transition : { ...transition, item });
    }
  }

  const replaceLinksFor = page.replaceLinksFor.flatMap((ref) => {
    const cleaned = sanitizeRef(ref);
    return cleaned && !isDroppedItem(ref, droppedItems) ? [cleaned] : [];
  });
  const unchanged =
    problems.length === 0 &&
    links.every((l, i) => l === page.links[i]) &&
    transitions.every((t, i) => t === page.transitions[i]) &&
    replaceLinksFor.every((r, i) => r === page.replaceLinksFor[i]);
  if (unchanged) return { page, problems };
  return { page: { items, links, transitions, teams, replaceLinksFor }, problems };
}

function sanitizeItem(item: NormalizedItem, droppedTeams: ReadonlySet<string>, problems: SanitizeProblem[]): NormalizedItem | null {
  const externalId = cleanText(item.externalId);
  const key = cleanText(item.key);
  const subject = describe(item.key || item.externalId);
  if (!fitsIdentifier(externalId) || !fitsIdentifier(key)) {
    problems.push({ subject, kind: 'dropped', reason: 'issue dropped: its id or key is empty or too long to store' });
    return null;
  }
  const fixes: string[] = [];
  const text = (name: string, value: string): string => {
    if (isCleanText(value)) return value;
    fixes.push(name);
    return cleanText(value);
  };
  const optionalText = (name: string, value: string | null): string | null => (value === null ? null : text(name, value));
  const instant = (name: string, value: Date | null): Date | null => {
    if (value === null || isStorableInstant(value)) return value;
    fixes.push(name);
    return null;
  };

  let teamExternalId = optionalText('team', item.teamExternalId);
  if (teamExternalId !== null && (droppedTeams.has(item.teamExternalId ?? '') || !fitsIdentifier(teamExternalId))) {
    fixes.push('team');
    teamExternalId = null;
  }
  let dueDate = optionalText('dueDate', item.dueDate);
  if (dueDate !== null && !isStorableCalendarDate(dueDate)) {
    fixes.push('dueDate');
    dueDate = null;
  }
  let startedAt = instant('startedAt', item.startedAt);
  const completedAt = instant('completedAt', item.completedAt);
  if (startedAt && completedAt && completedAt < startedAt) {
    // A start later than the completion is not a start of this piece of work: cycle times
    // (completed - started) would come out negative and the history would lose the item.
    fixes.push('startedAt after completedAt');
    startedAt = null;
  }
  // Required dates stay as they are (db/ stores an implausible one as null), but are counted.
  if (!isStorableInstant(item.createdAt)) fixes.push('createdAt');
  if (!isStorableInstant(item.sourceUpdatedAt)) fixes.push('updatedAt');
  const labels = item.labels.map((l) => text('labels', l));
  const raw = cleanJson(item.raw);
  if (raw.changed) fixes.push('raw');
  const cleaned: NormalizedItem = {
    ...item,
    externalId,
    key,
    url: text('url', item.url),
    title: text('title', item.title),
    type: optionalText('type', item.type),
    status: optionalText('status', item.status),
    teamExternalId,
    assignee: optionalText('assignee', item.assignee),
    dueDate,
    labels,
    epic: optionalText('epic', item.epic),
    project: optionalText('project', item.project),
    startedAt,
    completedAt,
    raw: raw.value,
  };
  if (fixes.length === 0) return item;
  problems.push({ subject: describe(key), kind: 'sanitised', reason: `unstorable values cleaned or emptied: ${[...new Set(fixes)].join(', ')}` });
  return cleaned;
}

function sanitizeRef(ref: ItemRef): ItemRef | null {
  if ('externalId' in ref) {
    const externalId = cleanText(ref.externalId);
    if (!fitsIdentifier(externalId)) return null;
    const key = ref.key === undefined ? undefined : cleanText(ref.key);
    if (externalId === ref.externalId && key === ref.key) return ref;
    return key === undefined || !fitsIdentifier(key) ? { sourceName: ref.sourceName, externalId } : { sourceName: ref.sourceName, externalId, key };
  }
  const key = cleanText(ref.key);
  if (!fitsIdentifier(key)) return null;
  return key === ref.key ? ref : { sourceName: ref.sourceName, key };
}

function sameRef(a: ItemRef, b: ItemRef): boolean {
  if (a.sourceName !== b.sourceName) return false;
  if ('externalId' in a && 'externalId' in b) return a.externalId === b.externalId;
  // A key reference (a cross-tracker URL) names the same item as an id reference with that key.
  const keyA = 'key' in a ? a.key : undefined;
  const keyB = 'key' in b ? b.key : undefined;
  return keyA !== undefined && keyA === keyB;
}

function isDroppedItem(ref: ItemRef, dropped: ReadonlySet<string>): boolean {
  return 'externalId' in ref && dropped.has(ref.externalId);
}

function cleanStatus(value: string): string {
  const cleaned = cleanText(value);
  return cleaned.length > MAX_STATUS_CHARS ? cleanText(cleaned.slice(0, MAX_STATUS_CHARS)) : cleaned;
}

function refLabel(ref: ItemRef): string {
  return ('key' in ref && ref.key) || ('externalId' in ref ? ref.externalId : '');
}

/** A subject short and clean enough for a log line. */
function describe(value: string): string {
  const cleaned = cleanText(value);
  return cleaned.length > 80 ? `${cleaned.slice(0, 80)}…` : cleaned;
}
