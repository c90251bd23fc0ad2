/**
 * The pure engine's entry point: scope → network → cycles → durations → CPM → team matrix.
 * No I/O; the graph comes in as plain JSON (see README.md) and the result goes out as plain JSON.
 */
import { resolveAnalyzeOptions, type AnalyzeOptions } from './analysis-options.js';
import type { ItemSchedule, ProgramAnalysis } from './analysis-types.js';
import { computeCriticalPath } from './critical-path.js';
import { breakCycles, compareIds } from './cycles.js';
import { buildDependencyNetwork } from './dependency-network.js';
import { computeDurations } from './durations.js';
import type { GraphItem, ProgramGraph } from './graph-types.js';
import { scopeStats, selectScope } from './program-scope.js';
import { MAX_SCHEDULE_DAYS, ScheduleLimitError } from './schedule-limits.js';
import { teamDependencyMatrix } from './team-matrix.js';
import { isoToDayNumber, WorkingDays } from './work-calendar.js';
import { WorkingDayDates } from './working-day-dates.js';

/** Selects the program's scope, then analyzes it. */
export function analyzeProgram(graph: ProgramGraph, options: Partial<AnalyzeOptions> = {}): ProgramAnalysis {
  return analyzeScopedGraph(selectScope(graph), options);
}

/** Analyzes every item of `scoped` (already the output of `selectScope`). */
export function analyzeScopedGraph(scoped: ProgramGraph, options: Partial<AnalyzeOptions> = {}): ProgramAnalysis {
  const opts = resolveAnalyzeOptions(options);
  const workingDays = new WorkingDays(scoped.calendar);
  const asOfDay = isoToDayNumber(scoped.asOf);
  const net = buildDependencyNetwork(scoped);
  const { cycles, dropped } = breakCycles(net);
  const durations = computeDurations({
    items: scoped.items,
    hasChildren: net.hasChildren,
    teams: scoped.teams,
    asOfDay,
    workingDays,
    options: opts,
  });
  const finished = Uint8Array.from(scoped.items, (item) => (item.statusCategory === 'done' ? 1 : 0));
  const cpm = computeCriticalPath(net, durations.days, dropped, opts.epsilon, finished);
  if (cpm.finish > MAX_SCHEDULE_DAYS) {
    const last = cpm.ef.indexOf(cpm.finish);
    const item = scoped.items[last] as GraphItem;
    throw new ScheduleLimitError(item.id, item.key, cpm.finish, MAX_SCHEDULE_DAYS, 'program finish (the chain ending at this item)');
  }
  const dates = new WorkingDayDates(workingDays, asOfDay);

  const nearLimit = opts.nearCriticalDays + opts.epsilon;
  const items: ItemSchedule[] = new Array<ItemSchedule>(net.size);
  const nearIdx: number[] = [];
  for (let v = 0; v < net.size; v++) {
    const item = scoped.items[v] as GraphItem;
    const slack = cpm.slack[v] as number;
    const critical = cpm.critical[v] === 1;
    const nearCritical = !critical && finished[v] !== 1 && slack <= nearLimit;
    if (nearCritical) nearIdx.push(v);
    const es = cpm.es[v] as number;
    const ef = cpm.ef[v] as number;
    const ls = cpm.ls[v] as number;
    const lf = cpm.lf[v] as number;
    // Zero-duration work (a milestone, an epic summary, done work) happens the day what it waits
    // on finishes, so its start and finish are that one day. Fields, not a spread helper object:
    // this runs for every item of a 100k-item program.
    const dated = ef - es > 0;
    items[v] = {
      id: item.id,
      key: item.key,
      team: item.team,
      durationDays: durations.days[v] as number,
      durationSource: durations.sources[v] ?? 'default',
      elapsedDays: durations.elapsed[v] as number,
      es,
      ef,
      ls,
      lf,
      slack,
      critical,
      nearCritical,
      startDate: dated ? dates.startDate(es) : dates.finishDate(ef),
      finishDate: dates.finishDate(ef),
      lateStartDate: dated ? dates.startDate(ls) : dates.finishDate(lf),
      lateFinishDate: dates.finishDate(lf),
    };
  }

  const criticalIdx: number[] = [];
  for (let v = 0; v < net.size; v++) if (cpm.critical[v] === 1) criticalIdx.push(v);
  const idOf = (v: number): string => net.ids[v] as string;
  criticalIdx.sort((a, b) => (cpm.es[a] as number) - (cpm.es[b] as number) || compareIds(idOf(a), idOf(b)));
  nearIdx.sort((a, b) => (cpm.slack[a] as number) - (cpm.slack[b] as number) || compareIds(idOf(a), idOf(b)));

  return {
    program: scoped.program,
    asOf: scoped.asOf,
    targetDate: scoped.targetDate,
    scope: scopeStats(scoped),
    cycles,
    items,
    criticalPath: cpm.criticalPath.map(idOf),
    criticalIds: criticalIdx.map(idOf),
    nearCritical: nearIdx.map(idOf),
    finishDays: cpm.finish,
    finishDate: dates.finishDate(cpm.finish),
    teamMatrix: teamDependencyMatrix(net, scoped.items, cpm, dropped, opts.epsilon),
  };
}

