/**
 * JQL for the sync passes. Pure.
 *
 * JQL date literals have minute precision and are read in the searching user's time zone (not
 * UTC, not the site's). We format the cursor in that zone (from GET /myself), floor it to the
 * minute, and subtract the configured overlap, which also absorbs search-index lag. Re-reading a
 * few issues is harmless: the store upserts.
 */

/** `yyyy-MM-dd HH:mm` of `at` in `timeZone` (UTC when null). */
export function formatJqlDate(at: Date, timeZone: string | null): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timeZone ?? 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

const quote = (value: string): string => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function scopeClause(projects: readonly string[]): string {
  return `project in (${projects.map(quote).join(', ')})`;
}

export interface PassJqlInput {
  readonly projects: readonly string[];
  /** Null for a full pass. */
  readonly updatedSince: Date | null;
  readonly overlapMinutes: number;
  readonly timeZone: string | null;
  /** Restrict to these issue keys (a targeted refresh, e.g. from a webhook). */
  readonly keys?: readonly string[];
}

/**
 * The pass query, ordered so that a page token walks forward in time and ties break on id:
 * an issue updated during the pass moves behind the walk and is read again, not skipped.
 */
export function passJql(input: PassJqlInput): string {
  const clauses = [scopeClause(input.projects)];
  if (input.keys && input.keys.length > 0) clauses.push(`issuekey in (${input.keys.map(quote).join(', ')})`);
  if (input.updatedSince) {
    const since = new Date(input.updatedSince.getTime() - input.overlapMinutes * 60_000);
    clauses.push(`updated >= ${quote(formatJqlDate(since, input.timeZone))}`);
  }
  return `${clauses.join(' AND ')} ORDER BY updated ASC, id ASC`;
}
