/**
 * A hand-checked fast path for the program graph, above all its two large arrays (the rest is in
 * graph-header-fast-path.ts). zod spends ~0.9 s of CPU on 100k items and 300k links (each item is
 * built twice: the object parse, then the key/title transform, and every check runs through its
 * generic machinery); this loop checks each field in place, builds each item once and resolves
 * every link id to its item's position, which the engine needs anyway (graph-index.ts).
 *
 * It accepts a subset of what `programGraphSchema` accepts and returns what zod would (same values,
 * same key order); on anything it is not sure of it answers `undefined`, and the caller runs zod,
 * whose messages name every problem with its path. So valid files take the fast path and invalid
 * ones still get zod's complete report.
 */
import type { StatusCategory } from '../connectors/connector-types.js';
import { inYearRange, isIsoDateText, isIsoDateTimeText, isPlainObject } from './graph-format-checks.js';
import { checkGraphHeader } from './graph-header-fast-path.js';
import { rememberIndex, type GraphIndex } from './graph-index.js';
import type { GraphItem, GraphLink, ProgramGraph } from './graph-types.js';
import { MAX_DURATION_DAYS } from './schedule-limits.js';

/** Items and links as `programGraphSchema` would return them, with the links' endpoints resolved. */
export interface CheckedArrays {
  readonly items: readonly GraphItem[];
  readonly links: readonly GraphLink[];
  readonly index: GraphIndex;
}

const BAD = Symbol('bad');
type Bad = typeof BAD;
type Json = Readonly<Record<string, unknown>>;

const STATUS_CATEGORIES: ReadonlySet<unknown> = new Set<StatusCategory>(['todo', 'in_progress', 'done', 'unknown']);
const LINK_KINDS: ReadonlySet<unknown> = new Set<GraphLink['kind']>(['blocks', 'relates', 'duplicates', 'parent']);

/**
 * The whole graph, as `parseProgramGraph` would return it, with its link index remembered for the
 * engine (graph-index.ts); `undefined` when zod must judge it.
 */
export function checkProgramGraph(json: unknown): ProgramGraph | undefined {
  if (!isPlainObject(json)) return undefined;
  const header = checkGraphHeader(json);
  const arrays = header && checkItemsAndLinks(json);
  if (!header || !arrays) return undefined;
  const { version, program, asOf, targetDate, calendar, teams } = header;
  const graph: ProgramGraph = { version, program, asOf, targetDate, calendar, items: arrays.items, links: arrays.links, teams };
  rememberIndex(graph, arrays.index);
  return graph;
}

/** `items` and `links` (default `[]`) of a parsed JSON graph, or `undefined` when zod must judge them. */
export function checkItemsAndLinks(json: unknown): CheckedArrays | undefined {
  if (!isPlainObject(json)) return undefined;
  const rawItems = json.items;
  const rawLinks = json.links === undefined ? [] : json.links;
  if (!Array.isArray(rawItems) || !Array.isArray(rawLinks)) return undefined;

  // push, not `new Array(n)`: a preallocated array stays holey, and every later pass over the
  // graph would pay the hole checks.
  const items: GraphItem[] = [];
  const indexOf = new Map<string, number>();
  for (let i = 0; i < rawItems.length; i++) {
    const item = checkItem(rawItems[i]);
    // A duplicate id is an error: the caller's zod run reports it with its path.
    if (item === undefined || indexOf.has(item.id)) return undefined;
    items.push(item);
    indexOf.set(item.id, i);
  }

  const links: GraphLink[] = [];
  const linkFrom = new Int32Array(rawLinks.length);
  const linkTo = new Int32Array(rawLinks.length);
  for (let k = 0; k < rawLinks.length; k++) {
    const link = checkLink(rawLinks[k]);
    if (link === undefined) return undefined;
    const from = indexOf.get(link.from);
    const to = indexOf.get(link.to);
    if (from === undefined || to === undefined) return undefined;
    links.push(link);
    linkFrom[k] = from;
    linkTo[k] = to;
  }
  return { items, links, index: { indexOf, linkFrom, linkTo } };
}

