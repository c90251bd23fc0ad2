import { describe, expect, it } from 'vitest';
import type { NormalizedItem, SyncPage } from '../../../../services/connectors/connector-types.js';
import { createCursorGuard, MAX_PAGES_WITHOUT_PROGRESS, PagingStalledError } from '../../../../services/connectors/cursor-guard.js';
import { sanitizeSyncPage } from '../../../../services/connectors/sync-page-sanitize.js';
import { cleanJson, cleanText, isStorableCalendarDate, isStorableInstant } from '../../../../services/connectors/value-sanitize.js';

describe('cursor guard', () => {
  it('refuses a cursor seen before, including the one the walk started from', () => {
    const guard = createCursorGuard('linear', 'issues', 'c0');
    guard.advance('c1', ['a']);
    expect(() => guard.advance('c1', ['b'])).toThrow(PagingStalledError);
    expect(() => createCursorGuard('linear', 'issues', 'c0').advance('c0', ['a'])).toThrow(/already given/);
  });

  it(`stops after ${MAX_PAGES_WITHOUT_PROGRESS} pages in a row with nothing new, and tolerates fewer`, () => {
    const guard = createCursorGuard('jira', 'issues');
    guard.advance('t0', ['1']);
    for (let i = 1; i < MAX_PAGES_WITHOUT_PROGRESS; i++) guard.advance(`t${i}`, i % 2 ? [] : ['1']);
    guard.advance('fresh', ['2']);
    for (let i = 1; i < MAX_PAGES_WITHOUT_PROGRESS; i++) guard.advance(`u${i}`, []);
    expect(() => guard.advance('last', [])).toThrow(/10 pages in a row brought nothing new/);
  });
});

describe('value sanitising', () => {
  it('removes NUL and replaces lone surrogates, keeping valid pairs', () => {
    expect(cleanText('a\u0000b\ud800c\udfffd😀')).toBe('ab\ufffdc\ufffdd😀');
    expect(cleanJson({ ['k\u0000']: ['v\ud800', 1, null] })).toEqual({ value: { k: ['v\ufffd', 1, null] }, changed: true });
    const clean = { a: ['b'] };
    expect(cleanJson(clean).value).toBe(clean);
  });

  it('tells storable instants and calendar days', () => {
    expect(isStorableInstant(new Date('0000-01-01T00:00:00Z'))).toBe(false);
    expect(isStorableInstant(new Date(Date.UTC(10000, 0, 1)))).toBe(false);
    expect(isStorableInstant(new Date('2026-01-01T00:00:00Z'))).toBe(true);
    expect(['2026-02-30', '0000-01-01', '2026-13-01', '2025-02-29'].map(isStorableCalendarDate)).toEqual([false, false, false, false]);
    expect(isStorableCalendarDate('2024-02-29')).toBe(true);
  });
});

const item = (externalId: string, key: string, extra: Partial<NormalizedItem> = {}): NormalizedItem => ({
  externalId, key, url: '', title: key, type: null, status: null, statusCategory: 'todo', teamExternalId: null, assignee: null, estimate: null,
  dueDate: null, labels: [], epic: null, project: null, createdAt: new Date('2026-01-01T00:00:00Z'), startedAt: null, completedAt: null,
  sourceUpdatedAt: new Date('2026-01-02T00:00:00Z'), deleted: false, raw: {}, ...extra,
});

describe('sanitizeSyncPage', () => {
  it('returns a clean page untouched', () => {
    const page: SyncPage = { items: [item('1', 'A-1')], links: [], transitions: [], teams: [], replaceLinksFor: [{ sourceName: 's', externalId: '1' }] };
    expect(sanitizeSyncPage(page)).toEqual({ page, problems: [] });
    expect(sanitizeSyncPage(page).page).toBe(page);
  });

  it('drops an unstorable identity with everything hanging on it, and self-links, naming each', () => {
    const long = 'x'.repeat(2000);
    const ref = (externalId: string, key: string) => ({ sourceName: 's', externalId, key });
    const page: SyncPage = {
      items: [item(long, 'A-1'), item('2', 'A-2', { startedAt: new Date('2026-02-01T00:00:00Z'), completedAt: new Date('2026-01-15T00:00:00Z') })],
      links: [
        { from: ref(long, 'A-1'), to: ref('2', 'A-2'), kind: 'blocks', origin: 'o' },
        { from: ref('2', 'A-2'), to: ref('2', 'A-2'), kind: 'relates', origin: 'o' },
        { from: ref('2', 'A-2'), to: { sourceName: 's', key: 'OUT-\u00001' }, kind: 'blocks', origin: 'o' },
      ],
      transitions: [
        { item: ref('2', 'A-2'), fromStatus: null, toStatus: 'Done', toCategory: 'done', at: new Date('0000-01-01T00:00:00Z') },
        { item: ref(long, 'A-1'), fromStatus: null, toStatus: 'Done', toCategory: 'done', at: new Date('2026-01-01T00:00:00Z') },
      ],
      teams: [],
      replaceLinksFor: [ref(long, 'A-1'), ref('2', 'A-2')],
    };
    const { page: out, problems } = sanitizeSyncPage(page);
    expect(out.items.map((i) => i.key)).toEqual(['A-2']);
    expect(out.items[0]?.startedAt).toBeNull();
    expect(out.links).toEqual([{ from: ref('2', 'A-2'), to: { sourceName: 's', key: 'OUT-1' }, kind: 'blocks', origin: 'o' }]);
    expect(out.transitions).toEqual([]);
    expect(out.replaceLinksFor).toEqual([ref('2', 'A-2')]);
    expect(problems.map((p) => [p.subject, p.kind])).toEqual([
      ['A-1', 'dropped'],
      ['A-2', 'sanitised'],
      ['A-1', 'dropped'],
      ['A-2', 'dropped'],
      ['A-2', 'dropped'],
    ]);
  });
});
