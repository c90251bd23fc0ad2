/**
 * What-if for the dashboard and the CLI: loads a program's graph as a rebuild would (read-only),
 * parses the scenario against it and compares it with today on the same engine and seed.
 * Nothing is written: not to trackers, snapshots nor the register.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database-types.js';
import type { ConfigFile } from '../config/config-schema.js';
import type { ProgramGraph } from '../graph/graph-types.js';
import { loadForecastContext, loadProgramGraph, UnknownProgramError } from '../rebuild/rebuild-program.js';
import { compareScenario, type EngineSettings, type ScenarioComparison } from './compare-scenario.js';
import { parseScenario, type ScenarioArgs } from './scenario.js';

/** Two full engine runs per answer: 2,000 trials keep P85 within about a day and the answer quick. */
export const WHATIF_TRIALS = 2_000;

/**
 * Item-trials (open items × trials) per engine run: a what-if runs the engine twice, and the
 * scheduler costs about a microsecond per item and trial on this machine, so about 4 million
 * keep a 10,000-item answer within a few seconds. Both runs share the seed (common random
 * numbers), so the difference between them stays steady even with fewer trials.
 */
const ITEM_TRIAL_BUDGET = 4_000_000;
const MIN_TRIALS = 500;

/** Trials for a what-if on `graph`: `maxTrials` on small programs, fewer (not below 500) on large ones. */
export function whatIfTrials(graph: ProgramGraph, maxTrials: number): number {
  let open = 0;
  for (const item of graph.items) if (item.statusCategory !== 'done') open += 1;
  const affordable = Math.floor(ITEM_TRIAL_BUDGET / Math.max(1, open));
  return Math.min(maxTrials, Math.max(MIN_TRIALS, affordable));
}

/** The engine settings a rebuild uses, with the trials capped for an interactive answer. */
export function whatIfSettings(file: Pick<ConfigFile, 'forecast' | 'thresholds'>): Required<Omit<EngineSettings, 'recalibration' | 'scopeKept'>> {
  const f = file.forecast;
  return { trials: Math.min(f.trials, WHATIF_TRIALS), seed: f.seed, minFinishedItems: f.minHistoryItems, nearCriticalDays: file.thresholds.nearCriticalSlackDays };
}

export interface WhatIfGraphSource {
  /** The program's graph as of now; null for a program that is not configured. */
  loadGraph(program: string): Promise<{ readonly graph: ProgramGraph; readonly settings: EngineSettings } | null>;
}

export interface WhatIfService {
  /** Throws UnknownProgramError, or ScenarioError naming the edit that cannot apply. */
  compare(program: string, args: ScenarioArgs): Promise<ScenarioComparison>;
}

export function createWhatIfService(source: WhatIfGraphSource): WhatIfService {
  return {
    async compare(program, args) {
      const loaded = await source.loadGraph(program);
      if (loaded === null) throw new UnknownProgramError(program);
      const { graph, settings } = loaded;
      const trials = whatIfTrials(graph, settings.trials ?? WHATIF_TRIALS);
      return compareScenario(graph, parseScenario(args, graph), { ...settings, trials });
    },
  };
}

/** Graphs from the database, as `seams whatif --program` reads them. */
export function databaseWhatIfGraphs(deps: {
  readonly db: Kysely<Database>;
  readonly file: Pick<ConfigFile, 'programs' | 'forecast' | 'thresholds'>;
  readonly now?: () => Date;
}): WhatIfGraphSource {
  return {
    async loadGraph(name) {
      const program = deps.file.programs.find((p) => p.name === name);
      if (!program) return null;
      const graph = await loadProgramGraph(deps.db, program, deps.file, deps.now?.() ?? new Date());
      return { graph, settings: { ...whatIfSettings(deps.file), ...(await loadForecastContext(deps.db, program, graph)) } };
    },
  };
}
