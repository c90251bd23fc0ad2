/**
 * `seams backtest`: loads the stored history, picks what to replay (the released versions and
 * epics of the program's teams, or one version / epic), and runs the pure backtest with the
 * forecast settings the rebuild uses.
 */
import type { Kysely } from 'kysely';
import { loadBacktestHistory } from '../../db/backtest-history.js';
import type { Database } from '../../db/database-types.js';
import { loadProgramNetwork } from '../../db/program-graph.js';
import type { ConfigFile } from '../config/config-schema.js';
import { DEFAULT_CALENDAR } from '../graph/work-calendar.js';
import type { IsoDate } from '../graph/graph-types.js';
import { UnknownProgramError } from '../rebuild/rebuild-program.js';
import { BacktestInputError } from './backtest-input-error.js';
import type { Schedule } from './backtest-targets.js';
import type { BacktestHistory, BacktestTarget } from './backtest-types.js';
import { runBacktest, type BacktestReport } from './run-backtest.js';

/** As-of dates at a quarter, half and three quarters of each target's life, unless `every` is given. */
export const DEFAULT_FRACTIONS = [0.25, 0.5, 0.75] as const;


export interface BacktestRequest {
  readonly program: string;
  readonly version?: string;
  readonly epic?: string;
  readonly since?: IsoDate;
  /** Calendar days between as-of dates. */
  readonly everyDays?: number;
}

export interface ProgramBacktest {
  readonly program: string;
  readonly teams: readonly string[];
  readonly report: BacktestReport;
}

export async function backtestProgram(
  deps: { readonly db: Kysely<Database>; readonly config: Pick<ConfigFile, 'programs' | 'forecast'> },
  request: BacktestRequest,
): Promise<ProgramBacktest> {
  const program = deps.config.programs.find((p) => p.name === request.program);
  if (!program) throw new UnknownProgramError(request.program);
  const network = await loadProgramNetwork(deps.db, program.scope);
  const teams = [...new Set(network.items.filter((i) => i.inScope && i.team !== null).map((i) => i.team as string))].sort();
  const { history, missingHistory, dataEnd } = await loadBacktestHistory(deps.db);
  const targets = chooseTargets(history, new Set(teams), request);
  const schedule: Schedule =
    request.everyDays !== undefined ? { everyDays: request.everyDays, since: request.since ?? null } : { fractions: DEFAULT_FRACTIONS };
  const settings = deps.config.forecast;
  const report = runBacktest(
    history,
    targets,
    {
      calendar: { ...DEFAULT_CALENDAR, timezone: 'UTC' },
      schedule,
      dataEnd: dataEnd.toISOString().slice(0, 10),
      historyWeeks: settings.historyWeeks,
      trials: settings.trials,
      seed: settings.seed,
      minFinishedItems: settings.minHistoryItems,
    },
    missingHistory,
  );
  return { program: program.name, teams, report };
}

/** The requested version or epic, else every released version and every epic of the teams. */
export function chooseTargets(history: BacktestHistory, teams: ReadonlySet<string>, request: Pick<BacktestRequest, 'version' | 'epic'>): BacktestTarget[] {
  if (request.version !== undefined) {
    const wanted = request.version;
    const matches = history.versions.filter((v) => v.name === wanted || v.name.endsWith(` ${wanted}`));
    const exact = matches.filter((v) => v.name === wanted);
    const found = exact.length === 1 ? exact : matches;
    if (found.length !== 1) {
      throw new BacktestInputError(
        found.length === 0
          ? `no version named "${wanted}" in the synced items`
          : `"${wanted}" names ${found.length} versions (${found.map((v) => v.name).join(', ')}): give the project too, e.g. "${found[0]!.name}"`,
      );
    }
    return [{ kind: 'version', name: found[0]!.name, releaseDate: found[0]!.releaseDate }];
  }
  if (request.epic !== undefined) {
    if (!history.items.some((i) => i.key === request.epic || i.epic === request.epic)) throw new BacktestInputError(`no epic "${request.epic}" in the synced items`);
    return [{ kind: 'epic', key: request.epic }];
  }
  const ofTeams = history.items.filter((i) => i.team !== null && teams.has(i.team));
  const versionNames = new Set(ofTeams.flatMap((i) => [...i.fixVersions, ...i.fieldChanges.flatMap((c) => (c.field === 'fixVersion' ? [c.from, c.to] : []))]));
  const versions: BacktestTarget[] = history.versions
    .filter((v) => v.releaseDate !== null && versionNames.has(v.name))
    .sort((a, b) => (a.releaseDate! < b.releaseDate! ? -1 : a.releaseDate! > b.releaseDate! ? 1 : a.name < b.name ? -1 : 1))
    .map((v) => ({ kind: 'version', name: v.name, releaseDate: v.releaseDate }));
  const epicKeys = new Set(ofTeams.flatMap((i) => (i.epic !== null ? [i.epic] : [])));
  const epics: BacktestTarget[] = [...epicKeys].sort().map((key) => ({ kind: 'epic', key }));
  return [...versions, ...epics];
}
