/**
 * The track record as the dashboard shows it: the sentence, a reliability chart (claimed
 * probability against the observed share of real finishes by that date; a calibrated forecast
 * lies on the diagonal) and past forecasts against what really happened. Pure.
 */
import type { TopLevelSpec } from 'vega-lite';
import { trackRecordSentence, type PastForecast, type TrackRecord } from '../backtest/track-record.js';

export interface TrackRecordView {
  readonly sentence: string;
  readonly forecasts: number;
  readonly medianErrorP50: number | null;
  readonly past: readonly PastForecast[];
}

export function trackRecordView(record: TrackRecord): TrackRecordView {
  return { sentence: trackRecordSentence(record), forecasts: record.forecasts, medianErrorP50: record.medianErrorP50, past: record.past };
}

export function reliabilitySpec(record: TrackRecord, width = 320): TopLevelSpec {
  const values = record.reliability.map((r) => ({ claimed: r.claimed, observed: r.observed }));
  const axis = (title: string) => ({ scale: { domain: [0, 1] }, title, axis: { format: '.0%', tickCount: 5 } });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width,
    height: width,
    background: '#ffffff',
    config: { font: 'DejaVu Sans', view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 11, gridColor: '#eaeef2' } },
    layer: [
      {
        data: { values: [{ claimed: 0, observed: 0 }, { claimed: 1, observed: 1 }] },
        mark: { type: 'line', strokeDash: [4, 3], color: '#8c959f' },
        encoding: { x: { field: 'claimed', type: 'quantitative', ...axis('Claimed probability') }, y: { field: 'observed', type: 'quantitative', ...axis('Real finishes by that date') } },
      },
      {
        data: { values },
        mark: { type: 'line', point: { filled: true, size: 50, color: '#0969da' }, color: '#0969da', strokeWidth: 2 },
        encoding: { x: { field: 'claimed', type: 'quantitative' }, y: { field: 'observed', type: 'quantitative' } },
      },
    ],
  };
}
