/**
 * `seams demo`: the whole product on a generated program with no account and no servers to
 * install. Sandbox Jira and Linear trackers start in-process; both are synced through the real
 * jira.js and @linear/sdk clients into embedded PGlite (or DATABASE_URL); the program is rebuilt
 * (critical path, risks, forecast, weekly snapshot); the TPM report and the leadership email are
 * rendered into `out/`.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { openDatabase, type DatabaseHandle } from '../../db/connection.js';
import { lockDataDir } from '../../db/data-dir-lock.js';
import type { Database } from '../../db/database-types.js';
import { migrateToLatest } from '../../db/migrate.js';
import { getProgramByName } from '../../db/programs.js';
import { loadLatestSnapshot } from '../../db/snapshots.js';
import type { ConfigFile } from '../config/config-schema.js';
import { registerConfig } from '../app/register-config.js';
import { createSeamsServices } from '../app/seams-services.js';
import { parseConfigFile, parseRuntimeSettings, resolveCredentials } from '../config/load-config.js';
import { Secret } from '../config/secret.js';
import { buildMimeMessage, deliveryMessageId } from '../delivery/mime-message.js';
import { createSubscriptionService } from '../delivery/subscription-service.js';
import { signUnsubscribeToken } from '../delivery/unsubscribe-token.js';
import type { Logger } from '../logging/logger.js';
import { loadReportInputs } from '../rebuild/load-report-inputs.js';
import type { ProgramReportInputs } from '../reports/report-inputs.js';
import { buildLeadershipView } from '../reports/leadership-view-model.js';
import { renderEmail } from '../reports/render-email.js';
import { renderEmailFiles } from '../reports/render-email-files.js';
import type { SandboxProgram } from '../sandbox/program-model.js';
import { freeLoopbackPort, portIsFree, SANDBOX_PROGRAM_NAME, startSandboxTrackers, type SandboxTrackers } from '../sandbox/sandbox-trackers.js';
import { simulateWeek } from '../sandbox/simulate-week.js';
import type { WriteBackMode } from '../writeback/writeback-config.js';
import { describeWriteback, type WriteBackCounts } from '../writeback/writeback-service.js';
import { saveTrackRecord } from '../../db/track-records.js';
import { backtestProgram } from '../backtest/backtest-service.js';
import { buildTrackRecord, trackRecordSentence } from '../backtest/track-record.js';
import { inProcessJobs } from './demo-jobs.js';
import { clearDemoState, readDemoState, writeDemoState } from './demo-state.js';

const DAY_MS = 86_400_000;

export interface DemoOptions {
  /** Where `.seams/` state lives; the demo uses `<dataDir>/demo`. */
  readonly dataDir: string;
  readonly outDir: string;
  readonly fresh: boolean;
  /** Replay this many weeks of simulated work before today (implies a fresh start). */
  readonly weeks: number;
  readonly databaseUrl?: string | undefined;
  /** With Redis, jobs run through BullMQ queues and a worker instead of in-process. */
  readonly redisUrl?: string | undefined;
  readonly publicUrl: string;
  readonly logger: Logger;
  /** Progress lines for the person watching. */
  readonly say: (line: string) => void;
  readonly now?: Date;
  readonly seed?: number;
  /** Write-back into the sandbox trackers after each rebuild (default `on`). */
  readonly writeBack?: WriteBackMode;
}

export interface WeekSummary {
  readonly period: string;
  readonly colour: string;
  readonly headline: string;
  readonly items: number;
  readonly criticalPath: readonly string[];
  readonly writeBack: WriteBackCounts | null;
}

export interface DemoRun {
  readonly program: SandboxProgram;
  readonly config: ConfigFile;
  readonly database: DatabaseHandle;
  readonly trackers: SandboxTrackers;
  /** Signs the demo's sessions, login links and unsubscribe links (kept in the demo state). */
  readonly signingKey: Secret;
  readonly weeks: readonly WeekSummary[];
  readonly inputs: ProgramReportInputs;
  readonly files: readonly string[];
  /** The leadership email's first paragraph: "will we hit the date?". */
  readonly headline: string;
  close(): Promise<void>;
}

/** The demo's program comments on its sandbox trackers, with the `seams-critical` label. */
function withWriteBack(document: Record<string, unknown>, mode: WriteBackMode): Record<string, unknown> {
  const programs = Array.isArray(document['programs']) ? (document['programs'] as Record<string, unknown>[]) : [];
  return { ...document, programs: programs.map((p) => ({ ...p, writeBack: { mode, label: 'seams-critical' } })) };
}

async function resetDemoData(handle: DatabaseHandle): Promise<void> {
  // Shared Postgres: remove only what the demo created (sources and program cascade).
  await handle.db.deleteFrom('programs').where('name', '=', SANDBOX_PROGRAM_NAME).execute();
  await handle.db.deleteFrom('sources').where('name', 'in', ['jira', 'linear']).execute();
}

