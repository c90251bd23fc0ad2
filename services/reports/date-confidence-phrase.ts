/**
 * The one sentence that answers "will we hit the date?". The forecast's own wording
 * (services/forecast/wording.ts) says it whenever there is a forecast, so emails, dashboard and
 * CLI agree word for word; this adds only the case of a program without a forecast yet.
 */
import type { IsoDate } from '../graph/graph-types.js';
import type { ForecastResult } from '../forecast/forecast-types.js';
import { headline } from '../forecast/wording.js';
import { formatDay } from './report-format.js';

export interface DateConfidenceInputs {
  readonly targetDate: IsoDate | null;
  readonly forecast: ForecastResult | null;
  /** CPM finish, used when there is no forecast yet. */
  readonly cpmFinishDate: IsoDate;
  /** Today in the program's timezone: dates in another year get their year. */
  readonly today: IsoDate;
}

export function dateConfidencePhrase(inputs: DateConfidenceInputs): string {
  const { targetDate, forecast, cpmFinishDate, today } = inputs;
  if (forecast !== null) return headline(forecast, { today });
  const finish = `the critical path finishes ${formatDay(cpmFinishDate)}`;
  return targetDate === null ? `No forecast yet; ${finish}.` : `No forecast yet for the ${formatDay(targetDate)} target; ${finish}.`;
}
