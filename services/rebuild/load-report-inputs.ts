/**
 * Assembles a program's ProgramReportInputs from what rebuilds stored: the latest snapshot,
 * last week's, the weekly history, the risk register (with new/escalated/resolved status
 * relative to last week) and each source's sync status.
 */
import type { Kysely } from 'kysely';
import type { Database, RiskRow, StoredDecisionRow } from '../../db/database-types.js';
import { getProgramByName } from '../../db/programs.js';
import { loadWeekAttribution } from './rebuild-attribution.js';
import { listDecisions } from '../../db/decisions.js';
import { listReviewedRisks, type ReviewedRiskRow } from '../../db/risk-reviews.js';
import { listSnapshotSummaries, loadLatestSnapshot, loadSnapshotBefore, loadSnapshotForPeriod } from '../../db/snapshots.js';
import type { StoredSnapshotMetrics } from '../../db/snapshot-shape.js';
import { listSyncStatus } from '../../db/sync-state.js';
import { loadWritebackRun } from '../../db/writeback.js';
import { loadTrackRecord } from '../../db/track-records.js';
import type { ProgramConfig } from '../config/config-schema.js';
import { isoDateInZone } from '../graph/work-calendar.js';
import { setAsideReason } from '../register/register-fns.js';
import { toDecisionRecord } from '../register/decision-record.js';
import type { DecisionLog, ProgramReportInputs, RiskRegisterEntry, RiskStatus, SnapshotData } from '../reports/report-inputs.js';
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

function toEntry(row: ReviewedRiskRow, status: RiskStatus, today: string): RiskRegisterEntry {
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
    review: {
      id: row.id,
      status: row.review_status,
      snoozeUntil: row.snooze_until,
      setAside: setAsideReason(row.review_status, row.snooze_until, today),
    },
  };
}

/** Open decisions, and those decided since `since` (last week's snapshot). */
export function decisionLog(rows: readonly StoredDecisionRow[], program: string, since: Date): DecisionLog {
  return {
    open: rows.filter((d) => d.status === 'open').map((d) => toDecisionRecord(d, program)),
    decidedThisWeek: rows.filter((d) => d.status === 'decided' && d.decided_at !== null && d.decided_at >= since).map((d) => toDecisionRecord(d, program)),
    recordedOrigins: rows.map((d) => d.origin).filter((o): o is string => o !== null),
  };
}

function programInfo(program: ProgramConfig): ProgramReportInputs['program'] {
  return {
    name: program.name,
    title: program.title ?? program.name,
    owner: program.owner ?? 'the program owner',
    targetDate: program.targetDate,
    timezone: program.timezone,
    decisions: program.decisions,
    raci: program.raci,
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
  const register = await listReviewedRisks(deps.db, row.id, resolvedSince);
  const generatedAt = deps.now?.() ?? new Date();
  const today = isoDateInZone(generatedAt, program.timezone);
  const decisions = await listDecisions(deps.db, row.id);
  const sync = await listSyncStatus(deps.db);
  return {
    program: programInfo(program),
    publicUrl: deps.publicUrl,
    generatedAt: generatedAt.toISOString(),
    current: stripStored(latest),
    previous: previous ? stripStored(previous) : null,
    history: await listSnapshotSummaries(deps.db, row.id),
    attribution: await loadWeekAttribution(deps.db, row.id, latest.period),
    risks: register.map((r) => toEntry(r, riskStatus(r, previous, previousTakenAt), today)),
    decisionLog: decisionLog(decisions, program.name, resolvedSince),
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

/**
 * The weekly report of a past week, rendered from that week's stored snapshot: its items,
 * forecast, colour and the risks detected then (at their severity then). Human fields of risks
 * are today's (the change log holds their past values); decisions appear as they stood then.
 * Null when the program has no snapshot for that week.
 */
export async function loadPastReportInputs(deps: LoadReportInputsDeps, programName: string, period: string): Promise<ProgramReportInputs | null> {
  const program = deps.programs.find((p) => p.name === programName);
  const row = await getProgramByName(deps.db, programName);
  if (!program || !row) return null;
  const snapshot = await loadSnapshotForPeriod(deps.db, row.id, period);
  if (!snapshot) return null;
  const previous = await loadSnapshotBefore(deps.db, row.id, period);
  const takenAt = new Date(snapshot.takenAt);
  const previousTakenAt = previous ? new Date(previous.takenAt) : null;
  const since = previousTakenAt ?? new Date(takenAt.getTime() - 7 * 86_400_000);
  const today = isoDateInZone(takenAt, program.timezone);

  const risks = (await listReviewedRisks(deps.db, row.id, since)).flatMap((r): RiskRegisterEntry[] => {
    const severity = snapshot.riskSeverities[r.identity] as Severity | undefined;
    const resolvedThen = r.resolved_at !== null && r.resolved_at <= takenAt ? r.resolved_at : null;
    if (r.first_seen > takenAt || (severity === undefined && resolvedThen === null)) return [];
    const asThen = { ...r, severity: severity ?? r.severity, resolved_at: resolvedThen, last_seen: r.last_seen > takenAt ? takenAt : r.last_seen };
    return [toEntry(asThen, riskStatus(asThen, previous, previousTakenAt), today)];
  });
  const decisions = (await listDecisions(deps.db, row.id))
    .filter((d) => d.created_at <= takenAt)
    .map((d) => (d.decided_at !== null && d.decided_at > takenAt ? { ...d, status: 'open' as const, outcome: null, decided_at: null, decided_by: null } : d));
  const history = (await listSnapshotSummaries(deps.db, row.id, 520)).filter((h) => h.period <= period).slice(-26);
  return {
    program: programInfo(program),
    publicUrl: deps.publicUrl,
    generatedAt: snapshot.takenAt,
    current: stripStored(snapshot),
    previous: previous ? stripStored(previous) : null,
    history,
    risks,
    decisionLog: decisionLog(decisions, program.name, since),
    sources: [],
  };
}
