/**
 * The one sentence that answers "will we hit the date?". services/forecast has no wording
 * module, so the phrase lives here, next to the reports that print it.
 */
import type { IsoDate } from '../graph/graph-types.js';
import type { ForecastResult } from '../forecast/forecast-types.js';
import { DEFAULT_COLOUR_THRESHOLDS, type ColourThresholds } from '../risk/status-colour.js';
import { formatDay, formatPercent } from './report-format.js';

export interface DateConfidenceInputs {
  readonly targetDate: IsoDate | null;
  readonly forecast: ForecastResult | null;
  /** CPM finish, used when there is no forecast yet. */
  readonly cpmFinishDate: IsoDate;
  readonly thresholds?: ColourThresholds;
}

export function dateConfidencePhrase(inputs: DateConfidenceInputs): string {
  const { targetDate, forecast, cpmFinishDate } = inputs;
  const thresholds = inputs.thresholds ?? DEFAULT_COLOUR_THRESHOLDS;
  if (forecast === null) {
    const finish = `the critical path finishes ${formatDay(cpmFinishDate)}`;
    return targetDate === null ? `No forecast yet; ${finish}.` : `No forecast yet for the ${formatDay(targetDate)} target; ${finish}.`;
  }
  const confidence = forecast.probabilityOnTarget;
  if (targetDate === null || confidence === null) {
    return `Forecast to finish by ${formatDay(forecast.p85)} at 85% confidence (50% by ${formatDay(forecast.p50)}).`;
  }
  const target = formatDay(targetDate);
  const pct = formatPercent(confidence);
  if (confidence >= thresholds.greenConfidence) return `Tracking to ${target} at ${pct} confidence.`;
  const likely = `85% confidence by ${formatDay(forecast.p85)}`;
  if (confidence >= thresholds.redConfidence) return `At risk for ${target}: ${pct} confidence; ${likely}.`;
  return `Unlikely to hit ${target}: ${pct} confidence; ${likely}.`;
}
