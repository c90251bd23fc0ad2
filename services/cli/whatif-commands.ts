/**
 * `seams whatif`: today's program beside a scenario (slip, re-estimate, finish, cut, links,
 * capacity, target) on the same engine and seed. Reads the database (or a graph.json) and never
 * writes to trackers, snapshots or the register.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import type { ProgramGraph } from '../graph/graph-types.js';
import type { EngineSettings } from '../whatif/compare-scenario.js';
import type { ScenarioArgs } from '../whatif/scenario.js';
import { loggerFor, openMigratedDatabase } from './cli-context.js';
import { readJsonFile } from './read-json-file.js';

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((v) => v.trim()).filter((v) => v !== '')];

interface WhatIfOptions extends ScenarioArgs {
  readonly program?: string;
  readonly graph?: string;
  readonly json?: boolean;
  readonly trials?: number;
}

export function registerWhatIfCommand(program: Command): void {
  program
    .command('whatif')
    .description('compare today with a scenario: CPM finish, P50/P85/P95, chance of the target, critical path (writes nothing)')
    .option('--program <name>', 'program from seams.config.yaml (reads the database)')
    .option('--graph <file>', 'or a graph.json from `seams export`')
    .option('--slip <KEY=+Nd>', 'the item takes N more working days (repeatable)', collect)
    .option('--estimate <KEY=N>', 're-estimate the item to N points (repeatable)', collect)
    .option('--done <KEY>', 'the item is done (repeatable)', collect)
    .option('--cut <KEY>', 'the item leaves the scope; what it blocked stops waiting (repeatable)', collect)
    .option('--add-link <A>B>', 'A blocks B (repeatable)', collect)
    .option('--remove-link <A>B>', 'A no longer blocks B (repeatable)', collect)
    .option('--capacity <TEAM=N%>', "the team works at N% of its usual pace (repeatable)", collect)
    .option('--target <date>', 'another target date YYYY-MM-DD')
    .option('--trials <n>', 'Monte Carlo trials (default 2000, fewer on programs of thousands of open items)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new Error(`--trials must be an integer from 1 to 1000000, got "${v}"`);
      return n;
    })
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: WhatIfOptions) => {
      if ((opts.program === undefined) === (opts.graph === undefined)) throw new Error('give exactly one of --program or --graph');
      const [{ parseProgramGraph }, { compareScenario }, { parseScenario }, { scenarioText }, { WHATIF_TRIALS, whatIfSettings, whatIfTrials }] =
        await Promise.all([
          import('../graph/graph-schema.js'),
          import('../whatif/compare-scenario.js'),
          import('../whatif/scenario.js'),
          import('../whatif/scenario-text.js'),
          import('../whatif/whatif-service.js'),
        ]);
      let graph: ProgramGraph;
      let settings: EngineSettings | undefined;
      if (opts.graph !== undefined) {
        graph = parseProgramGraph(readJsonFile(opts.graph));
      } else {
        const { loadForecastContext, loadProgramGraph, UnknownProgramError } = await import('../rebuild/rebuild-program.js');
        const config = loadConfig();
        const programConfig = config.file.programs.find((p) => p.name === opts.program);
        if (!programConfig) throw new UnknownProgramError(opts.program!);
        const handle = await openMigratedDatabase(config, loggerFor(config, { command: 'whatif', program: opts.program }));
        try {
          graph = await loadProgramGraph(handle.db, programConfig, config.file, new Date());
          settings = { ...whatIfSettings(config.file), ...(await loadForecastContext(handle.db, programConfig, graph)) };
        } finally {
          await handle.close();
        }
      }
      const scenario = parseScenario(opts, graph);
      const trials = opts.trials ?? whatIfTrials(graph, settings?.trials ?? WHATIF_TRIALS);
      const result = compareScenario(graph, scenario, { ...settings, trials });
      process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : scenarioText(result));
    });
}
