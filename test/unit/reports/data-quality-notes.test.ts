import { describe, expect, it } from 'vitest';
import { dataQualityNotes } from '../../../services/reports/data-quality-notes.js';
import { buildTpmReportView } from '../../../services/reports/tpm-report-view-model.js';
import { reportInputsFixture } from '../../fixtures/reports/program-report-inputs.js';

const at = '2027-05-24T06:00:00.000Z';

describe('dataQualityNotes', () => {
  it('names each source whose last sync dropped, sanitised or found truncated data, with the counts', () => {
    const notes = dataQualityNotes([
      { name: 'jira-main', kind: 'jira', lastSuccessAt: at, lastError: null, quality: { dropped: 3, sanitised: 1, truncated: 2 } },
      { name: 'linear', kind: 'linear', lastSuccessAt: at, lastError: null, quality: { dropped: 0, sanitised: 0, truncated: 0 } },
      { name: 'linear-old', kind: 'linear', lastSuccessAt: at, lastError: null },
    ]);
    expect(notes).toEqual([
      {
        source: 'jira-main',
        kind: 'jira',
        counts: { dropped: 3, sanitised: 1, truncated: 2 },
        message: 'Jira: the last sync dropped 3 records it could not store, cleaned 1 record with unusable values and found 2 lists the tracker cut short; the sync log names each one',
      },
    ]);
  });

  it('reaches the TPM report view', () => {
    const inputs = reportInputsFixture();
    const sources = inputs.sources.map((s) => (s.kind === 'linear' ? { ...s, quality: { dropped: 0, sanitised: 0, truncated: 1 } } : s));
    const view = buildTpmReportView({ ...inputs, sources });
    expect(view.dataQuality.map((n) => n.message)).toEqual(['Linear: the last sync found 1 list the tracker cut short; the sync log names each one']);
  });
});