function checkItem(raw: unknown): GraphItem | undefined {
  if (!isPlainObject(raw)) return undefined;
  const { id, key, title, statusCategory, inScope = false, placeholder = false } = raw;
  if (typeof id !== 'string' || id.length === 0) return undefined;
  if ((key !== undefined && typeof key !== 'string') || (title !== undefined && typeof title !== 'string')) return undefined;
  if (!STATUS_CATEGORIES.has(statusCategory) || typeof inScope !== 'boolean' || typeof placeholder !== 'boolean') return undefined;
  const url = nullableString(raw.url);
  const source = nullableString(raw.source);
  const team = nullableString(raw.team);
  const assignee = nullableString(raw.assignee);
  const status = nullableString(raw.status);
  const estimate = nullableDays(raw.estimate, Infinity);
  const durationDays = nullableDays(raw.durationDays, MAX_DURATION_DAYS);
  const dueDate = nullableDate(raw.dueDate, isIsoDateText);
  const createdAt = nullableDate(raw.createdAt, isIsoDateTimeText);
  const startedAt = nullableDate(raw.startedAt, isIsoDateTimeText);
  const completedAt = nullableDate(raw.completedAt, isIsoDateTimeText);
  const updatedAt = nullableDate(raw.updatedAt, isIsoDateTimeText);
  if (
    url === BAD ||
    source === BAD ||
    team === BAD ||
    assignee === BAD ||
    status === BAD ||
    estimate === BAD ||
    durationDays === BAD ||
    dueDate === BAD ||
    createdAt === BAD ||
    startedAt === BAD ||
    completedAt === BAD ||
    updatedAt === BAD
  ) {
    return undefined;
  }
  // An item that already has every field, in order (a parsed graph written back out), is what zod
  // would return: keeping it saves building and collecting 100k objects.
  if (hasItemShape(raw)) return raw as unknown as GraphItem;
  // zod's transform spreads the parsed item, then sets key and title: fields the input had keep
  // their place after id, those it lacked come last. Redefining a property keeps its place.
  return {
    id,
    ...('key' in raw ? { key: id } : undefined),
    ...('title' in raw ? { title: id } : undefined),
    url,
    source,
    team,
    assignee,
    status,
    statusCategory: statusCategory as StatusCategory,
    estimate,
    durationDays,
    dueDate,
    createdAt,
    startedAt,
    completedAt,
    updatedAt,
    inScope,
    placeholder,
    key: key ?? id,
    title: title ?? key ?? id,
  };
}

/**
 * The link itself when it is exactly `{ from, to, kind }` (zod would copy it unchanged; 300k
 * copies are 300k more objects for the garbage collector), a copy without extra fields otherwise.
 */
function checkLink(raw: unknown): GraphLink | undefined {
  if (!isPlainObject(raw)) return undefined;
  const { from, to, kind } = raw;
  if (typeof from !== 'string' || from.length === 0 || typeof to !== 'string' || to.length === 0) return undefined;
  if (!LINK_KINDS.has(kind)) return undefined;
  let fields = 0;
  for (const _ in raw) fields++;
  return fields === 3 ? (raw as unknown as GraphLink) : { from, to, kind: kind as GraphLink['kind'] };
}

/** The fields of a parsed item, in the order zod returns them when the input has them all (a test keeps them equal to the schema's). */
export const ITEM_FIELDS: readonly (keyof GraphItem)[] = [
  'id',
  'key',
  'title',
  'url',
  'source',
  'team',
  'assignee',
  'status',
  'statusCategory',
  'estimate',
  'durationDays',
  'dueDate',
  'createdAt',
  'startedAt',
  'completedAt',
  'updatedAt',
  'inScope',
  'placeholder',
];

/** Exactly ITEM_FIELDS, in order, none undefined (whether the values are valid is the caller's check). */
function hasItemShape(raw: Json): boolean {
  let i = 0;
  for (const field in raw) if (field !== ITEM_FIELDS[i++] || raw[field] === undefined) return false;
  return i === ITEM_FIELDS.length;
}

function nullableString(value: unknown): string | null | Bad {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : BAD;
}

/** A finite number in 0..max (zod: nonnegative; the schema's own limit for durationDays). */
function nullableDays(value: unknown, max: number): number | null | Bad {
  if (value === undefined || value === null) return null;
  return typeof value === 'number' && value >= 0 && value <= max && Number.isFinite(value) ? value : BAD;
}

function nullableDate(value: unknown, isFormatted: (s: string) => boolean): string | null | Bad {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' && isFormatted(value) && inYearRange(value) ? value : BAD;
}
