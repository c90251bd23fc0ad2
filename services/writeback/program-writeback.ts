/**
 * Wires write-back to configured sources: a writer per tracker built from the source's config
 * and credential, and one call to run after each rebuild that never throws (a rebuild and its
 * reports must not depend on whether the trackers accept our writes).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database-types.js';
import { listSyncStatus } from '../../db/sync-state.js';
import { scopeReadsSource } from '../app/scope-sources.js';
import type { SourceConfig } from '../config/config-schema.js';
import type { Secret } from '../config/secret.js';
import { LINEAR_API_URL } from '../connectors/linear/linear-api-url.js';
import { createJiraCommentWriter } from '../connectors/jira/jira-comments.js';
import { createLinearCommentWriter } from '../connectors/linear/linear-comments.js';
import type { RetryPolicy } from '../connectors/retry-policy.js';
import type { Logger } from '../logging/logger.js';
import type { RebuildResult } from '../rebuild/rebuild-program.js';
import type { ProgramConfig } from '../config/config-schema.js';
import type { TrackerWriter } from './tracker-writer.js';
import { runWriteback, type WritebackSummary } from './writeback-service.js';

/** First key of the advisory lock that serializes write-back per program (the second is the program id). */
const WRITEBACK_LOCK_CLASS = 0x5ea20;

export interface ProgramWritebackDeps {
  readonly db: Kysely<Database>;
  readonly sources: readonly SourceConfig[];
  readonly programs: readonly ProgramConfig[];
  readonly credentials: ReadonlyMap<string, Secret>;
  readonly publicUrl: string;
  readonly logger: Logger;
  readonly now?: () => Date;
  readonly retryPolicy?: Partial<RetryPolicy>;
}

export function trackerWriterFor(
  sources: readonly SourceConfig[],
  credentials: ReadonlyMap<string, Secret>,
  sourceName: string,
  retryPolicy?: Partial<RetryPolicy>,
): TrackerWriter | null {
  const source = sources.find((s) => s.name === sourceName);
  const secret = credentials.get(sourceName);
  if (!source || !secret) return null;
  if (source.kind === 'jira') {
    return createJiraCommentWriter({
      source: { name: source.name, baseUrl: source.baseUrl, email: source.email, apiToken: secret.reveal() },
      concurrency: Math.min(source.concurrency, 4),
      retryPolicy,
    });
  }
  return createLinearCommentWriter({
    source: { name: source.name, apiKey: secret.reveal(), apiUrl: source.apiUrl ?? LINEAR_API_URL },
    policy: retryPolicy,
  });
}

/** Write-back after a rebuild; null when the program's write-back is off. Never throws. */
export async function writeBackAfterRebuild(deps: ProgramWritebackDeps, result: RebuildResult): Promise<WritebackSummary | null> {
  const program = deps.programs.find((p) => p.name === result.program);
  if (!program || (program.writeBack?.mode ?? 'off') === 'off') return null;
  try {
    // Half a picture (one tracker synced, the other not yet) would comment on the wrong items.
    const synced = new Set((await listSyncStatus(deps.db)).filter((s) => s.last_success_at !== null).map((s) => s.source_name));
    const waiting = deps.sources.filter((s) => scopeReadsSource(program.scope, s.name) && !synced.has(s.name)).map((s) => s.name);
    if (waiting.length > 0) {
      deps.logger.info({ program: program.name, waiting }, 'write-back waits for the first sync of every source');
      return null;
    }
    // One write-back per program at a time, across processes (a report job may rebuild while a
    // rebuild job runs): the second waits and then finds the first one's comments stored. The
    // advisory lock is per session, so everything runs on one pinned connection.
    return await deps.db.connection().execute(async (db) => {
      await sql`select pg_advisory_lock(${WRITEBACK_LOCK_CLASS}::int, ${result.programId}::int)`.execute(db);
      try {
        return await runWriteback(
          {
            db,
            createWriter: (name) => trackerWriterFor(deps.sources, deps.credentials, name, deps.retryPolicy),
            logger: deps.logger,
            publicUrl: deps.publicUrl,
            now: deps.now,
          },
          { program, programId: result.programId, graph: result.scoped, analysis: result.analysis },
        );
      } finally {
        await sql`select pg_advisory_unlock(${WRITEBACK_LOCK_CLASS}::int, ${result.programId}::int)`.execute(db);
      }
    });
  } catch (error) {
    deps.logger.warn({ program: program.name, err: error instanceof Error ? error.message : String(error) }, 'write-back did not run');
    return null;
  }
}
