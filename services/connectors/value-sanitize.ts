/**
 * Values Postgres refuses, made storable at the edge. One such value in a page used to fail the
 * page's transaction, and since the cursor only advances with the page, every later sync failed
 * on the same page ("poison page"). Pure: strings, dates and JSON in, cleaned values out.
 */

/**
 * Longest identifier (external id, key, team id) stored, in UTF-8 bytes. A btree index entry
 * holds at most ~2,700 bytes (a third of a page), and (source_id, key) and (source_id,
 * external_id) are indexed; real ids are tens of bytes, so anything near the limit is garbage.
 */
export const MAX_IDENTIFIER_BYTES = 1024;
/** Longest status name kept whole: status names are part of the transitions' unique index. */
export const MAX_STATUS_CHARS = 255;

const LONE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const LONE_SURROGATE = new RegExp(LONE);
const LONE_SURROGATES = new RegExp(LONE, 'g');

/**
 * Postgres text cannot hold U+0000, and jsonb rejects lone UTF-16 surrogates (JSON.stringify
 * escapes them as `\udXXX`). NUL carries no meaning and is removed; a lone surrogate becomes
 * U+FFFD, as any UTF-8 encoder would write it.
 */
export function cleanText(value: string): string {
  if (!SUSPECT.test(value)) return value;
  const withoutNul = value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
  return LONE_SURROGATE.test(withoutNul) ? withoutNul.replace(LONE_SURROGATES, '\uFFFD') : withoutNul;
}

export function isCleanText(value: string): boolean {
  return !SUSPECT.test(value) || (!value.includes('\u0000') && !LONE_SURROGATE.test(value));
}

/** Cheap first look (a plain character class): NUL or any surrogate half, paired or not. */
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

/** Whether an identifier fits the indexes it goes into. */
export function fitsIdentifier(value: string): boolean {
  // A UTF-16 unit takes at most 3 UTF-8 bytes, so short strings need no count.
  return value.length > 0 && (value.length * 3 <= MAX_IDENTIFIER_BYTES || Buffer.byteLength(value) <= MAX_IDENTIFIER_BYTES);
}

/**
 * Instants Postgres stores and gives back unchanged: years 1000–9999. Year 0 and years past 9999
 * (ISO `+010000-…`) are refused outright; earlier years come back misread by the driver.
 */
export function isStorableInstant(date: Date): boolean {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) return false;
  const year = date.getUTCFullYear();
  return year >= 1000 && year <= 9999;
}

/** A `YYYY-MM-DD` that is a real calendar day Postgres accepts (not 2024-02-30, not 0000-01-01). */
export function isStorableCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1000) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Cleans every string (keys included) of a JSON-like value. Returns the same object when nothing
 * needed cleaning; `changed` tells whether anything did. The common, clean case is decided by a
 * walk that allocates nothing: a raw Jira issue is a few kilobytes and every synced item has one.
 */
export function cleanJson(value: unknown): { value: unknown; changed: boolean } {
  return hasSuspectText(value) ? cleanJsonWalk(value) : { value, changed: false };
}

function hasSuspectText(value: unknown): boolean {
  if (typeof value === 'string') return SUSPECT.test(value);
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasSuspectText);
  for (const key in value) {
    if (SUSPECT.test(key) || hasSuspectText((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

function cleanJsonWalk(value: unknown): { value: unknown; changed: boolean } {
  if (typeof value === 'string') {
    const cleaned = cleanText(value);
    return { value: cleaned, changed: cleaned !== value };
  }
  if (value === null || typeof value !== 'object') return { value, changed: false };
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const c = cleanJsonWalk(v);
      changed ||= c.changed;
      return c.value;
    });
    return changed ? { value: out, changed } : { value, changed };
  }
  if (value instanceof Date) return { value, changed: false };
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const cleanKey = cleanText(key);
    const c = cleanJsonWalk(v);
    changed ||= c.changed || cleanKey !== key;
    out[cleanKey] = c.value;
  }
  return changed ? { value: out, changed } : { value, changed };
}
