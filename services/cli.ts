#!/usr/bin/env -S node --max-semi-space-size=16 --liftoff-only
/**
 * `seams` command line. Each command loads config once, then calls services; errors are
 * printed as one clear line (ConfigError lists every problem) with no stack trace or secret.
 * Commands import what they run inside their action (`await import`), so `--help` or `analyze`
 * never load the database, HTTP, queue or chart libraries. The `seams` binary runs with the node
 * flags `npm run seams` passes (package.json): a 16 MB young generation, and embedded Postgres'
 * WebAssembly compiled by the baseline compiler only (its optimizing compile alone peaks ~450 MB).
 */
import './cli/node-version-check.js';
import { Command } from 'commander';
import { ConfigError } from './config/config-error.js';
import { loadConfig, parseRuntimeSettings } from './config/load-config.js';
import { registerBacktestCommand } from './cli/backtest-command.js';
import { databaseOptions } from './cli/cli-context.js';
import { registerDemoCommand } from './cli/demo-command.js';
import { registerOfflineCommands } from './cli/offline-commands.js';
import { registerRegisterCommands } from './cli/register-commands.js';
import { registerReportCommand } from './cli/report-command.js';
import { registerServiceCommands } from './cli/service-commands.js';
import { registerSyncCommands } from './cli/sync-commands.js';
import { registerWhatIfCommand } from './cli/whatif-commands.js';
import { scrubSecrets } from './logging/logger.js';

const program = new Command()
  .name('seams')
  .description('Cross-team dependency graph, critical path and date confidence from Jira and Linear')
  .showHelpAfterError();

program
  .command('migrate')
  .description('create or upgrade the database schema (PGlite under .seams/ unless DATABASE_URL is set)')
  .action(async () => {
    const [{ describeDatabase, openDatabase }, { migrateToLatest }] = await Promise.all([
      import('../db/connection.js'),
      import('../db/migrate.js'),
    ]);
    const runtime = parseRuntimeSettings(process.env);
    const options = databaseOptions(runtime);
    const handle = openDatabase(options);
    try {
      const { applied } = await migrateToLatest(handle.db);
      console.log(
        applied.length > 0
          ? `Migrated ${describeDatabase(options)}: applied ${applied.join(', ')}`
          : `${describeDatabase(options)} is up to date.`,
      );
    } finally {
      await handle.close();
    }
  });

program
  .command('config')
  .description('configuration tools')
  .command('check')
  .description('validate seams.config.yaml and the environment, without touching any tracker')
  .option('-c, --config <file>', 'config file (default: $SEAMS_CONFIG or seams.config.yaml)')
  .action((opts: { config?: string }) => {
    const env = opts.config ? { ...process.env, SEAMS_CONFIG: opts.config } : process.env;
    const config = loadConfig(env);
    const file = config.file;
    console.log(
      `${config.runtime.configPath} is valid: ${file.sources.length} source(s), ${file.programs.length} program(s), ` +
        `${file.subscriptions.length} subscription(s); tokens found for ${[...config.credentials.keys()].join(', ') || 'no source'}.`,
    );
  });

registerDemoCommand(program);
registerOfflineCommands(program);
registerSyncCommands(program);
registerServiceCommands(program);
registerReportCommand(program);
registerBacktestCommand(program);
registerWhatIfCommand(program);
registerRegisterCommands(program);

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`seams: ${scrubSecrets(message, [])}`);
    return error instanceof ConfigError ? 2 : 1;
  }
}

if (import.meta.main) process.exitCode = await main(process.argv);
