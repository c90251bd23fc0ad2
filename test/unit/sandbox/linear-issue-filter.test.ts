import { describe, expect, it } from 'vitest';
import { parseDateOrDuration } from '../../../services/sandbox/linear/comparators.js';
import { compileIssueFilter } from '../../../services/sandbox/linear/issue-filter.js';
import { buildLinearStore } from '../../../services/sandbox/linear/linear-store.js';
import { linearFixture } from './linear-fixture.js';

const store = buildLinearStore(linearFixture());
const now = new Date('2026-01-31T00:00:00Z');

function keys(filter: Record<string, unknown>): string[] {
  const test = compileIssueFilter(filter, store, now);
  return store.byCreatedAt.filter(test).map((issue) => issue.key);
}

describe('parseDateOrDuration', () => {
  it('reads ISO dates and durations relative to now', () => {
    expect(parseDateOrDuration('2026-01-10T00:00:00Z', now)).toBe(Date.UTC(2026, 0, 10));
    expect(parseDateOrDuration('-P2W', now)).toBe(Date.UTC(2026, 0, 17));
    expect(parseDateOrDuration('-P1DT12H', now)).toBe(Date.UTC(2026, 0, 29, 12));
    expect(() => parseDateOrDuration('yesterday', now)).toThrow(/neither an ISO date/);
  });
});

describe('compileIssueFilter', () => {
  it('filters updatedAt with gte and gt', () => {
    expect(keys({ updatedAt: { gte: '2026-01-10T00:00:00Z' } })).toEqual(['DATA-1', 'MOB-2', 'MOB-1']);
    expect(keys({ updatedAt: { gt: '2026-01-10T00:00:00Z' } })).toEqual(['DATA-1', 'MOB-2']);
    expect(keys({ updatedAt: { gte: '-P2W' } })).toEqual(['DATA-1']);
  });

  it('filters by team key and by id or identifier', () => {
    expect(keys({ team: { key: { in: ['DATA'] } } })).toEqual(['DATA-2', 'DATA-1']);
    expect(keys({ team: { key: { eq: 'MOB' } } })).toEqual(['MOB-3', 'MOB-2', 'MOB-1']);
    expect(keys({ id: { in: ['MOB-1', '00000000-0000-4000-8000-000000000004'] } })).toEqual(['DATA-1', 'MOB-1']);
  });

  it('combines and/or and state type', () => {
    expect(keys({ or: [{ state: { type: { eq: 'completed' } } }, { state: { type: { eq: 'backlog' } } }] })).toEqual(['DATA-1', 'MOB-1']);
    expect(keys({ and: [{ team: { key: { eq: 'MOB' } } }, { project: { null: false } }] })).toEqual(['MOB-3']);
  });

  it('rejects filters it does not implement instead of ignoring them', () => {
    expect(() => keys({ cycle: { id: { eq: 'c' } } })).toThrow(/Unsupported filter: cycle/);
    expect(() => keys({ updatedAt: { eqIgnoreCase: 'x' } })).toThrow(/updatedAt.eqIgnoreCase/);
  });
});
