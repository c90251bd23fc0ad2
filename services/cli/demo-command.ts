/** `seams demo`: see services/demo/run-demo.ts. Prints progress, the headline and where the files are. */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { parseRuntimeSettings } from '../config/load-config.js';
import { runDemo } from '../demo/run-demo.js';
import { createLogger } from '../logging/logger.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the whole product on a generated program with embedded defaults (no account, no servers)')
    .option('--fresh', 'start over instead of reusing .seams/demo')
    .addOption(new Option('--weeks <n>', 'replay N weeks of simulated work first (implies --fresh)').argParser(Number).default(0))
    .option('--out <dir>', 'where reports go', 'out')
    .option('--no-serve', 'exit after writing the reports instead of serving the dashboard')
    .action(async (opts: { fresh?: boolean; weeks: number; out: string; serve: boolean }) => {
      if (!Number.isInteger(opts.weeks) || opts.weeks < 0 || opts.weeks > 26) throw new Error('--weeks must be a whole number from 0 to 26');
      const runtime = parseRuntimeSettings(process.env);
      const logger = createLogger({ level: runtime.logLevel === 'info' ? 'warn' : runtime.logLevel, base: { command: 'demo' } });
      const say = (line: string) => console.log(line);
      const run = await runDemo({
        dataDir: runtime.dataDir,
        outDir: resolve(opts.out),
        fresh: opts.fresh ?? false,
        weeks: opts.weeks,
        databaseUrl: runtime.databaseUrl,
        publicUrl: runtime.publicUrl,
        logger,
        say,
      });
      try {
        say('');
        say(run.headline);
        say('');
        say(`Reports in ${resolve(opts.out)}:`);
        for (const file of run.files.filter((f) => /\.(eml|preview\.html|txt)$/.test(f) && !f.endsWith('subject.txt'))) say(`  ${file}`);
      } finally {
        await run.close();
      }
    });
}
