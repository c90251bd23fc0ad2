#!/usr/bin/env -S node --max-semi-space-size=8 --liftoff-only
/**
 * `seams` command line. Each command loads config once, then calls services; errors are
 * printed as one clear line (ConfigError lists every problem) with no stack trace or secret.
 * Commands import what they run inside their action (`await import`), so `--help` or `analyze`
 * never load the database, HTTP, queue or chart libraries, nor the config parser (yaml, zod) and
 * the logger (pino) when they do not read the config. The `seams` binary runs with the node
 * flags `npm run seams` passes (package.json): 8 MB semi-spaces (the young generation commits
 * two of them, 16 MB), and embedded Postgres' WebAssembly compiled by the baseline compiler only
 * (its optimizing compile alone peaks ~450 MB).
 */
import './cli/node-version-check.js';
import { Command } from 'commander';
import { ConfigError } from './config/config-error.js';
import { scrubSecrets } from './logging/scrub-secrets.js';

type RegisterCommands = (program: Command) => void;

/**
 * Which module defines each top-level command, in help order. A command loads only its own
 * module: `seams whatif` or `seams risks` need not load the tracker clients, the HTTP server or
 * the sandbox (loading them all costs about a second of CPU). Help and unknown names load all.
 */
const COMMAND_MODULES: readonly { readonly commands: readonly string[]; load(): Promise<RegisterCommands> }[] = [
  { commands: ['demo'], load: async () => (await import('./cli/demo-command.js')).registerDemoCommand },
  { commands: ['analyze', 'export', 'forecast'], load: async () => (await import('./cli/offline-commands.js')).registerOfflineCommands },
  { commands: ['sync', 'rebuild'], load: async () => (await import('./cli/sync-commands.js')).registerSyncCommands },
  { commands: ['server', 'worker'], load: async () => (await import('./cli/service-commands.js')).registerServiceCommands },
  { commands: ['report'], load: async () => (await import('./cli/report-command.js')).registerReportCommand },
  { commands: ['backtest'], load: async () => (await import('./cli/backtest-command.js')).registerBacktestCommand },
  { commands: ['whatif'], load: async () => (await import('./cli/whatif-commands.js')).registerWhatIfCommand },
  { commands: ['risks', 'risk', 'decisions', 'decision'], load: async () => (await import('./cli/register-commands.js')).registerRegisterCommands },
];

/** A fresh program per run (commander keeps option values between parses of one instance). */
async function createProgram(commandName: string | undefined): Promise<Command> {
  const program = new Command()
    .name('seams')
    .description('Cross-team dependency graph, critical path and date confidence from Jira and Linear')
    .showHelpAfterError();
  registerBuiltInCommands(program);
  const own = COMMAND_MODULES.filter((m) => commandName !== undefined && m.commands.includes(commandName));
  for (const module of own.length > 0 ? own : COMMAND_MODULES) (await module.load())(program);
  return program;
}

function registerBuiltInCommands(program: Command): void {
  program
    .command('migrate')
    .description('create or upgrade the database schema (PGlite under .seams/ unless DATABASE_URL is set)')
    .action(async () => {
      const [{ describeDatabase, openDatabase }, { migrateToLatest }, { parseRuntimeSettings }, { databaseOptions }] = await Promise.all([
        import('../db/connection.js'),
        import('../db/migrate.js'),
        import('./config/load-config.js'),
        import('./cli/cli-context.js'),
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
    .action(async (opts: { config?: string }) => {
      const { loadConfig } = await import('./config/load-config.js');
      const env = opts.config ? { ...process.env, SEAMS_CONFIG: opts.config } : process.env;
      const config = loadConfig(env);
      const file = config.file;
      console.log(
        `${config.runtime.configPath} is valid: ${file.sources.length} source(s), ${file.programs.length} program(s), ` +
          `${file.subscriptions.length} subscription(s); tokens found for ${[...config.credentials.keys()].join(', ') || 'no source'}.`,
      );
    });
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const program = await createProgram(argv[2]);
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`seams: ${scrubSecrets(message, [])}`);
    return error instanceof ConfigError ? 2 : 1;
  }
}

if (import.meta.main) process.exitCode = await main(process.argv);
