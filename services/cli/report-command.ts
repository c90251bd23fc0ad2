/** `seams report`: renders a program's stored report to files, without sending anything. */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { loggerFor, openMigratedDatabase } from './cli-context.js';

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description("render a program's TPM report and/or leadership email to files (HTML, text, PNG charts)")
    .requiredOption('--program <name>', 'program name from seams.config.yaml')
    .addOption(new Option('--audience <audience>', 'which email').choices(['tpm', 'leadership', 'all']).default('all'))
    .option('--out <dir>', 'output directory', 'out')
    .action(async (opts: { program: string; audience: 'tpm' | 'leadership' | 'all'; out: string }) => {
      const [{ loadReportInputs }, { UnknownProgramError }, { renderEmailFiles }] = await Promise.all([
        import('../rebuild/load-report-inputs.js'),
        import('../rebuild/rebuild-program.js'),
        import('../reports/render-email-files.js'),
      ]);
      const config = loadConfig();
      if (!config.file.programs.some((p) => p.name === opts.program)) throw new UnknownProgramError(opts.program);
      const logger = loggerFor(config, { command: 'report', program: opts.program });
      const handle = await openMigratedDatabase(config, logger);
      try {
        const inputs = await loadReportInputs(
          { db: handle.db, programs: config.file.programs, publicUrl: config.runtime.publicUrl },
          opts.program,
        );
        if (!inputs) throw new Error(`program "${opts.program}" has no snapshot yet: run \`seams rebuild --program ${opts.program}\` first`);
        const kinds = opts.audience === 'all' ? (['tpm', 'leadership'] as const) : [opts.audience];
        for (const kind of kinds) {
          for (const file of await renderEmailFiles(kind, inputs, resolve(opts.out))) console.log(file);
        }
      } finally {
        await handle.close();
      }
    });
}
