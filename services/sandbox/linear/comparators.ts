import { inputError } from './linear-errors.js';

/** A filter input object as graphql-js hands it over (already type-checked against the schema). */
export type FilterInput = Readonly<Record<string, unknown>>;
export type Predicate<T> = (value: T) => boolean;

export function asInput(value: unknown): FilterInput {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as FilterInput) : {};
}

function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function unsupported(what: string): never {
  throw inputError(`Unsupported filter: ${what}`, `The Linear sandbox does not implement the filter "${what}".`);
}

const DURATION = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/**
 * Linear's `DateTimeOrDuration`: an ISO timestamp, or an ISO 8601 duration relative to now
 * (`-P2W` = two weeks ago). Months and years use 30 and 365 days, enough for a sandbox.
 */
export function parseDateOrDuration(value: unknown, now: Date): number {
  if (typeof value !== 'string') throw inputError(`Invalid date: expected a date or duration, got ${JSON.stringify(value)}`);
  const match = DURATION.exec(value);
  if (match && value !== 'P') {
    const n = (index: number): number => Number(match[index] ?? 0);
    const days = n(2) * 365 + n(3) * 30 + n(4) * 7 + n(5);
    const ms = ((days * 24 + n(6)) * 60 + n(7)) * 60_000 + n(8) * 1000;
    return now.getTime() + (match[1] ? -ms : ms);
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw inputError(`Invalid date: "${value}" is neither an ISO date nor an ISO duration`);
  return ms;
}

/** DateComparator / NullableDateComparator. */
export function dateComparator(input: FilterInput, now: Date, path: string): Predicate<Date | null> {
  const checks: Predicate<Date | null>[] = [];
  for (const [op, raw] of Object.entries(input)) {
    if (raw === undefined) continue;
    if (op === 'null') {
      checks.push((value) => (value === null) === raw);
      continue;
    }
    if (op === 'in' || op === 'nin') {
      const set = new Set(asList(raw).map((item) => parseDateOrDuration(item, now)));
      checks.push((value) => value !== null && set.has(value.getTime()) === (op === 'in'));
      continue;
    }
    const compare: Record<string, (ms: number, at: number) => boolean> = {
      eq: (ms, at) => ms === at,
      neq: (ms, at) => ms !== at,
      gt: (ms, at) => ms > at,
      gte: (ms, at) => ms >= at,
      lt: (ms, at) => ms < at,
      lte: (ms, at) => ms <= at,
    };
    const test = compare[op];
    if (!test) unsupported(`${path}.${op}`);
    const at = parseDateOrDuration(raw, now);
    checks.push((value) => value !== null && test(value.getTime(), at));
  }
  return (value) => checks.every((check) => check(value));
}

/** StringComparator, IDComparator and the nullable variants. */
export function stringComparator(input: FilterInput, path: string): Predicate<string | null> {
  const checks: Predicate<string | null>[] = [];
  for (const [op, raw] of Object.entries(input)) {
    if (raw === undefined) continue;
    if (op === 'null') {
      checks.push((value) => (value === null) === raw);
      continue;
    }
    if (op === 'in' || op === 'nin') {
      const set = new Set(asList(raw).map(String));
      checks.push((value) => value !== null && set.has(value) === (op === 'in'));
      continue;
    }
    const needle = String(raw);
    const lower = needle.toLowerCase();
    const compare: Record<string, (value: string) => boolean> = {
      eq: (value) => value === needle,
      neq: (value) => value !== needle,
      eqIgnoreCase: (value) => value.toLowerCase() === lower,
      neqIgnoreCase: (value) => value.toLowerCase() !== lower,
      contains: (value) => value.includes(needle),
      containsIgnoreCase: (value) => value.toLowerCase().includes(lower),
      notContains: (value) => !value.includes(needle),
      notContainsIgnoreCase: (value) => !value.toLowerCase().includes(lower),
      startsWith: (value) => value.startsWith(needle),
      startsWithIgnoreCase: (value) => value.toLowerCase().startsWith(lower),
      notStartsWith: (value) => !value.startsWith(needle),
      endsWith: (value) => value.endsWith(needle),
      notEndsWith: (value) => !value.endsWith(needle),
    };
    const test = compare[op];
    if (!test) unsupported(`${path}.${op}`);
    checks.push((value) => value !== null && test(value));
  }
  return (value) => checks.every((check) => check(value));
}

/** `and`/`or` combinators shared by every entity filter. */
export function combine<T>(input: FilterInput, compileOne: (input: FilterInput) => Predicate<T>, own: readonly Predicate<T>[]): Predicate<T> {
  const checks = [...own];
  if (input.and !== undefined && input.and !== null) {
    const parts = asList(input.and).map((part) => compileOne(asInput(part)));
    checks.push((value) => parts.every((part) => part(value)));
  }
  if (input.or !== undefined && input.or !== null) {
    const parts = asList(input.or).map((part) => compileOne(asInput(part)));
    checks.push((value) => parts.some((part) => part(value)));
  }
  return (value) => checks.every((check) => check(value));
}
