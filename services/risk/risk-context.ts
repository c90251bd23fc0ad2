/**
 * Everything the rules read, indexed once: scoped items aligned with their schedules, blockers
 * per item, team profiles, owner resolution. Rules stay small loops over arrays.
 */
import type { ItemSchedule, ProgramAnalysis } from '../graph/analysis-types.js';
import type { GraphItem, IsoDate, ProgramGraph, TeamProfile } from '../graph/graph-types.js';
import { groupBy, indexGraph, type GraphIndex } from '../graph/graph-index.js';
import { isoToDayNumber, WorkingDays } from '../graph/work-calendar.js';
import { WorkingDayDates } from '../graph/working-day-dates.js';
import { NO_FORECAST_SCALE, type ForecastScale } from './item-forecast.js';
import { byPhrase, beforePhrase } from './need-by.js';
import { riskThresholdsSchema, type RiskThresholds } from './risk-thresholds.js';

/** An item's finish by Seams' own forecast, in working days from asOf and as dates. */
export interface ItemForecast {
  readonly p50Days: number;
  readonly p85Days: number;
  readonly p50: IsoDate;
  readonly p85: IsoDate;
}

export interface ScopeSize {
  readonly items: number;
  readonly points: number;
}

export interface RiskInputs {
  /** The program graph (full or already scoped): item facts are looked up by id. */
  readonly graph: ProgramGraph;
  readonly analysis: ProgramAnalysis;
  readonly thresholds?: Partial<RiskThresholds>;
  /** Scope size at the previous snapshot, for scope creep. */
  readonly previousScope?: ScopeSize | null;
  /** p85 dates of this and the previous snapshot's forecast, for slipping forecast. */
  readonly forecast?: { readonly p85: IsoDate | null; readonly previousP85: IsoDate | null } | null;
  /** Stretches CPM early finishes into per-item P50/P85 forecast dates (see item-forecast.ts). */
  readonly forecastScale?: ForecastScale | null;
  /** Team → lead, the owner of unassigned work. */
  readonly teamLeads?: Readonly<Record<string, string>>;
  /** Owner of program-wide signals (scope creep, slips, target miss). */
  readonly programOwner?: string | null;
}

export interface RiskContext {
  readonly graph: ProgramGraph;
  readonly analysis: ProgramAnalysis;
  readonly thresholds: RiskThresholds;
  /** Scoped items, aligned with `schedules`. */
  readonly items: readonly GraphItem[];
  readonly schedules: readonly ItemSchedule[];
  readonly indexOf: ReadonlyMap<string, number>;
  /** Blockers of item i (indices): blockerIds[blockerOffsets[i] .. blockerOffsets[i+1]); links dropped to break cycles excluded. */
  readonly blockerOffsets: Int32Array;
  readonly blockers: Int32Array;
  readonly teams: ReadonlyMap<string, TeamProfile>;
  readonly workingDays: WorkingDays;
  readonly asOfDay: number;
  readonly previousScope: ScopeSize | null;
  readonly forecast: { readonly p85: IsoDate | null; readonly previousP85: IsoDate | null } | null;
  readonly programOwner: string;
  /** Working days from the CPM finish to the target (negative when the schedule ends after it); null without a target. */
  readonly targetFloatDays: number | null;
  ownerOf(item: GraphItem): string;
  /** Seams' P50/P85 finish of item i. */
  forecastOf(i: number): ItemForecast;
  /** "by D" or "overdue since D (N working days)". */
  by(date: IsoDate): string;
  /** "before D" or "now: overdue since D (N working days)". */
  before(date: IsoDate): string;
}

export function createRiskContext(inputs: RiskInputs): RiskContext {
  const { graph, analysis } = inputs;
  const schedules = analysis.items;
  const { items, indexOf, linkFrom, linkTo } = alignItems(graph, schedules);
  const links = graph.links;
  // Links the schedule ignores to break a cycle are the cycle rule's: no other rule reads them.
  // Keyed by position pair (a number), since this check runs once per link.
  const n = items.length;
  const dropped = new Set<number>();
  for (const cycle of analysis.cycles) {
    for (const e of cycle.droppedEdges) if (e.kind === 'blocks') dropped.add((indexOf.get(e.from) ?? -1) * n + (indexOf.get(e.to) ?? -1));
  }
  // Blockers of each item: `A blocks B` lists A under B.
  const { offsets: blockerOffsets, values: blockers } = groupBy(
    n,
    links.length,
    (k) => {
      if (links[k]!.kind !== 'blocks' || linkFrom[k]! < 0) return -1;
      return dropped.size > 0 && dropped.has(linkFrom[k]! * n + linkTo[k]!) ? -1 : linkTo[k]!;
    },
    (k) => linkFrom[k]!,
  );

  const teamLeads = inputs.teamLeads ?? {};
  const programOwner = inputs.programOwner ?? `${graph.program} owner`;
  const workingDays = new WorkingDays(graph.calendar);
  const asOfDay = isoToDayNumber(graph.asOf);
  const dates = new WorkingDayDates(workingDays, asOfDay);
  const scale = inputs.forecastScale ?? NO_FORECAST_SCALE;
  const targetFloatDays =
    graph.targetDate === null ? null : workingDays.workingDaysBetween(asOfDay, isoToDayNumber(graph.targetDate) + 1) - analysis.finishDays;
  return {
    graph,
    analysis,
    thresholds: riskThresholdsSchema.parse(inputs.thresholds ?? {}),
    items,
    schedules,
    indexOf,
    blockerOffsets,
    blockers,
    teams: new Map(graph.teams.map((team) => [team.team, team])),
    workingDays,
    asOfDay,
    previousScope: inputs.previousScope ?? null,
    forecast: inputs.forecast ?? null,
    programOwner,
    targetFloatDays,
    ownerOf: (item) => item.assignee ?? (item.team === null ? programOwner : (teamLeads[item.team] ?? item.team)),
    forecastOf: (i) => {
      const schedule = schedules[i] as ItemSchedule;
      const p50Days = schedule.ef * scale.p50;
      const p85Days = schedule.ef * scale.p85;
      return { p50Days, p85Days, p50: dates.finishDate(p50Days), p85: dates.finishDate(p85Days) };
    },
    by: (date) => byPhrase(date, graph.asOf, workingDays),
    before: (date) => beforePhrase(date, graph.asOf, workingDays),
  };
}

/**
 * Scoped items in schedule order with link endpoints as positions. When the graph is the scoped
 * graph the analysis came from, its cached index is reused as is.
 */
function alignItems(graph: ProgramGraph, schedules: readonly ItemSchedule[]): GraphIndex & { items: readonly GraphItem[] } {
  const aligned = graph.items.length === schedules.length && schedules.every((s, i) => s.id === graph.items[i]!.id);
  if (aligned) return { items: graph.items, ...indexGraph(graph) };
  const byId = indexGraph(graph).indexOf;
  const indexOf = new Map<string, number>();
  const items = schedules.map((schedule, i) => {
    const item = graph.items[byId.get(schedule.id) ?? -1];
    if (!item) throw new Error(`analysis item ${schedule.id} is not in the graph`);
    indexOf.set(schedule.id, i);
    return item;
  });
  const linkFrom = Int32Array.from(graph.links, (link) => indexOf.get(link.from) ?? -1);
  const linkTo = Int32Array.from(graph.links, (link) => indexOf.get(link.to) ?? -1);
  return { items, indexOf, linkFrom, linkTo };
}
