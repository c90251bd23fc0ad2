import { describe, expect, it } from 'vitest';
import { replayStateAt } from '../../../services/backtest/replay-state.js';
import { handBuiltHistory } from './backtest-fixture.js';

describe('replayStateAt', () => {
  const history = handBuiltHistory();
  const byKey = (at: string) => new Map(replayStateAt(history, new Date(at)).items.map((r) => [r.item.key, r]));

  it('keeps only items created before the instant, with the status they had then', () => {
    const state = byKey('2026-04-14T00:00:00Z');
    expect(state.has('CORE-23')).toBe(true);
    expect(state.get('CORE-20')?.item.statusCategory).toBe('done');
    expect(state.get('CORE-20')?.item.completedAt).toBe('2026-04-10T16:00:00.000Z');
    expect(state.get('CORE-21')?.item).toMatchObject({ statusCategory: 'in_progress', startedAt: '2026-04-13T09:00:00.000Z', completedAt: null });
    expect(state.get('CORE-22')?.item).toMatchObject({ statusCategory: 'todo', startedAt: null });
    expect(byKey('2026-03-31T00:00:00Z').has('CORE-23')).toBe(false);
  });

  it('undoes later estimate and fix-version changes', () => {
    expect(byKey('2026-04-14T00:00:00Z').get('CORE-22')?.item.estimate).toBe(2);
    expect(byKey('2026-04-15T00:00:00Z').get('CORE-22')?.item.estimate).toBe(5);
    expect([...(byKey('2026-04-10T00:00:00Z').get('CORE-23')?.fixVersions ?? [])]).toEqual([]);
    expect([...(byKey('2026-04-14T00:00:00Z').get('CORE-23')?.fixVersions ?? [])]).toEqual(['2.0']);
    expect([...(byKey('2026-04-21T00:00:00Z').get('CORE-23')?.fixVersions ?? [])]).toEqual(['3.0']);
  });

  it('includes a link only once it was added', () => {
    const early = replayStateAt(history, new Date('2026-04-14T00:00:00Z')).links;
    const late = replayStateAt(history, new Date('2026-04-16T00:00:00Z')).links;
    expect(early).toEqual([{ from: 'jira:CORE-20', to: 'jira:CORE-21', kind: 'blocks' }]);
    expect(late).toHaveLength(2);
  });

  it('learns only from work finished before the instant', () => {
    const finished = replayStateAt(history, new Date('2026-04-14T00:00:00Z')).finished;
    expect(finished).toHaveLength(13);
    expect(finished.every((f) => new Date(f.finishedAt).getTime() < Date.parse('2026-04-14T00:00:00Z'))).toBe(true);
    expect(finished.at(-1)).toMatchObject({ team: 'CORE', estimate: 3 });
  });
});
