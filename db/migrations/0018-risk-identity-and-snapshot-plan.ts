/**
 * Issue 18. (1) Each weekly snapshot keeps the program's target date and scope definition, so a
 * moved target shows in the history; existing rows take the target their stored analysis used.
 * (2) Risk identity becomes rule + subject item: `blocked` and `date-inversion` were keyed by the
 * whole set of subjects (the blockers), so a change of blockers looked like one risk resolved and
 * another opened. Their rows are re-keyed; rows that now share an identity merge into the oldest
 * one, which keeps the earliest first_seen, the latest last_seen and state, and every human field;
 * the weekly snapshots' risk severities follow the new identities.
 */
import { sql, type Kysely } from 'kysely';

// Migrations use Kysely<any> on purpose: they must keep working when Database types evolve.
type AnyDb = Kysely<any>;

/** Re-keyed rules: where their subject (the item at risk) sits in `subject_items`. */
const SUBJECT_POSITION: Readonly<Record<string, number>> = { blocked: 0, 'date-inversion': 1 };

interface OldRisk {
  id: number;
  program_id: number;
  identity: string;
  rule: string;
  subject_items: unknown;
  severity: string;
  owner: string | null;
  title: string;
  evidence: unknown;
  first_seen: Date;
  last_seen: Date;
  resolved_at: Date | null;
  mitigation: string | null;
  owner_override: string | null;
  acknowledged_by: string | null;
  updated_at: Date;
}

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('snapshots').addColumn('target_date', 'date').execute();
  await db.schema.alterTable('snapshots').addColumn('scope_definition', 'jsonb').execute();
  await sql`update snapshots set target_date = (metrics->'analysis'->>'targetDate')::date
            where metrics->'analysis'->>'targetDate' is not null`.execute(db);

  const rows = (await db
    .selectFrom('risks')
    .select(['id', 'program_id', 'identity', 'rule', 'subject_items', 'severity', 'owner', 'title', 'evidence', 'first_seen', 'last_seen', 'resolved_at', 'mitigation', 'owner_override', 'acknowledged_by', 'updated_at'])
    .where('rule', 'in', Object.keys(SUBJECT_POSITION))
    .execute()) as OldRisk[];
  const groups = new Map<string, OldRisk[]>();
  const renamed = new Map<number, Map<string, string>>();
  for (const row of rows) {
    const subjects = Array.isArray(row.subject_items) ? (row.subject_items as unknown[]) : [];
    // Old `date-inversion` rows list [blocker, dependent]; the dependent is the subject.
    const subject = subjects[SUBJECT_POSITION[row.rule] as number] ?? subjects[0];
    if (typeof subject !== 'string') continue;
    const identity = `${row.rule}:${subject}`;
    const programRenames = renamed.get(row.program_id) ?? new Map<string, string>();
    programRenames.set(row.identity, identity);
    renamed.set(row.program_id, programRenames);
    const key = `${row.program_id}\u0000${identity}`;
    const group = groups.get(key) ?? [];
    group.push({ ...row, identity });
    groups.set(key, group);
  }
  for (const group of groups.values()) await mergeInto(db, group);
  for (const [programId, renames] of renamed) await renameInSnapshots(db, programId, renames);
}

/**
 * Snapshots remember each week's risk severities by identity (for "new" and "escalated"): rename
 * those keys too, keeping the higher severity where two old identities became one.
 */
async function renameInSnapshots(db: AnyDb, programId: number, renames: ReadonlyMap<string, string>): Promise<void> {
  const rank: Readonly<Record<string, number>> = { low: 0, medium: 1, high: 2, critical: 3 };
  const snapshots = (await db
    .selectFrom('snapshots')
    .select(['id', sql<unknown>`metrics->'riskSeverities'`.as('severities')])
    .where('program_id', '=', programId)
    .execute()) as { id: number; severities: unknown }[];
  for (const snapshot of snapshots) {
    if (snapshot.severities === null || typeof snapshot.severities !== 'object') continue;
    const next: Record<string, string> = {};
    let changed = false;
    for (const [identity, severity] of Object.entries(snapshot.severities as Record<string, string>)) {
      const to = renames.get(identity) ?? identity;
      if (to !== identity) changed = true;
      const kept = next[to];
      if (kept === undefined || (rank[severity] ?? 0) > (rank[kept] ?? 0)) next[to] = severity;
    }
    if (!changed) continue;
    await sql`update snapshots set metrics = jsonb_set(metrics, '{riskSeverities}', ${JSON.stringify(next)}::jsonb)
              where id = ${snapshot.id}`.execute(db);
  }
}

async function mergeInto(db: AnyDb, group: OldRisk[]): Promise<void> {
  const byFirstSeen = [...group].sort((a, b) => a.first_seen.getTime() - b.first_seen.getTime() || a.id - b.id);
  const keeper = byFirstSeen[0] as OldRisk;
  const latest = [...group].sort((a, b) => b.last_seen.getTime() - a.last_seen.getTime() || b.id - a.id)[0] as OldRisk;
  // Human fields: the most recently edited value wins; none is dropped for a null.
  const recent = [...group].sort((a, b) => b.updated_at.getTime() - a.updated_at.getTime());
  const human = (field: 'mitigation' | 'owner_override' | 'acknowledged_by'): string | null => recent.find((r) => r[field] !== null)?.[field] ?? null;
  const others = group.filter((r) => r.id !== keeper.id).map((r) => r.id);
  // Free the identity first: another row may hold it under the unique (program, identity).
  if (others.length > 0) await db.deleteFrom('risks').where('id', 'in', others).execute();
  // The detected facts are the latest row's; history (first_seen) is the keeper's.
  await db
    .updateTable('risks')
    .set({
      identity: keeper.identity,
      subject_items: JSON.stringify(latest.subject_items),
      severity: latest.severity,
      owner: latest.owner,
      title: latest.title,
      evidence: JSON.stringify(latest.evidence),
      last_seen: latest.last_seen,
      resolved_at: latest.resolved_at,
      mitigation: human('mitigation'),
      owner_override: human('owner_override'),
      acknowledged_by: human('acknowledged_by'),
      updated_at: sql`now()`,
    })
    .where('id', '=', keeper.id)
    .execute();
}

/** Drops the snapshot columns; re-keyed risks keep their new identity (the old one was the flaw). */
export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('snapshots').dropColumn('scope_definition').execute();
  await db.schema.alterTable('snapshots').dropColumn('target_date').execute();
}
