/** `seams demo`: see services/demo/run-demo.ts. Prints progress, the headline and where the files are. */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { parseRuntimeSettings } from '../config/load-config.js';
import { DATASETS, type DatasetName } from '../demo/demo-datasets.js';
import { createLogger } from '../logging/logger.js';
import type { WriteBackMode } from '../writeback/writeback-config.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the whole product on a generated program with embedded defaults (no account, no servers)')
    .option('--fresh', 'start over instead of reusing .seams/demo')
    .addOption(new Option('--weeks <n>', 'replay N weeks of simulated work first (implies --fresh)').argParser(Number).default(0))
    .option('--out <dir>', 'where reports go', 'out')
    .option('--no-serve', 'exit after writing the reports instead of serving the dashboard')
    .addOption(new Option('--write-back <mode>', 'comment on the sandbox trackers after each rebuild').choices(['on', 'dry-run', 'off']).default('on'))
    .addOption(new Option('--dataset <name>', 'run on real public Jira history instead of a generated program').choices(DATASETS))
    .option('--real-data <dir>', 'where the real datasets are (read at run time, never copied)', '../shared/real-data')
    .action(async (opts: { fresh?: boolean; weeks: number; out: string; serve: boolean; writeBack: WriteBackMode; dataset?: DatasetName; realData: string }) => {
      if (!Number.isInteger(opts.weeks) || opts.weeks < 0 || opts.weeks > 26) throw new Error('--weeks must be a whole number from 0 to 26');
      // Each module loads when this run needs it (one of the two demos; the dashboard only when
      // serving): a loaded module stays in memory for the whole run, `--no-serve` included.
      const { freeLoopbackPort, portIsFree } = await import('../sandbox/sandbox-trackers.js');
      const runtime = parseRuntimeSettings(process.env);
      const logger = createLogger({ level: runtime.logLevel === 'info' ? 'warn' : runtime.logLevel, base: { command: 'demo' } });
      const say = (line: string) => console.log(line);
      const port = (await portIsFree(runtime.port)) ? runtime.port : await freeLoopbackPort();
      const publicUrl = `http://127.0.0.1:${port}`;
      const run = opts.dataset
        ? await (await import('../demo/run-dataset-demo.js')).runDatasetDemo({
            dataset: opts.dataset,
            realDataDir: resolve(opts.realData),
            dataDir: runtime.dataDir,
            outDir: resolve(opts.out),
            databaseUrl: runtime.databaseUrl,
            publicUrl,
            logger,
            say,
          })
        : await (await import('../demo/run-demo.js')).runDemo({
            dataDir: runtime.dataDir,
            outDir: resolve(opts.out),
            fresh: opts.fresh ?? false,
            weeks: opts.weeks,
            databaseUrl: runtime.databaseUrl,
            redisUrl: runtime.redisUrl,
            publicUrl,
            logger,
            say,
            writeBack: opts.writeBack,
          });
      let served = false;
      try {
        say('');
        say(run.headline);
        say('');
        say(`Reports in ${resolve(opts.out)}:`);
        for (const file of run.files.filter((f) => /\.(eml|preview\.html|txt)$/.test(f) && !f.endsWith('subject.txt'))) say(`  ${file}`);
        if (opts.serve) {
          const [{ serveDemo }, { installGracefulShutdown }] = await Promise.all([
            import('../demo/serve-demo.js'),
            import('../../workers/graceful-shutdown.js'),
          ]);
          const server = await serveDemo({ db: run.database.db, file: run.config, logger, host: '127.0.0.1', port, publicUrl, signingKey: run.signingKey });
          served = true;
          say('');
          say(`Dashboard: ${server.loginUrl}`);
          say(`  or open ${publicUrl} and sign in with this secret:`);
          say(`  ${server.secret.reveal()}`);
          say('Ctrl-C to stop.');
          installGracefulShutdown(
            [
              { name: 'http', close: () => server.app.close() },
              { name: 'demo', close: () => run.close() },
            ],
            logger,
          );
        }
      } finally {
        if (!served) await run.close();
      }
    });
}
