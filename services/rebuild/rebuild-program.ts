/**
 * Rebuilds one program: loads its dependency network and team history from the database, runs
 * the pure engine (scope, CPM, forecast, risks, colour) and stores this week's snapshot and the
 * risk register in one transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database-types.js';
import { loadProgramNetwork } from '../../db/program-graph.js';
import { getProgramByName } from '../../db/programs.js';
import { listSetAsideIdentities, reopenRedetectedRisks } from '../../db/risk-reviews.js';
import { syncRiskRegister } from '../../db/risks.js';
import { loadSnapshotBefore, saveSnapshot } from '../../db/snapshots.js';
import { loadTrackRecord } from '../../db/track-records.js';
import { loadBacktestHistory } from '../../db/backtest-history.js';
import { majorityTeam, pastReleases, releaseScopeAt } from '../backtest/release-scope.js';
import { loadFinishedHistory } from '../../db/transitions.js';
import type { ConfigFile, ProgramConfig } from '../config/config-schema.js';
import { InsufficientHistoryError } from '../forecast/forecast-errors.js';
import type { ForecastResult, Recalibration } from '../forecast/forecast-types.js';
import { forecastProgram } from '../forecast/monte-carlo.js';
import { createRecalibration } from '../forecast/recalibration.js';
import { buildTeamProfiles } from '../forecast/team-history.js';
import { headline } from '../forecast/wording.js';
import { analyzeScopedGraph } from '../graph/analyze-program.js';
import type { ProgramAnalysis } from '../graph/analysis-types.js';
import type { ProgramGraph } from '../graph/graph-types.js';
import { selectScope } from '../graph/program-scope.js';
import { DEFAULT_CALENDAR, isoDateInZone } from '../graph/work-calendar.js';
import { evaluateRisks } from '../risk/evaluate-risks.js';
import { forecastScale } from '../risk/item-forecast.js';
import { statusColour } from '../risk/status-colour.js';
import type { RiskSignal } from '../risk/risk-types.js';
import type { Logger } from '../logging/logger.js';
import { raiseAlerts, type RaisedAlert } from '../alerts/raise-alerts.js';
import { recordRebuildGraph, type RebuildAttributions } from './rebuild-attribution.js';
import { isoWeekPeriod } from './report-period.js';
import { buildSnapshotData } from './snapshot-data.js';

export class UnknownProgramError extends Error {
  override readonly name = 'UnknownProgramError';
  constructor(readonly program: string) {
    super(`no program named "${program}" (is it in seams.config.yaml and has Seams started with it?)`);
  }
}

export interface RebuildDeps {
  readonly db: Kysely<Database>;
  readonly config: Pick<ConfigFile, 'programs' | 'thresholds' | 'forecast'>;
  readonly logger?: Pick<Logger, 'info'>;
  /** The instant of the rebuild (the demo replays past weeks). */
  readonly now?: () => Date;
  /** With it, alerts go into the outbox (Message-IDs on this host); without (one-shot commands), none are raised. */
  readonly alertMessageIdHost?: string;
}

export interface RebuildResult {
  readonly program: string;
  readonly programId: number;
  readonly period: string;
  readonly colour: string;
  readonly headline: string;
  readonly items: number;
  readonly criticalPath: readonly string[];
  readonly risks: number;
  readonly durationMs: number;
  /** The engine's scoped graph and analysis, for what runs after a rebuild (write-back). */
  readonly scoped: ProgramGraph;
  readonly analysis: ProgramAnalysis;
  /** Why the dates moved since the last rebuild (alerts) and since last week (the weekly report). */
  readonly attributions: RebuildAttributions;
  /** Alert emails written to the outbox, to send now. */
  readonly alerts: readonly RaisedAlert[];
}

/** Loads the program graph as the pure engine and `seams export` see it. */
export async function loadProgramGraph(
  db: Kysely<Database>,
  program: ProgramConfig,
  settings: Pick<ConfigFile, 'forecast'>,
  now: Date,
): Promise<ProgramGraph> {
  const asOf = isoDateInZone(now, program.timezone);
  const network = await loadProgramNetwork(db, program.scope);
  const since = new Date(now.getTime() - settings.forecast.historyWeeks * 7 * 86_400_000);
  const calendar = { ...DEFAULT_CALENDAR, timezone: program.timezone };
  const history = await loadFinishedHistory(db, since);
  const teams = buildTeamProfiles(
    { finished: history },
    { calendar, asOf, weeks: settings.forecast.historyWeeks, teamCalendars: network.teamCalendars },
  );
  return {
    version: 1,
    program: program.name,
    asOf,
    targetDate: program.targetDate,
    calendar,
    items: network.items,
    links: network.links,
    teams,
  };
}

