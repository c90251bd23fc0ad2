/**
 * Keeps the graph each rebuild ran on and explains the date's move: since the previous week's
 * rebuild (for the weekly report) and since the last rebuild (for alerts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database-types.js';
import { LATEST_SLOT, loadRebuildGraph, saveRebuildGraph, type RebuildSummary, type StoredRebuildGraph } from '../../db/rebuild-graphs.js';
import type { ProgramGraph } from '../graph/graph-types.js';
import { parseProgramGraph } from '../graph/graph-schema.js';
import { attributeChange, type Attribution } from '../whatif/attribution.js';
import { attributionSchema } from '../whatif/attribution-schema.js';
import type { EngineSettings } from '../whatif/compare-scenario.js';

/** Attribution replays the engine once per change: fewer trials keep a rebuild quick (±1 day at P85). */
const ATTRIBUTION_TRIALS = 2_000;
const ATTRIBUTION_MAX_STEPS = 30;

export interface RebuildAttributions {
  readonly sinceLastWeek: Attribution | null;
  readonly sinceLastRebuild: Attribution | null;
  /** Headline numbers of the rebuild before this one; null for the first. */
  readonly lastRebuild: RebuildSummary | null;
}

function storedGraph(value: unknown): ProgramGraph | null {
  try {
    return parseProgramGraph(value);
  } catch {
    // A graph stored by an older Seams that no longer validates: no attribution this once.
    return null;
  }
}

export async function recordRebuildGraph(
  db: Kysely<Database>,
  programId: number,
  input: {
    readonly period: string;
    readonly previousPeriod: string | null;
    readonly takenAt: Date;
    readonly graph: ProgramGraph;
    readonly summary: RebuildSummary;
    readonly settings: EngineSettings;
  },
): Promise<RebuildAttributions> {
  const settings = { ...input.settings, trials: Math.min(input.settings.trials ?? ATTRIBUTION_TRIALS, ATTRIBUTION_TRIALS), maxSteps: ATTRIBUTION_MAX_STEPS };
  const explain = (stored: StoredRebuildGraph | null): Attribution | null => {
    const before = stored ? storedGraph(stored.graph) : null;
    return before ? attributeChange(before, input.graph, settings) : null;
  };
  const lastWeek = input.previousPeriod === null ? null : await loadRebuildGraph(db, programId, input.previousPeriod);
  const last = await loadRebuildGraph(db, programId, LATEST_SLOT);
  const sinceLastWeek = explain(lastWeek);
  const sinceLastRebuild = explain(last);
  const row = { takenAt: input.takenAt, graph: input.graph, ...input.summary };
  await saveRebuildGraph(db, programId, input.period, { ...row, attribution: sinceLastWeek });
  await saveRebuildGraph(db, programId, LATEST_SLOT, { ...row, attribution: sinceLastRebuild });
  return {
    sinceLastWeek,
    sinceLastRebuild,
    lastRebuild: last ? { colour: last.colour, confidence: last.confidence, p85: last.p85 } : null,
  };
}

/** The stored "why the date moved since last week" of a period, validated; null when none. */
export async function loadWeekAttribution(db: Kysely<Database>, programId: number, period: string): Promise<Attribution | null> {
  const stored = await loadRebuildGraph(db, programId, period);
  if (!stored || stored.attribution === null) return null;
  const parsed = attributionSchema.safeParse(stored.attribution);
  return parsed.success ? parsed.data : null;
}
