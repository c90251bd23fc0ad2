/** `seams sync` and `seams rebuild`: one-shot runs of the sync and rebuild jobs, in-process. */
import type { Command } from 'commander';
import { formatCounts, summaryCounts } from '../app/summary-counts.js';
import { loadConfig } from '../config/load-config.js';
import { loggerFor, openMigratedDatabase } from './cli-context.js';

export function registerSyncCommands(program: Command): void {
  program
    .command('sync')
    .description('sync one source now (incremental unless --full), printing progress and a summary')
    .requiredOption('--source <name>', 'source name from seams.config.yaml')
    .option('--full', 'read everything in scope instead of what changed since the cursor')
    .option('--keys <keys>', 'refresh only these comma-separated issue keys (Jira) or ids (Linear)')
    .option('--reconcile', 'after syncing, mark issues deleted or gone out of scope')
    .action(async (opts: { source: string; full?: boolean; keys?: string; reconcile?: boolean }) => {
      const [{ createDbSyncStore }, { createSourceConnector }] = await Promise.all([
        import('../../db/sync-store.js'),
        import('../connectors/connector-factory.js'),
      ]);
      const config = loadConfig();
      const logger = loggerFor(config, { command: 'sync' });
      const handle = await openMigratedDatabase(config, logger);
      try {
        const connector = createSourceConnector(
          {
            sources: config.file.sources,
            credentials: config.credentials,
            store: createDbSyncStore(handle.db, {
              onUnresolvedLink: (ref) => logger.warn({ ref }, 'link to an unknown source dropped'),
              onSelfLink: (link) => logger.warn({ from: link.from, to: link.to, kind: link.kind }, 'link from an item to itself dropped'),
            }),
            logger,
            onProgress: (source, p) => process.stderr.write(`\r${source}: ${formatCounts(p)}   `),
          },
          opts.source,
        );
        const summary = await connector.sync({
          mode: opts.full ? 'full' : 'incremental',
          itemKeys: opts.keys?.split(',').map((k) => k.trim()).filter(Boolean),
        });
        process.stderr.write('\n');
        console.log(`Synced ${opts.source}: ${formatCounts(summaryCounts(summary))}`);
        if (opts.reconcile) console.log(`Reconciled ${opts.source}: ${formatCounts(summaryCounts(await connector.reconcile()))}`);
      } finally {
        await handle.close();
      }
    });

  program
    .command('rebuild')
    .description("recompute a program's graph, critical path, risks, forecast and this week's snapshot")
    .requiredOption('--program <name>', 'program name from seams.config.yaml')
    .action(async (opts: { program: string }) => {
      const [{ rebuildProgram }, { writeBackAfterRebuild }, { describeWriteback }] = await Promise.all([
        import('../rebuild/rebuild-program.js'),
        import('../writeback/program-writeback.js'),
        import('../writeback/writeback-service.js'),
      ]);
      const config = loadConfig();
      const logger = loggerFor(config, { command: 'rebuild', program: opts.program });
      const handle = await openMigratedDatabase(config, logger);
      try {
        const result = await rebuildProgram({ db: handle.db, config: config.file, logger }, opts.program);
        console.log(`${result.program} ${result.period}: ${result.colour.toUpperCase()}. ${result.headline}`);
        console.log(`  ${result.items} items, ${result.risks} risks, critical path: ${result.criticalPath.length} items`);
        const writeBack = await writeBackAfterRebuild(
          {
            db: handle.db,
            sources: config.file.sources,
            programs: config.file.programs,
            credentials: config.credentials,
            publicUrl: config.runtime.publicUrl,
            logger,
          },
          result,
        );
        if (writeBack) console.log(`  ${describeWriteback(writeBack)}`);
      } finally {
        await handle.close();
      }
    });
}