export async function runDemo(options: DemoOptions): Promise<DemoRun> {
  const stateDir = join(options.dataDir, 'demo');
  const fresh = options.fresh || options.weeks > 0;
  // Held for the whole run, serving included: a second demo must not clear or open the same state.
  const unlockState = options.databaseUrl ? () => undefined : lockDataDir(stateDir);
  try {
    return await runDemoLocked(options, stateDir, fresh, unlockState);
  } catch (error) {
    unlockState();
    throw error;
  }
}

async function runDemoLocked(options: DemoOptions, stateDir: string, fresh: boolean, unlockState: () => void): Promise<DemoRun> {
  const { say } = options;
  if (fresh && !options.databaseUrl) await clearDemoState(stateDir);

  const realNow = options.now ?? new Date();
  const today = new Date(Math.floor(realNow.getTime() / DAY_MS) * DAY_MS);
  const saved = fresh ? null : await readDemoState(stateDir);
  // A later run continues the stored world: same start, same replayed weeks, then today's sync.
  const start = saved?.start ? new Date(saved.start) : new Date(today.getTime() - options.weeks * 7 * DAY_MS);
  const replayWeeks = saved?.start ? (saved.weeks ?? 0) : options.weeks;
  const jiraPort = saved && (await portIsFree(saved.jiraPort)) ? saved.jiraPort : await freeLoopbackPort();
  const linearPort = saved?.linearPort !== undefined && (await portIsFree(saved.linearPort)) ? saved.linearPort : await freeLoopbackPort();

  say(`Starting sandbox Jira and Linear with a generated program${replayWeeks > 0 ? `, ${replayWeeks} weeks back` : ''}…`);
  const trackers = await startSandboxTrackers({ seed: options.seed ?? 7, size: 'demo', now: start, jiraPort, linearPort });
  const signingKey = new Secret(saved?.signingKey ?? randomBytes(32).toString('base64url'));
  await writeDemoState(stateDir, { jiraPort, linearPort, start: start.toISOString(), weeks: replayWeeks, signingKey: signingKey.reveal() });
  const config = parseConfigFile(withWriteBack(trackers.configDocument, options.writeBack ?? 'on'), 'demo configuration');
  const credentials = resolveCredentials(config, trackers.env, 'demo configuration');
  say(`  Jira   ${trackers.jira.url}   (${trackers.program.teams.filter((t) => t.tracker === 'jira').map((t) => t.key).join(', ')})`);
  say(`  Linear ${trackers.linear.url}   (${trackers.program.teams.filter((t) => t.tracker === 'linear').map((t) => t.key).join(', ')})`);

  const database = openDatabase(
    options.databaseUrl ? { databaseUrl: options.databaseUrl } : { dataDir: join(stateDir, 'pgdata') },
  );
  try {
    await migrateToLatest(database.db);
    if (fresh && options.databaseUrl) await resetDemoData(database);
    say(options.databaseUrl ? 'Database: PostgreSQL (DATABASE_URL)' : `Database: embedded PGlite in ${join(stateDir, 'pgdata')}`);
    await registerConfig(database.db, config);
    const recipients = await demoRecipients(database.db, config, signingKey, options.publicUrl);

    let clock = start;
    const services = createSeamsServices({
      db: database.db,
      config: { file: config, credentials, runtime: { ...parseRuntimeSettings({}), publicUrl: options.publicUrl } },
      logger: options.logger,
      now: () => clock,
    });
    const jobs = options.redisUrl
      ? await (await import('./bullmq-demo-jobs.js')).bullmqJobs({ redisUrl: options.redisUrl, services, db: database.db, file: config, logger: options.logger })
      : inProcessJobs(services);
    say(jobs.mode === 'bullmq' ? 'Jobs: BullMQ queues on REDIS_URL with an in-process worker' : 'Jobs: run in-process (set REDIS_URL to use BullMQ)');
    const weeks: WeekSummary[] = [];
    try {
      const programRow = await getProgramByName(database.db, SANDBOX_PROGRAM_NAME);
      for (let week = 0; week <= replayWeeks; week++) {
        clock = new Date(Math.min(start.getTime() + week * 7 * DAY_MS + 9 * 3_600_000, realNow.getTime()));
        if (week > 0) {
          const moved = simulateWeek(trackers.program, new Date(clock.getTime() - 7 * DAY_MS), week);
          if (fresh) say(`Week ${week}: ${moved.finished.length} finished, ${moved.started.length} started${moved.added.length ? `, ${moved.added.length} added to scope` : ''}`);
        }
        // A continued run has synced and rebuilt the replayed weeks already: it only catches up to now.
        if (!fresh && week < replayWeeks) continue;
        if (!fresh) clock = realNow;
        for (const source of config.sources) {
          // Replayed weeks carry past timestamps that a wall-clock cursor (Linear's) has already
          // passed, so a replay re-reads everything; a normal run is incremental.
          const summary = await jobs.sync(source.name, fresh && replayWeeks > 0 ? 'full' : 'incremental');
          say(`  synced ${source.name.padEnd(6)} ${summary.items ?? 0} items, ${summary.links ?? 0} links, ${summary.transitions ?? 0} status changes in ${summary.requests ?? 0} requests`);
        }
        const writeBack = await jobs.rebuild(SANDBOX_PROGRAM_NAME);
        const snapshot = programRow ? await loadLatestSnapshot(database.db, programRow.id) : null;
        if (!snapshot) throw new Error('the demo program has no snapshot after its rebuild');
        const summary: WeekSummary = {
          period: snapshot.period,
          colour: snapshot.colour,
          headline: snapshot.headline,
          items: snapshot.items.length,
          criticalPath: snapshot.analysis.criticalPath,
          writeBack,
        };
        weeks.push(summary);
        say(`  ${summary.period}: ${summary.colour.toUpperCase()} · ${summary.headline} (${summary.items} items)`);
        if (writeBack) say(`  ${describeWriteback(writeBack)}`);
      }
    } finally {
      await jobs.close();
    }

    const backtest = await backtestProgram({ db: database.db, config }, { program: SANDBOX_PROGRAM_NAME });
    await saveTrackRecord(database.db, SANDBOX_PROGRAM_NAME, buildTrackRecord(backtest.report, backtest.teams), realNow);
    say(`Track record: ${trackRecordSentence(buildTrackRecord(backtest.report, backtest.teams))} (\`seams backtest --program ${SANDBOX_PROGRAM_NAME}\` for the details)`);

    const inputs = await loadReportInputs(
      { db: database.db, programs: config.programs, publicUrl: options.publicUrl, now: () => realNow },
      SANDBOX_PROGRAM_NAME,
    );
    if (!inputs) throw new Error('the demo program has no snapshot after its rebuild');
    const files = await writeReports(inputs, options.outDir, recipients);
    const headline = buildLeadershipView(inputs).firstParagraph;
    return {
      program: trackers.program,
      config,
      database,
      trackers,
      signingKey,
      weeks,
      inputs,
      files,
      headline,
      async close() {
        await database.close();
        await trackers.close();
        unlockState();
      },
    };
  } catch (error) {
    await database.close();
    await trackers.close();
    throw error;
  }
}

