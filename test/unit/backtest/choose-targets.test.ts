import { describe, expect, it } from 'vitest';
import { BacktestInputError } from '../../../services/backtest/backtest-input-error.js';
import { chooseTargets } from '../../../services/backtest/backtest-service.js';
import { parseEvery } from '../../../services/cli/backtest-command.js';
import type { BacktestHistory } from '../../../services/backtest/backtest-types.js';
import { fixVersion, item } from './backtest-fixture.js';

const history: BacktestHistory = {
  items: [
    item('CORE-1', '2026-01-05T09:00:00Z', [], { fixVersions: ['CORE 1.0'], epic: 'CORE-9' }),
    item('CORE-2', '2026-01-05T09:00:00Z', [], { fieldChanges: [fixVersion('2026-01-06T09:00:00Z', null, 'CORE 1.1'), fixVersion('2026-01-07T09:00:00Z', 'CORE 1.1', null)] }),
    item('WEB-1', '2026-01-05T09:00:00Z', [], { team: 'WEB', fixVersions: ['WEB 1.0'] }),
  ],
  links: [],
  versions: [
    { name: 'CORE 1.0', releaseDate: '2026-02-01' },
    { name: 'CORE 1.1', releaseDate: '2026-01-20' },
    { name: 'CORE 2.0', releaseDate: null },
    { name: 'WEB 1.0', releaseDate: '2026-02-01' },
  ],
};

describe('chooseTargets', () => {
  it("takes the released versions the teams' items ever held, by release date, then their epics", () => {
    expect(chooseTargets(history, new Set(['CORE']), {})).toEqual([
      { kind: 'version', name: 'CORE 1.1', releaseDate: '2026-01-20' },
      { kind: 'version', name: 'CORE 1.0', releaseDate: '2026-02-01' },
      { kind: 'epic', key: 'CORE-9' },
    ]);
  });

  it('finds one version by its full or unique short name and names the ambiguity otherwise', () => {
    expect(chooseTargets(history, new Set(), { version: '1.1' })).toEqual([{ kind: 'version', name: 'CORE 1.1', releaseDate: '2026-01-20' }]);
    expect(() => chooseTargets(history, new Set(), { version: '1.0' })).toThrow(/"1.0" names 2 versions \(CORE 1.0, WEB 1.0\)/);
    expect(() => chooseTargets(history, new Set(), { version: '3.0' })).toThrow(BacktestInputError);
    expect(() => chooseTargets(history, new Set(), { epic: 'NOPE-1' })).toThrow(/no epic "NOPE-1"/);
  });

  it('reads --every as days or weeks', () => {
    expect(parseEvery('2w')).toBe(14);
    expect(parseEvery('10d')).toBe(10);
    expect(() => parseEvery('fortnight')).toThrow(/--every must look like 2w or 10d/);
  });
});