/** What the program's past says about its forecast, beyond its teams' finished work. */
export interface ForecastContext {
  /** From the stored track record (what `seams backtest` measured); null before any backtest. */
  readonly recalibration: Recalibration | null;
  /**
   * A release (scoped by fix versions) ships when this share of its open work is done: the share
   * the team's earlier releases shipped, the rest moved out (the backtest assumes the same).
   * 1 for other programs, or without enough past releases.
   */
  readonly scopeKept: number;
}

export async function loadForecastContext(db: Kysely<Database>, program: ProgramConfig, graph: ProgramGraph): Promise<ForecastContext> {
  const row = await getProgramByName(db, program.name);
  const pits = row ? ((await loadTrackRecord(db, row.id))?.record.pits ?? []) : [];
  let scopeKept = 1;
  if ((program.scope.fixVersions?.length ?? 0) > 0) {
    const { history } = await loadBacktestHistory(db);
    const open = graph.items.filter((i) => i.inScope && i.statusCategory !== 'done');
    scopeKept = releaseScopeAt(pastReleases(history), majorityTeam(open), graph.asOf)?.share ?? 1;
  }
  return { recalibration: pits.length > 0 ? createRecalibration(pits) : null, scopeKept };
}

export async function rebuildProgram(deps: RebuildDeps, programName: string): Promise<RebuildResult> {
  const started = performance.now();
  const now = deps.now?.() ?? new Date();
  const program = deps.config.programs.find((p) => p.name === programName);
  const row = program ? await getProgramByName(deps.db, programName) : undefined;
  if (!program || !row) throw new UnknownProgramError(programName);
  const { thresholds, forecast: settings } = deps.config;
  const owner = program.owner ?? program.raci?.accountable ?? 'the program owner';
  // The Accountable person is who escalations go to; Responsible people own their team's unassigned work.
  const escalateTo = program.raci?.accountable ?? owner;

  const graph = await loadProgramGraph(deps.db, program, deps.config, now);
  const scoped = selectScope(graph);
  const analysis = analyzeScopedGraph(scoped, { nearCriticalDays: thresholds.nearCriticalSlackDays });
  const context = await loadForecastContext(deps.db, program, graph);
  const { forecast, noForecastReason } = forecastOrReason(scoped, settings, program.teamCapacityShare, context);

  const period = isoWeekPeriod(now, program.timezone);
  const previous = await loadSnapshotBefore(deps.db, row.id, period);
  const risks = evaluateRisks({
    graph: scoped,
    analysis,
    thresholds: {
      staleWorkingDays: thresholds.staleWorkingDays,
      scopeCreepPercent: thresholds.scopeCreepPercent,
      forecastSlipDays: thresholds.slippingForecastDays,
      blockedMinSeverity: thresholds.blockedMinSeverity,
      blockedHorizonDays: thresholds.blockedHorizonDays,
    },
    forecastScale: forecastScale(analysis, forecast?.percentileWorkingDays ?? null),
    previousScope: previous
      ? { items: previous.analysis.scope.totalItems, points: previous.analysis.scope.points }
      : null,
    forecast: forecast ? { p85: forecast.p85, previousP85: previous?.forecast?.p85 ?? null } : null,
    programOwner: escalateTo,
    teamLeads: program.raci?.responsible ?? {},
  });
  // Risks people accepted or snoozed stay in the register but leave the colour calculation.
  const setAside = await listSetAsideIdentities(deps.db, row.id, analysis.asOf);
  const colour = statusColour({
    confidence: forecast?.probabilityOnTarget ?? null,
    targetDate: program.targetDate,
    asOf: analysis.asOf,
    programOwner: escalateTo,
    risks: risks.filter((r) => !setAside.has(r.key)),
    previous: previous ? [{ colour: previous.colour, baseColour: previous.baseColour }] : [],
    thresholds: { greenConfidence: thresholds.greenConfidence, redConfidence: thresholds.redConfidence },
    previousTarget: previous ? { targetDate: previous.plan.targetDate, confidence: previous.forecast?.probabilityOnTarget ?? null } : null,
    calendar: scoped.calendar,
  });
  const line = forecast ? headline(forecast) : noForecastReason;
  const plan = { targetDate: program.targetDate, scope: { ...program.scope } };
  const data = buildSnapshotData({ period, takenAt: now.toISOString(), scoped, analysis, forecast, colour, headline: line, plan });

  await deps.db.transaction().execute(async (trx) => {
    await saveSnapshot(trx, row.id, data, Object.fromEntries(risks.map((r) => [r.key, r.severity])));
    await syncRiskRegister(trx, row.id, risks.map(toDetectedRisk), now);
    await reopenRedetectedRisks(trx, row.id, risks.map((r) => r.key), now);
  });
  const attributions = await recordRebuildGraph(deps.db, row.id, {
    period,
    previousPeriod: previous?.period ?? null,
    takenAt: now,
    graph: scoped,
    summary: { colour: colour.colour, confidence: forecast?.probabilityOnTarget ?? null, p85: forecast?.p85 ?? null },
    settings: { trials: settings.trials, seed: settings.seed, minFinishedItems: settings.minHistoryItems, nearCriticalDays: thresholds.nearCriticalSlackDays },
  });
  const alerts =
    deps.alertMessageIdHost === undefined || attributions.lastRebuild === null
      ? []
      : await raiseAlerts(deps.db, {
          programId: row.id,
          programName,
          change: {
            colour: { from: attributions.lastRebuild.colour, to: colour.colour },
            confidence: { from: attributions.lastRebuild.confidence, to: forecast?.probabilityOnTarget ?? null },
            p85: { from: attributions.lastRebuild.p85, to: forecast?.p85 ?? null, movedDays: attributions.sinceLastRebuild?.p85?.days ?? null },
          },
          attribution: attributions.sinceLastRebuild,
          now,
          messageIdHost: deps.alertMessageIdHost,
        });
  const result: RebuildResult = {
    program: programName,
    programId: row.id,
    period,
    colour: colour.colour,
    headline: line,
    items: scoped.items.length,
    criticalPath: analysis.criticalPath,
    risks: risks.length,
    durationMs: Math.round(performance.now() - started),
    scoped,
    analysis,
    attributions,
    alerts,
  };
  deps.logger?.info({ program: programName, period, colour: result.colour, items: result.items, risks: result.risks, ms: result.durationMs }, 'program rebuilt');
  return result;
}

