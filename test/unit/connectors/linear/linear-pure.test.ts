import { describe, expect, it } from 'vitest';
import { createBudget } from '../../../../services/connectors/linear/linear-budget.js';
import { categoryOfStateType, linkKindOfRelation } from '../../../../services/connectors/linear/linear-normalize.js';

const NOW = Date.parse('2026-05-22T12:00:00.000Z');
const headers = (h: Record<string, string>) => new Headers(h);

describe('Linear state and relation mapping', () => {
  it.each([
    ['backlog', 'todo'],
    ['unstarted', 'todo'],
    ['triage', 'todo'],
    ['started', 'in_progress'],
    ['completed', 'done'],
    ['canceled', 'done'],
    ['something-new', 'unknown'],
  ])('state type %s → %s', (type, category) => {
    expect(categoryOfStateType(type)).toBe(category);
  });

  it('maps relation types and ignores non-dependency ones', () => {
    expect([linkKindOfRelation('blocks'), linkKindOfRelation('duplicate'), linkKindOfRelation('related'), linkKindOfRelation('similar')]).toEqual([
      'blocks',
      'duplicates',
      'relates',
      null,
    ]);
  });
});

describe('Linear rate-limit budget', () => {
  it('goes ahead while both buckets have room', () => {
    const budget = createBudget();
    budget.observe(headers({ 'x-ratelimit-requests-remaining': '4000', 'x-ratelimit-complexity-remaining': '200000', 'x-complexity': '9000' }), NOW);
    expect(budget.pauseUntil(NOW)).toBeNull();
  });

  it('waits for the requests reset when fewer than the margin remain', () => {
    const budget = createBudget();
    budget.observe(headers({ 'x-ratelimit-requests-remaining': '3', 'x-ratelimit-requests-reset': String(NOW + 12_000) }), NOW);
    expect(budget.pauseUntil(NOW)).toBe(NOW + 12_000);
    expect(budget.pauseUntil(NOW + 12_000)).toBeNull();
  });

  it('waits for the complexity reset when the next query would not fit, reading seconds too', () => {
    const budget = createBudget();
    const resetSeconds = Math.floor((NOW + 60_000) / 1000);
    budget.observe(headers({ 'x-ratelimit-complexity-remaining': '9400', 'x-complexity': '9297', 'x-ratelimit-complexity-reset': String(resetSeconds) }), NOW);
    expect(budget.pauseUntil(NOW)).toBe(resetSeconds * 1000);
  });
});
