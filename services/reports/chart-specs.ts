/**
 * Vega-Lite specs for the report charts. Dates are plotted on a UTC scale: they are already
 * calendar days in the program's timezone, and a local scale would shift them with the server's TZ.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ForecastResult } from '../forecast/forecast-types.js';
import type { IsoDate } from '../graph/graph-types.js';
import type { ColourThresholds } from '../risk/status-colour.js';
import { formatPercent, formatShortDay } from './report-format.js';

const FONT = 'DejaVu Sans';
const CONFIG = {
  font: FONT,
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 11, gridColor: '#eaeef2', domainColor: '#8c959f', tickColor: '#8c959f' },
} as const;

const LABEL_SPACING = 60;

export interface TrendPoint {
  readonly date: IsoDate;
  readonly confidence: number;
}

/**
 * Weekly date confidence with the Green/Red thresholds as reference lines. One labelled point
 * per snapshot (an ordinal axis): a reader compares weeks, not calendar positions.
 */
export function confidenceTrendSpec(points: readonly TrendPoint[], thresholds: ColourThresholds, width = 520): TopLevelSpec {
  // Labels about 60 px apart: with many weeks only every k-th week (counted back from the latest)
  // carries its date and its percentage.
  const every = Math.max(1, Math.ceil((points.length * LABEL_SPACING) / width));
  const isLabelled = (i: number) => (points.length - 1 - i) % every === 0;
  const values = points.map((p, i) => ({
    week: formatShortDay(p.date),
    confidence: p.confidence,
    label: isLabelled(i) ? formatPercent(p.confidence) : '',
  }));
  const labelled = values.filter((_, i) => isLabelled(i)).map((v) => v.week);
  const x = { field: 'week', type: 'ordinal' as const, sort: null, title: null, axis: { labelAngle: 0, values: labelled } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width,
    height: 150,
    background: '#ffffff',
    config: CONFIG,
    layer: [
      {
        data: { values: [{ y: thresholds.greenConfidence, c: '#1a7f37' }, { y: thresholds.redConfidence, c: '#c62828' }] },
        mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1 },
        encoding: { y: { field: 'y', type: 'quantitative' }, color: { field: 'c', type: 'nominal', scale: null } },
      },
      {
        data: { values },
        layer: [
          { mark: { type: 'line', point: { filled: true, size: 60, color: '#0969da' }, color: '#0969da', strokeWidth: 2.5 } },
          { mark: { type: 'text', dy: -12, fontSize: 12, fontWeight: 'bold', color: '#1f2328' }, encoding: { text: { field: 'label' } } },
        ],
        encoding: {
          x,
          y: { field: 'confidence', type: 'quantitative', scale: { domain: [0, 1] }, title: 'Date confidence', axis: { format: '.0%', tickCount: 5 } },
        },
      },
    ],
  };
}

/** Probability of finishing by each date, with the target marked. */
export function forecastCdfSpec(forecast: ForecastResult, width = 520): TopLevelSpec {
  const cdf = forecast.cdf.map((p) => ({ date: p.date, probability: p.probability }));
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width,
    height: 170,
    background: '#ffffff',
    config: CONFIG,
  } as const;
  const cdfLayer = {
    data: { values: cdf },
    mark: { type: 'area' as const, line: { color: '#0969da', strokeWidth: 2 }, color: '#ddf4ff', interpolate: 'step-after' as const },
    encoding: {
      x: { field: 'date', type: 'temporal' as const, scale: { type: 'utc' as const }, title: null, axis: { format: '%d %b' } },
      y: { field: 'probability', type: 'quantitative' as const, scale: { domain: [0, 1] }, title: 'P(done by date)', axis: { format: '.0%', tickCount: 5 } },
    },
  };
  const percentiles = {
    data: { values: [{ date: forecast.p50, label: 'p50' }, { date: forecast.p85, label: 'p85' }, { date: forecast.p95, label: 'p95' }] },
    mark: { type: 'rule' as const, color: '#57606a', strokeDash: [2, 2] },
    encoding: { x: { field: 'date', type: 'temporal' as const, scale: { type: 'utc' as const } } },
  };
  const target =
    forecast.targetDate === null
      ? []
      : [
          {
            data: { values: [{ date: forecast.targetDate }] },
            mark: { type: 'rule' as const, color: '#c62828', strokeWidth: 2 },
            encoding: { x: { field: 'date', type: 'temporal' as const, scale: { type: 'utc' as const } } },
          },
        ];
  return { ...base, layer: [cdfLayer, percentiles, ...target] };
}