/** The demo's TPM and leadership subscriber, each with a real signed unsubscribe link. */
export type DemoRecipients = Readonly<Record<'tpm' | 'leadership', { readonly email: string; readonly unsubscribeUrl: string }>>;

/** Registers the demo configuration's subscriptions and signs their unsubscribe links. */
export async function demoRecipients(db: Kysely<Database>, config: ConfigFile, signingKey: Secret, publicUrl: string): Promise<DemoRecipients> {
  const rows = await createSubscriptionService({ db, signingKey: signingKey.reveal() }).syncFromConfig(config);
  const pick = (audience: 'tpm' | 'leadership') => {
    const row = rows.find((r) => r.audience === audience);
    if (!row) throw new Error(`the demo configuration has no ${audience} subscription`);
    return { email: row.email, unsubscribeUrl: `${publicUrl}/unsubscribe?token=${encodeURIComponent(signUnsubscribeToken(row.id, signingKey.reveal()))}` };
  };
  return { tpm: pick('tpm'), leadership: pick('leadership') };
}

export async function writeReports(inputs: ProgramReportInputs, outDir: string, recipients: DemoRecipients): Promise<string[]> {
  const files = [
    ...(await renderEmailFiles('tpm', inputs, outDir, { recipient: 'Dana' })),
    ...(await renderEmailFiles('leadership', inputs, outDir, { recipient: 'Morgan' })),
  ];
  for (const kind of ['leadership', 'tpm'] as const) {
    const { email: to, unsubscribeUrl } = recipients[kind];
    const email = await renderEmail(kind, inputs, { unsubscribeUrl });
    const message = buildMimeMessage({
      from: 'Seams <seams@localhost>',
      to,
      messageId: deliveryMessageId(kind === 'tpm' ? 1 : 2, inputs.current.period, 'seams.local'),
      email,
      unsubscribeUrl,
      unsubscribeMailbox: 'seams@localhost',
    });
    const eml = await new MailComposer(message).compile().build();
    const path = join(outDir, `${kind}.eml`);
    await writeFile(path, eml);
    files.push(path);
  }
  return files;
}