/**
 * A forecast, or the honest reason there is none: everything done, or no finished work to learn
 * from (a made-up distribution would be false precision).
 */
function forecastOrReason(
  scoped: ProgramGraph,
  settings: ConfigFile['forecast'],
  capacityShare: ProgramConfig['teamCapacityShare'],
  context: ForecastContext,
): { forecast: ForecastResult | null; noForecastReason: string } {
  if (!scoped.items.some((i) => i.statusCategory !== 'done')) {
    return { forecast: null, noForecastReason: `All ${scoped.items.length} items in scope are done: nothing left to forecast.` };
  }
  try {
    const forecast = forecastProgram(scoped, {
      trials: settings.trials,
      seed: settings.seed,
      minFinishedItems: settings.minHistoryItems,
      ...(capacityShare ? { capacityShare } : {}),
      recalibration: context.recalibration,
      scopeKept: context.scopeKept,
    });
    return { forecast, noForecastReason: '' };
  } catch (error) {
    if (!(error instanceof InsufficientHistoryError)) throw error;
    return {
      forecast: null,
      noForecastReason: `No date forecast yet: no finished work to learn from for ${error.teams.join(', ') || 'any team'}.`,
    };
  }
}

function toDetectedRisk(r: RiskSignal) {
  return {
    identity: r.key,
    rule: r.rule,
    severity: r.severity,
    owner: r.owner,
    title: r.title,
    subjectIds: r.subjectIds,
    evidence: {
      text: r.evidence.text,
      data: r.evidence.data,
      suggestedMitigation: r.mitigation,
      needBy: r.needBy,
      impactDays: r.impactDays,
      crossTeam: r.crossTeam,
    },
  };
}
