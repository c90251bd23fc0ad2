import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerConfig } from '../../../services/app/register-config.js';
import type { TrackRecord } from '../../../services/backtest/track-record.js';
import { loadTrackRecord, saveTrackRecord } from '../../../db/track-records.js';
import { getProgramByName } from '../../../db/programs.js';
import { createDashboardRenderer } from '../../../services/reports/render-dashboard.js';
import { reportInputsFixture } from '../../fixtures/reports/program-report-inputs.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/test-database.js';

const record: TrackRecord = {
  teams: ['PAY'],
  releases: 6,
  metP85: 5,
  forecasts: 18,
  reliability: [
    { claimed: 0.5, observed: 0.5, cases: 18 },
    { claimed: 0.85, observed: 0.83, cases: 18 },
  ],
  medianErrorP50: -2,
  past: [{ target: 'version PAY 2.0', asOf: '2026-03-02', p50: '2026-04-01', p85: '2026-04-20', actual: '2026-04-10', metP50: false, metP85: true }],
};

describe.each(DIALECTS)('track records on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await registerConfig(t.db, {
      sources: [],
      programs: [
        {
          name: 'checkout-v2',
          targetDate: '2026-07-15',
          timezone: 'UTC',
          scope: { epics: [], labels: ['launch'], linearProjects: [], teams: [], keys: [] },
          report: { weekday: 'monday', time: '08:00' },
          decisions: [],
        },
      ],
    });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('keeps the latest track record of a program', async () => {
    const program = await getProgramByName(t.db, 'checkout-v2');
    expect(await loadTrackRecord(t.db, program!.id)).toBeNull();
    await saveTrackRecord(t.db, 'checkout-v2', { ...record, metP85: 4 }, new Date('2026-05-01T00:00:00Z'));
    await saveTrackRecord(t.db, 'checkout-v2', record, new Date('2026-05-08T00:00:00Z'));
    const stored = await loadTrackRecord(t.db, program!.id);
    expect(stored).toEqual({ computedAt: new Date('2026-05-08T00:00:00Z'), record });
  });
});

describe('dashboard program page', () => {
  it('shows the track record: the sentence, a reliability chart and past forecasts against actuals', async () => {
    const html = await createDashboardRenderer().program(reportInputsFixture({ trackRecord: record }), { basePath: '' });
    expect(html).toContain('id="track-record"');
    expect(html).toContain('85% dates were met on 5 of 6 past releases of these teams');
    expect(html).toMatch(/<section class="panel" id="track-record">[\s\S]*<svg[\s\S]*version PAY 2.0/);
    const without = await createDashboardRenderer().program(reportInputsFixture(), { basePath: '' });
    expect(without).not.toContain('id="track-record"');
  });
});
