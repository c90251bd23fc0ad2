/**
 * Commands that work on the plain-JSON program graph: `export` writes it from the database,
 * `analyze` prints the CPM result, `forecast` runs the Monte Carlo offline.
 */
import type { Command } from 'commander';
import { readJsonFile } from './read-json-file.js';
import { writeJson } from './write-json.js';

const print = (value: unknown): Promise<void> => writeJson(process.stdout, value);
const integer = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got "${value}"`);
  return n;
};

export function registerOfflineCommands(program: Command): void {
  program
    .command('export')
    .description("write a program's dependency network as the plain-JSON graph format (stdout)")
    .requiredOption('--program <name>', 'program name from seams.config.yaml')
    .action(async (opts: { program: string }) => {
      const [{ loadProgramGraph, UnknownProgramError }, { loadConfig }, { loggerFor, openMigratedDatabase }] = await Promise.all([
        import('../rebuild/rebuild-program.js'),
        import('../config/load-config.js'),
        import('./cli-context.js'),
      ]);
      const config = loadConfig();
      const logger = loggerFor(config);
      const programConfig = config.file.programs.find((p) => p.name === opts.program);
      if (!programConfig) throw new UnknownProgramError(opts.program);
      const handle = await openMigratedDatabase(config, logger);
      try {
        await print(await loadProgramGraph(handle.db, programConfig, config.file, new Date()));
      } finally {
        await handle.close();
      }
    });

  program
    .command('analyze <graph>')
    .description('print the CPM result of a graph.json: es/ef/ls/lf/slack per item, critical path, cycles, finish date')
    .option('--near-critical-days <n>', 'slack at or below which an item is near-critical', Number)
    .action(async (file: string, opts: { nearCriticalDays?: number }) => {
      const [{ analyzeProgram }, { checkProgramGraph }] = await Promise.all([
        import('../graph/analyze-program.js'),
        import('../graph/graph-fast-path.js'),
      ]);
      const json = readJsonFile(file);
      // zod (and its start-up) only for a file the hand check doubts: it names every problem.
      const graph = checkProgramGraph(json) ?? (await import('../graph/graph-schema.js')).parseProgramGraph(json);
      await print(analyzeProgram(graph, opts.nearCriticalDays === undefined ? {} : { nearCriticalDays: opts.nearCriticalDays }));
    });

  program
    .command('forecast <graph>')
    .description('Monte Carlo forecast of a graph.json from a team history file')
    .requiredOption('--history <file>', 'JSON: { "finished": [{ "team", "startedAt", "finishedAt", "estimate"? }] }')
    .option('--target <date>', 'target date YYYY-MM-DD (default: the graph’s)')
    .option('--trials <n>', 'number of trials', integer('--trials'), 10_000)
    .option('--seed <s>', 'random seed', integer('--seed'), 42)
    .option('--weeks <n>', 'history window in weeks before the graph’s asOf (default 26)', integer('--weeks'))
    .action(async (file: string, opts: { history: string; target?: string; trials: number; seed: number; weeks?: number }) => {
      const { runOfflineForecast } = await import('../forecast/offline-forecast.js');
      await print(
        runOfflineForecast(readJsonFile(file), readJsonFile(opts.history), {
          target: opts.target,
          trials: opts.trials,
          seed: opts.seed,
          ...(opts.weeks !== undefined ? { weeks: opts.weeks } : {}),
        }),
      );
    });
}
