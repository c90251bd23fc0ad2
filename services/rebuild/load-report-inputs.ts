/**
 * Assembles a program's ProgramReportInputs from what rebuilds stored: the latest snapshot,
 * last week's, the weekly history, the risk register (with new/escalated/resolved status
 * relative to last week) and each source's sync status.
 */
import type { Kysely } from 'kysely';
import type { Database, RiskRow } from '../../db/database-types.js';
import { getProgramByName } from '../../db/programs.js';
import { listRegister } from '../../db/risks.js';
import { loadWeekAttribution } from './rebuild-attribution.js';
import { listSnapshotSummaries, loadLatestSnapshot, loadSnapshotBefore, type StoredSnapshotMetrics } from '../../db/snapshots.js';
import { listSyncStatus } from '../../db/sync-state.js';
import { loadWritebackRun } from '../../db/writeback.js';
import { loadTrackRecord } from '../../db/track-records.js';
import type { ProgramConfig } from '../config/config-schema.js';
import type { ProgramReportInputs, RiskRegisterEntry, RiskStatus, SnapshotData } from '../reports/report-inputs.js';
import { SEVERITY_RANK, type Severity } from '../risk/risk-types.js';
import { toWritebackRunView } from '../writeback/writeback-notes.js';

export interface LoadReportInputsDeps {
  readonly db: Kysely<Database>;
  readonly programs: readonly ProgramConfig[];
  readonly publicUrl: string;
  readonly now?: () => Date;
}

function stripStored(stored: StoredSnapshotMetrics): SnapshotData {
  const { riskSeverities: _severities, ...data } = stored;
  return data;
}

export function riskStatus(row: RiskRow, previous: StoredSnapshotMetrics | null, previousTakenAt: Date | null): RiskStatus {
  if (row.resolved_at) return 'resolved';
  if (!previous || (previousTakenAt && row.first_seen > previousTakenAt) || !(row.identity in previous.riskSeverities)) {
    return 'new';
  }
  const before = previous.riskSeverities[row.identity] as Severity | undefined;
  return before !== undefined && SEVERITY_RANK[row.severity] > SEVERITY_RANK[before] ? 'escalated' : 'open';
}

function toEntry(row: RiskRow, status: RiskStatus): RiskRegisterEntry {
  const evidence = row.evidence as { text?: unknown; needBy?: unknown; suggestedMitigation?: unknown; impactDays?: unknown; crossTeam?: unknown };
  return {
    identity: row.identity,
    rule: row.rule,
    title: row.title,
    severity: row.severity,
    owner: row.owner_override ?? row.owner,
    subjectIds: row.subject_items,
    evidence: typeof evidence.text === 'string' ? evidence.text : '',
    mitigation: row.mitigation ?? (typeof evidence.suggestedMitigation === 'string' ? evidence.suggestedMitigation : null),
    needBy: typeof evidence.needBy === 'string' ? evidence.needBy : null,
    impactDays: typeof evidence.impactDays === 'number' ? evidence.impactDays : 0,
    crossTeam: evidence.crossTeam === true,
    firstSeen: row.first_seen.toISOString(),
    lastSeen: row.last_seen.toISOString(),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    acknowledgedBy: row.acknowledged_by,
    status,
  };
}

/** Null when the program has never been rebuilt. */
export async function loadReportInputs(deps: LoadReportInputsDeps, programName: string): Promise<ProgramReportInputs | null> {
  const program = deps.programs.find((p) => p.name === programName);
  const row = await getProgramByName(deps.db, programName);
  if (!program || !row) return null;
  const latest = await loadLatestSnapshot(deps.db, row.id);
  if (!latest) return null;
  const previous = await loadSnapshotBefore(deps.db, row.id, latest.period);
  const previousTakenAt = previous ? new Date(previous.takenAt) : null;
  const resolvedSince = previousTakenAt ?? new Date(Date.parse(latest.takenAt) - 7 * 86_400_000);
  const register = await listRegister(deps.db, row.id, resolvedSince);
  const sync = await listSyncStatus(deps.db);
  return {
    program: {
      name: program.name,
      title: program.title ?? program.name,
      owner: program.owner ?? 'the program owner',
      targetDate: program.targetDate,
      timezone: program.timezone,
      decisions: program.decisions,
    },
    publicUrl: deps.publicUrl,
    generatedAt: (deps.now?.() ?? new Date()).toISOString(),
    current: stripStored(latest),
    previous: previous ? stripStored(previous) : null,
    history: await listSnapshotSummaries(deps.db, row.id),
    attribution: await loadWeekAttribution(deps.db, row.id, latest.period),
    risks: register.map((r) => toEntry(r, riskStatus(r, previous, previousTakenAt))),
    sources: sync.map((s) => ({
      name: s.source_name,
      kind: s.source_kind === 'linear' ? 'linear' : 'jira',
      lastSuccessAt: s.last_success_at?.toISOString() ?? null,
      lastError: s.last_error,
      quality: s.last_quality,
    })),
    writeBack: toWritebackRunView(await loadWritebackRun(deps.db, row.id)),
    trackRecord: (await loadTrackRecord(deps.db, row.id))?.record ?? null,
  };
}
