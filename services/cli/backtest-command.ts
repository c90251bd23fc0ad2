/** `seams backtest`: how Seams' past forecasts compared with what really happened. */
import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { BacktestInputError } from '../backtest/backtest-input-error.js';
import { loggerFor, openMigratedDatabase } from './cli-context.js';

/** `2w`, `10d`: calendar days between as-of dates. */
export function parseEvery(value: string): number {
  const match = /^(\d+)\s*([dw])$/.exec(value.trim());
  const n = match ? Number(match[1]) * (match[2] === 'w' ? 7 : 1) : NaN;
  if (!Number.isInteger(n) || n < 1) throw new BacktestInputError(`--every must look like 2w or 10d, got "${value}"`);
  return n;
}

export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description("replay past forecasts from the stored history and score them against what happened (the program's teams' released versions and epics)")
    .requiredOption('--program <name>', 'program name from seams.config.yaml')
    .option('--version <name>', 'one version ("<project> <name>" or a unique name)')
    .option('--epic <key>', 'one epic')
    .option('--since <date>', 'first as-of date (YYYY-MM-DD), with --every')
    .option('--every <period>', 'as-of dates every 2w / 10d (default: at 25, 50 and 75% of each target)')
    .option('--json', 'print the whole report as JSON')
    .action(async (opts: { program: string; version?: string; epic?: string; since?: string; every?: string; json?: boolean }) => {
      if (opts.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.since)) throw new BacktestInputError(`--since must be a date YYYY-MM-DD, got "${opts.since}"`);
      if (opts.since !== undefined && opts.every === undefined) throw new BacktestInputError('--since needs --every (e.g. --every 2w)');
      const [{ backtestProgram }, { formatBacktestReport }, { buildTrackRecord }, { saveTrackRecord }] = await Promise.all([
        import('../backtest/backtest-service.js'),
        import('../backtest/backtest-format.js'),
        import('../backtest/track-record.js'),
        import('../../db/track-records.js'),
      ]);
      const config = loadConfig();
      const logger = loggerFor(config, { command: 'backtest', program: opts.program });
      const handle = await openMigratedDatabase(config, logger);
      try {
        const result = await backtestProgram(
          { db: handle.db, config: config.file },
          {
            program: opts.program,
            version: opts.version,
            epic: opts.epic,
            since: opts.since,
            everyDays: opts.every === undefined ? undefined : parseEvery(opts.every),
          },
        );
        // A whole-program run is the program's track record: the dashboard and leadership email show it.
        if (opts.version === undefined && opts.epic === undefined) {
          await saveTrackRecord(handle.db, result.program, buildTrackRecord(result.report, result.teams), new Date());
        }
        if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else console.log(formatBacktestReport(`Backtest of ${result.program} (teams ${result.teams.join(', ') || 'none'})`, result.report));
      } finally {
        await handle.close();
      }
    });
}
