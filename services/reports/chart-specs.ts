/**
 * Vega-Lite specs for the report charts. Dates are plotted on a UTC scale: they are already
 * calendar days in the program's timezone, and a local scale would shift them with the server's TZ.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ForecastResult } from '../forecast/forecast-types.js';
import type { IsoDate } from '../graph/graph-types.js';
import type { ColourThresholds } from '../risk/status-colour.js';
import { formatPercent, formatShortDay } from './report-format.js';
import type { TrendPoint } from './trend.js';

const FONT = 'DejaVu Sans';
const CONFIG = {
  font: FONT,
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 11, gridColor: '#eaeef2', domainColor: '#8c959f', tickColor: '#8c959f' },
} as const;

const TARGET_RED = '#c62828';

/** What every chart shares: schema, size, white background, fonts and axis colours. */
function chartBase(width: number, height: number) {
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width, height, background: '#ffffff', config: CONFIG } as const;
}
/** Week labels stay about this far apart (px): with many weeks only every k-th is labelled. */
const LABEL_SPACING = 60;

/** Weeks whose date (and value) is labelled: every k-th, counted back from the latest. */
function labelledWeeks(points: readonly TrendPoint[], width: number): ReadonlySet<number> {
  const every = Math.max(1, Math.ceil((points.length * LABEL_SPACING) / width));
  return new Set(points.map((_, i) => i).filter((i) => (points.length - 1 - i) % every === 0));
}

/** The ordinal week axis shared by every layer of a trend chart. */
function weekAxis(points: readonly TrendPoint[], width: number) {
  const labelled = labelledWeeks(points, width);
  const values = points.filter((_, i) => labelled.has(i)).map((p) => shortDay(p.date));
  return { field: 'week', type: 'ordinal' as const, sort: null, title: null, axis: { labelAngle: 0, values } };
}

/** Weeks whose target differs from the week before, as chart marks: "target 22 Feb → 5 Apr". */
function targetMoves(points: readonly TrendPoint[]) {
  return points
    .map((p, i) => ({ p, late: i >= points.length / 2 }))
    .filter(({ p }) => p.targetMoved)
    .map(({ p, late }) => ({
      week: shortDay(p.date),
      late,
      to: p.targetDate,
      later: p.targetDate !== null && (p.targetMovedFrom === null || p.targetDate > p.targetMovedFrom),
      label: `target ${shortDay(p.targetMovedFrom)} → ${shortDay(p.targetDate)}`,
    }));
}

/** "22 Feb": chart labels stay short. */
function shortDay(date: IsoDate | null): string {
  return date === null ? 'none' : formatShortDay(date);
}

/**
 * A dashed vertical rule with its label at each week the target moved, on the side with room.
 * On the confidence chart the label runs along the bottom (the chart is 150 px high); on the
 * date chart it sits just inside the new target point.
 */
function targetMoveLayer(points: readonly TrendPoint[], width: number, onDates = false) {
  const moves = targetMoves(points);
  if (moves.length === 0) return [];
  const label = (late: boolean, later: boolean) => ({
    transform: [{ filter: `datum.late === ${late} && datum.later === ${later}` }],
    mark: {
      type: 'text' as const,
      color: TARGET_RED,
      fontSize: 11,
      fontWeight: 'bold' as const,
      align: late ? ('right' as const) : ('left' as const),
      dx: late ? -6 : 6,
      ...(onDates ? { dy: later ? 16 : -10 } : { y: 140 }),
    },
    encoding: {
      text: { field: 'label' },
      ...(onDates ? { y: { field: 'to', type: 'temporal' as const, scale: { type: 'utc' as const } } } : {}),
    },
  });
  return [
    {
      data: { values: moves },
      layer: [
        { mark: { type: 'rule' as const, color: TARGET_RED, strokeDash: [3, 3], strokeWidth: 1.5 } },
        ...[false, true].flatMap((late) => [label(late, false), label(late, true)]),
      ],
      encoding: { x: weekAxis(points, width) },
    },
  ];
}

/**
 * Weekly date confidence with the Green/Red thresholds as reference lines. One labelled point
 * per snapshot (an ordinal axis): a reader compares weeks, not calendar positions. A week in
 * which the target moved is marked: confidence against a new target is not progress.
 */
export function confidenceTrendSpec(points: readonly TrendPoint[], thresholds: ColourThresholds, width = 520): TopLevelSpec {
  const labelled = labelledWeeks(points, width);
  const values = points
    .map((p, i) => ({ i, week: shortDay(p.date), confidence: p.confidence, label: labelled.has(i) ? formatPercent(p.confidence) : '' }))
    .filter((v) => v.confidence !== null);
  const x = weekAxis(points, width);
  return {
    ...chartBase(width, 150),
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
          // Lines join the weeks in time order, not in the order of their labels.
          order: { field: 'i', type: 'quantitative' },
        },
      },
      ...targetMoveLayer(points, width),
    ],
  };
}

/**
 * The p85 forecast date and the target, week by week: the gap between the lines is the risk,
 * and a moved target shows as a step in the red line with its change marked.
 */
export function targetTrendSpec(points: readonly TrendPoint[], width = 520): TopLevelSpec {
  const y = { type: 'temporal' as const, scale: { type: 'utc' as const, padding: 12 }, title: null, axis: { format: '%d %b %Y' } };
  const series = points.flatMap((p, i) => [
    ...(p.p85 === null ? [] : [{ i, week: shortDay(p.date), series: 'p85 forecast', date: p.p85 }]),
    ...(p.targetDate === null ? [] : [{ i, week: shortDay(p.date), series: 'target', date: p.targetDate }]),
  ]);
  return {
    ...chartBase(width, 150),
    layer: [
      // The forecast moves continuously; the target holds until someone changes it (a step).
      ...(['p85 forecast', 'target'] as const).map((name) => ({
        data: { values: series.filter((v) => v.series === name) },
        mark: { type: 'line' as const, point: { filled: true, size: 50 }, strokeWidth: 2.5, interpolate: name === 'target' ? ('step-after' as const) : ('linear' as const) },
        encoding: {
          x: weekAxis(points, width),
          y: { field: 'date', ...y },
          order: { field: 'i', type: 'quantitative' as const },
          color: {
            field: 'series',
            type: 'nominal' as const,
            scale: { domain: ['p85 forecast', 'target'], range: ['#0969da', TARGET_RED] },
            legend: { orient: 'bottom' as const, title: null },
          },
        },
      })),
      ...targetMoveLayer(points, width, true),
    ],
  };
}

/** Probability of finishing by each date, with the target marked. */
export function forecastCdfSpec(forecast: ForecastResult, width = 520): TopLevelSpec {
  const cdf = forecast.cdf.map((p) => ({ date: p.date, probability: p.probability }));
  const base = chartBase(width, 170);
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
