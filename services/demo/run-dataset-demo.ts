/**
 * `seams demo --dataset duraspace`: the whole product on real public Jira history. The sandbox
 * Jira serves the Duraspace dataset (read from ../shared/real-data at run time) as its site
 * looked on the demo's as-of date; the real connector syncs it; the program is rebuilt and
 * reported as of that date; the backtest then shows Seams' track record on the teams' releases
 * before it.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openDatabase } from '../../db/connection.js';
import { migrateToLatest } from '../../db/migrate.js';
import { registerConfig } from '../app/register-config.js';
import { createSeamsServices } from '../app/seams-services.js';
import { backtestProgram } from '../backtest/backtest-service.js';
import { formatBacktestReport } from '../backtest/backtest-format.js';
import { parseConfigFile, parseRuntimeSettings, resolveCredentials } from '../config/load-config.js';
import type { Logger } from '../logging/logger.js';
import { loadReportInputs } from '../rebuild/load-report-inputs.js';
import { buildLeadershipView } from '../reports/leadership-view-model.js';
import { chooseDemoRelease } from '../sandbox/real-data/dataset-demo-program.js';
import { DATASET_SOURCE, startDatasetJira } from '../sandbox/real-data/dataset-trackers.js';
import { readDuraspaceDataset } from '../sandbox/real-data/duraspace-dataset.js';
import type { DatasetName } from './demo-datasets.js';
import { inProcessJobs } from './demo-jobs.js';
import { demoRecipients, writeReports, type DemoRun } from './run-demo.js';
import { Secret } from '../config/secret.js';
import { randomBytes } from 'node:crypto';
import { saveTrackRecord } from '../../db/track-records.js';
import { buildTrackRecord } from '../backtest/track-record.js';


export interface DatasetDemoOptions {
  readonly dataset: DatasetName;
  readonly realDataDir: string;
  readonly dataDir: string;
  readonly outDir: string;
  readonly databaseUrl?: string | undefined;
  readonly publicUrl: string;
  readonly logger: Logger;
  readonly say: (line: string) => void;
}

export type DatasetDemoRun = Pick<DemoRun, 'config' | 'database' | 'files' | 'headline' | 'signingKey' | 'close'>;

export async function runDatasetDemo(options: DatasetDemoOptions): Promise<DatasetDemoRun> {
  const { say } = options;
  say(`Reading the Duraspace Jira dataset from ${join(options.realDataDir, 'duraspace-apache-ase2015')}…`);
  const dataset = await readDuraspaceDataset(options.realDataDir);
  const release = chooseDemoRelease(dataset);
  const asOf = release.asOf;
  say(`  ${dataset.issues.length} issues, ${dataset.changes.length} changelog rows, ${dataset.links.length} link rows, ${dataset.versions.length} versions`);
  say(`As of ${asOf.toISOString().slice(0, 10)}: ${release.project} ${release.version} (${release.issues} issues), which really shipped on ${release.releaseDate}.`);
  const site = await startDatasetJira(dataset, { asOf });
  say(`  Jira   ${site.jira.url}   (the dataset's site as it was that day: ${site.site.projects.join(', ')})`);

  const stateDir = join(options.dataDir, `demo-${options.dataset}`);
  if (!options.databaseUrl) await rm(stateDir, { recursive: true, force: true });
  const database = openDatabase(options.databaseUrl ? { databaseUrl: options.databaseUrl } : { dataDir: join(stateDir, 'pgdata') });
  try {
    await migrateToLatest(database.db);
    if (options.databaseUrl) {
      // Shared Postgres: start over with only what this demo created.
      await database.db.deleteFrom('programs').where('name', '=', release.program.name).execute();
      await database.db.deleteFrom('sources').where('name', '=', DATASET_SOURCE).execute();
    }
    // A fresh key per run: the dataset demo keeps no state between runs.
    const signingKey = new Secret(randomBytes(32).toString('base64url'));
    const config = parseConfigFile(
      {
        sources: [site.source],
        programs: [release.program],
        subscriptions: [
          { email: 'tpm@example.com', program: release.program.name, audience: 'tpm' },
          { email: 'vp.engineering@example.com', program: release.program.name, audience: 'leadership' },
        ],
      },
      'dataset demo configuration',
    );
    const credentials = resolveCredentials(config, site.env, 'dataset demo configuration');
    await registerConfig(database.db, config);
    const recipients = await demoRecipients(database.db, config, signingKey, options.publicUrl);
    const services = createSeamsServices({
      db: database.db,
      config: { file: config, credentials, runtime: { ...parseRuntimeSettings({}), publicUrl: options.publicUrl } },
      logger: options.logger,
      now: () => asOf,
    });
    const jobs = inProcessJobs(services);
    const summary = await jobs.sync(DATASET_SOURCE, 'full');
    say(`  synced ${DATASET_SOURCE} ${summary.items ?? 0} items, ${summary.links ?? 0} links, ${summary.transitions ?? 0} status changes in ${summary.requests ?? 0} requests`);

    // The track record first: the rebuild recalibrates the forecast's probabilities by it.
    say('Backtesting the forecast on these teams’ earlier releases…');
    const backtest = await backtestProgram({ db: database.db, config }, { program: release.program.name });
    await saveTrackRecord(database.db, release.program.name, buildTrackRecord(backtest.report, backtest.teams), asOf);
    say(formatBacktestReport(`Track record (teams ${backtest.teams.join(', ')})`, backtest.report, { maxRows: 8 }));
    await jobs.rebuild(release.program.name);

    const inputs = await loadReportInputs({ db: database.db, programs: config.programs, publicUrl: options.publicUrl, now: () => asOf }, release.program.name);
    if (!inputs) throw new Error('the dataset program has no snapshot after its rebuild');
    const files = await writeReports(inputs, options.outDir, recipients);
    return {
      config,
      database,
      signingKey,
      files,
      headline: buildLeadershipView(inputs).firstParagraph,
      async close() {
        await database.close();
        await site.close();
      },
    };
  } catch (error) {
    await database.close();
    await site.close();
    throw error;
  }
}
