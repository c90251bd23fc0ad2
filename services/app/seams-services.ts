/**
 * The real business operations behind the workers' AppServices interface: sync through the
 * connectors into the database, rebuild programs, and render personalized emails from stored
 * snapshots (one prepared email per program, period and audience, shared by every recipient).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database-types.js';
import { createDbSyncStore } from '../../db/sync-store.js';
import { saveTrackRecord } from '../../db/track-records.js';
import { backtestProgram } from '../backtest/backtest-service.js';
import { buildTrackRecord } from '../backtest/track-record.js';
import type { AppServices } from './app-services.js';
import type { AppConfig } from '../config/load-config.js';
import { scopeReadsSource } from './scope-sources.js';
import { createSourceConnector } from '../connectors/connector-factory.js';
import type { SyncProgress } from '../connectors/sync-types.js';
import { summaryCounts } from './summary-counts.js';
import type { Logger } from '../logging/logger.js';
import { loadReportInputs } from '../rebuild/load-report-inputs.js';
import { rebuildProgram } from '../rebuild/rebuild-program.js';
import { prepareEmail, prepareTeamEmail, type PreparedEmail } from '../reports/render-email.js';
import { writeBackAfterRebuild } from '../writeback/program-writeback.js';
import { writeBackCounts } from '../writeback/writeback-service.js';
import { getAlertEvent } from '../../db/alert-events.js';
import { alertEventPayloadSchema } from '../alerts/raise-alerts.js';
import { renderAlertEmail } from '../alerts/render-alert.js';
import type { RetryPolicy } from '../connectors/retry-policy.js';

export interface SeamsServicesDeps {
  readonly db: Kysely<Database>;
  readonly config: Pick<AppConfig, 'file' | 'credentials' | 'runtime'>;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** Retry policy of the write-back's tracker requests; the connectors' default without it. */
  readonly writebackRetryPolicy?: Partial<RetryPolicy>;
}

export function createSeamsServices(deps: SeamsServicesDeps): AppServices {
  const { db, config, logger } = deps;
  const store = createDbSyncStore(db, {
    onUnresolvedLink: (ref) => logger.warn({ source: ref.sourceName }, 'link to an unconfigured source dropped'),
    onSelfLink: (link) => logger.warn({ source: link.from.sourceName, from: link.from, to: link.to, kind: link.kind }, 'link from an item to itself dropped'),
  });
  const prepared = new Map<string, Promise<PreparedEmail | null>>();

  const connector = (sourceName: string, progress?: (p: Record<string, number>) => void) =>
    createSourceConnector(
      {
        sources: config.file.sources,
        credentials: config.credentials,
        store,
        logger,
        onProgress: progress ? (_source: string, p: SyncProgress) => progress(p) : undefined,
      },
      sourceName,
    );

  /** `team` names the team of a team report (the `team` audience gets that team's own report). */
  const preparedEmail = (programName: string, kind: 'tpm' | 'leadership' | 'team', team: string | null = null): Promise<PreparedEmail | null> => {
    const run = async (): Promise<PreparedEmail | null> => {
      const inputs = await loadReportInputs(
        { db, programs: config.file.programs, publicUrl: config.runtime.publicUrl, now: deps.now },
        programName,
      );
      if (!inputs) return null;
      if (kind !== 'team') return prepareEmail(kind, inputs);
      return team === null ? null : prepareTeamEmail(inputs, team);
    };
    // Keyed by the latest snapshot's identity would need a query; a short-lived cache per
    // program and kind is enough: a report job renders all its recipients within minutes.
    const key = `${programName}:${kind}${team === null ? '' : `:${team}`}`;
    let entry = prepared.get(key);
    if (!entry) {
      entry = run();
      prepared.set(key, entry);
      setTimeout(() => prepared.delete(key), 10 * 60_000).unref();
    }
    return entry;
  };

  return {
    async syncSource(sourceName, request, progress) {
      return summaryCounts(await connector(sourceName, progress).sync(request));
    },
    async reconcileSource(sourceName) {
      return summaryCounts(await connector(sourceName).reconcile());
    },
    async rebuildProgram(programName) {
      // A new snapshot makes cached emails stale.
      for (const key of [...prepared.keys()]) if (key.startsWith(`${programName}:`)) prepared.delete(key);
      const result = await rebuildProgram(
        { db, config: config.file, logger, alertMessageIdHost: new URL(config.runtime.publicUrl).hostname, now: deps.now },
        programName,
      );
      const writeBack = await writeBackAfterRebuild(
        {
          db,
          sources: config.file.sources,
          programs: config.file.programs,
          credentials: config.credentials,
          publicUrl: config.runtime.publicUrl,
          logger,
          now: deps.now,
          ...(deps.writebackRetryPolicy ? { retryPolicy: deps.writebackRetryPolicy } : {}),
        },
        result,
      );
      return { period: result.period, colour: result.colour, alerts: result.alerts, writeBack: writeBack ? writeBackCounts(writeBack) : undefined };
    },
    async refreshTrackRecord(programName) {
      const { report, teams } = await backtestProgram({ db, config: config.file }, { program: programName });
      const record = buildTrackRecord(report, teams);
      await saveTrackRecord(db, programName, record, deps.now?.() ?? new Date());
      prepared.delete(`${programName}:leadership`);
      prepared.delete(`${programName}:tpm`);
      logger.info({ program: programName, releases: record.releases, metP85: record.metP85, forecasts: record.forecasts }, 'track record refreshed');
      return { releases: record.releases, metP85: record.metP85 };
    },
    async programsUsingSource(sourceName) {
      return config.file.programs.filter((p) => scopeReadsSource(p.scope, sourceName)).map((p) => p.name);
    },
    async renderAlertEmail(eventId, recipient) {
      const event = await getAlertEvent(db, eventId);
      if (!event) return null;
      const parsed = alertEventPayloadSchema.safeParse(event.payload);
      if (!parsed.success) throw new Error(`alert event ${eventId} has an unreadable payload: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      const payload = parsed.data;
      const program = config.file.programs.find((p) => p.name === payload.program);
      const dashboardUrl = `${config.runtime.publicUrl}/programs/${encodeURIComponent(payload.program)}`;
      return renderAlertEmail(payload, { title: program?.title ?? payload.program, dashboardUrl }, recipient);
    },
    async renderProgramEmail(programName, audience, recipient) {
      // A team subscription without a team (made before teams were named) has no report to get.
      const email = await preparedEmail(programName, audience, audience === 'team' ? (recipient.team ?? null) : null);
      return email ? email.personalize({ recipient: recipient.email, unsubscribeUrl: recipient.unsubscribeUrl }) : null;
    },
  };
}
