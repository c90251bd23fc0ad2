/**
 * Remaining duration of every item in working days, from the team's own history. Each value
 * says where it came from so reports can flag guesses (team median, defaults, placeholders).
 */
import type { AnalyzeOptions } from './analysis-options.js';
import type { DurationSource } from './analysis-types.js';
import type { GraphItem, TeamProfile } from './graph-types.js';
import { MAX_DURATION_DAYS, ScheduleLimitError } from './schedule-limits.js';
import { median } from './order-stats.js';
import { isoToDayNumber, type WorkingDays } from './work-calendar.js';

export interface ItemDurations {
  readonly days: Float64Array;
  readonly elapsed: Float64Array;
  readonly sources: readonly DurationSource[];
}

interface TeamRate {
  readonly daysPerPoint: number;
  readonly source: 'estimate' | 'estimate-ratio' | 'estimate-default-rate';
  readonly medianCycleTime: number | null;
}

export interface DurationInputs {
  readonly items: readonly GraphItem[];
  /** 1 where the item is a parent of items in the network: it takes no time of its own. */
  readonly hasChildren: Uint8Array;
  readonly teams: readonly TeamProfile[];
  readonly asOfDay: number;
  readonly workingDays: WorkingDays;
  readonly options: AnalyzeOptions;
}

export function computeDurations(input: DurationInputs): ItemDurations {
  const { items, hasChildren, asOfDay, workingDays, options } = input;
  const rates = teamRates(items, input.teams, options);
  const days = new Float64Array(items.length);
  const elapsed = new Float64Array(items.length);
  const sources: DurationSource[] = new Array<DurationSource>(items.length);

  for (let i = 0; i < items.length; i++) {
    const item = items[i] as GraphItem;
    let source: DurationSource;
    let total: number;
    if (item.statusCategory === 'done') {
      source = 'done';
      total = 0;
    } else if (item.durationDays !== undefined && item.durationDays !== null) {
      source = 'explicit';
      total = Math.max(0, item.durationDays);
    } else if (hasChildren[i] === 1) {
      source = 'summary';
      total = 0;
    } else if (item.placeholder || item.statusCategory === 'unknown') {
      source = 'placeholder';
      total = options.placeholderDurationDays;
    } else {
      const rate = item.team === null ? undefined : rates.get(item.team);
      if (item.estimate !== null) {
        source = rate?.source ?? 'estimate-default-rate';
        total = Math.max(0, item.estimate) * (rate?.daysPerPoint ?? options.defaultDaysPerPoint);
      } else if (rate?.medianCycleTime !== undefined && rate.medianCycleTime !== null) {
        source = 'team-median';
        total = rate.medianCycleTime;
      } else {
        source = 'default';
        total = options.defaultDurationDays;
      }
      if (item.statusCategory === 'in_progress' && item.startedAt !== null) {
        const spent = Math.max(0, workingDays.workingDaysBetween(isoToDayNumber(item.startedAt), asOfDay));
        elapsed[i] = spent;
        total = Math.max(options.minRemainingDays, total - spent);
      }
    }
    if (!(total <= MAX_DURATION_DAYS)) {
      throw new ScheduleLimitError(item.id, item.key, total, MAX_DURATION_DAYS, `remaining duration (${source})`);
    }
    days[i] = total;
    sources[i] = source;
  }
  return { days, elapsed, sources };
}

/**
 * Points → days per team: the profile's own daysPerPoint; else the team's median cycle time per
 * median estimate of its items in this program; else the configured default rate.
 */
function teamRates(items: readonly GraphItem[], teams: readonly TeamProfile[], options: AnalyzeOptions): Map<string, TeamRate> {
  const estimates = new Map<string, number[]>();
  for (const item of items) {
    if (item.team === null || item.estimate === null || item.estimate <= 0) continue;
    let list = estimates.get(item.team);
    if (!list) estimates.set(item.team, (list = []));
    list.push(item.estimate);
  }
  const rates = new Map<string, TeamRate>();
  for (const team of teams) {
    const medianCycleTime = median(team.cycleTimes);
    const medianEstimate = median(estimates.get(team.team) ?? []);
    if (team.daysPerPoint !== null) {
      rates.set(team.team, { daysPerPoint: team.daysPerPoint, source: 'estimate', medianCycleTime });
    } else if (medianCycleTime !== null && medianEstimate !== null) {
      rates.set(team.team, { daysPerPoint: medianCycleTime / medianEstimate, source: 'estimate-ratio', medianCycleTime });
    } else {
      rates.set(team.team, { daysPerPoint: options.defaultDaysPerPoint, source: 'estimate-default-rate', medianCycleTime });
    }
  }
  return rates;
}
