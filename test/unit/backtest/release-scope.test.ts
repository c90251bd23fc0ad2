import { describe, expect, it } from 'vitest';
import type { BacktestHistory, ItemHistory } from '../../../services/backtest/backtest-types.js';
import { MIN_RELEASE_EVIDENCE, pastReleases, releaseScopeAt } from '../../../services/backtest/release-scope.js';
import { fixVersion, item } from './backtest-fixture.js';

/**
 * Release 1.0 (created 1 Mar, released 31 Mar, so halfway is 16 Mar): `open` items open then,
 * `kept` of them done in it by release day, the rest moved out to 2.0 on 25 Mar.
 */
function release(name: string, team: string, open: number, kept: number): ItemHistory[] {
  return Array.from({ length: open }, (_, i) =>
    i < kept
      ? item(`${team}-${name}-${i}`, '2026-03-01T09:00:00Z', [['2026-03-20T09:00:00Z', 'done']], { team, fixVersions: [name] })
      : item(`${team}-${name}-${i}`, '2026-03-01T09:00:00Z', [], {
          team,
          fixVersions: ['later'],
          fieldChanges: [fixVersion('2026-03-25T09:00:00Z', name, null), fixVersion('2026-03-25T09:00:01Z', null, 'later')],
        }),
  );
}

describe('release scope: the share of open work past releases shipped', () => {
  const history: BacktestHistory = {
    items: [...release('1.0', 'CORE', 8, 2), ...release('1.1', 'CORE', 4, 2), ...release('9.0', 'WEB', 20, 20)],
    links: [],
    versions: [
      { name: '1.0', releaseDate: '2026-03-31' },
      { name: '1.1', releaseDate: '2026-03-31' },
      { name: '9.0', releaseDate: '2026-03-31' },
      { name: 'later', releaseDate: null },
    ],
  };

  it('measures each dated release at half its life', () => {
    expect(pastReleases(history).map((r) => [r.version, r.team, r.openAtMidLife, r.kept])).toEqual([
      ['1.0', 'CORE', 8, 2],
      ['1.1', 'CORE', 4, 2],
      ['9.0', 'WEB', 20, 20],
    ]);
  });

  it("uses the team's own releases with enough evidence, else all teams', and never a later release", () => {
    const releases = pastReleases(history);
    expect(releaseScopeAt(releases, 'CORE', '2026-04-15')).toEqual({ share: 4 / 12, releases: 2, openItems: 12, basis: 'team' });
    expect(releaseScopeAt(releases, 'MOBILE', '2026-04-15')).toEqual({ share: 24 / 32, releases: 3, openItems: 32, basis: 'all teams' });
    // On release day the releases are not known yet: nothing to learn from, ship everything.
    expect(releaseScopeAt(releases, 'CORE', '2026-03-31')).toBeNull();
    expect(12).toBeGreaterThanOrEqual(MIN_RELEASE_EVIDENCE);
  });
});
