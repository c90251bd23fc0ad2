/**
 * Write-back state (issue 20): per program and item, the id of the one Seams comment, the hash of
 * its last body, the label Seams added and the open blockers last seen; and the last run of each
 * program. Items are addressed by graph id (`<source name>:<external id>`), as the engine names them.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './database-types.js';

/** Where an item lives, to write to it. */
export interface WritebackTarget {
  readonly rowId: number;
  readonly graphId: string;
  readonly sourceName: string;
  readonly kind: 'jira' | 'linear';
  readonly externalId: string;
  readonly key: string;
  /** Jira accountId of the assignee, from the stored issue payload. */
  readonly jiraAccountId: string | null;
  readonly assignee: string | null;
  /** Deleted (or moved out of the synced scope) in the tracker: nothing left to write to. */
  readonly deleted: boolean;
}

export interface StoredWriteback {
  readonly target: WritebackTarget;
  readonly commentId: string | null;
  readonly bodyHash: string | null;
  readonly inSet: boolean;
  readonly label: string | null;
  readonly openBlockers: readonly string[];
}

export interface WritebackItemPatch {
  readonly commentId?: string | null;
  readonly bodyHash?: string | null;
  readonly inSet?: boolean;
  readonly label?: string | null;
  readonly openBlockers?: readonly string[];
  readonly unblockCommentId?: string;
  readonly unblockedAt?: Date;
}

const targetColumns = [
  'w.id as row_id',
  'w.external_id',
  'w.key',
  'w.assignee',
  'w.deleted',
  's.name as source_name',
  's.kind',
  sql<string | null>`w.raw #>> '{fields,assignee,accountId}'`.as('account_id'),
] as const;

interface TargetRow {
  row_id: number;
  external_id: string;
  key: string;
  assignee: string | null;
  deleted: boolean;
  source_name: string;
  kind: 'jira' | 'linear';
  account_id: string | null;
}

function toTarget(r: TargetRow): WritebackTarget {
  return {
    rowId: r.row_id,
    graphId: `${r.source_name}:${r.external_id}`,
    sourceName: r.source_name,
    kind: r.kind,
    externalId: r.external_id,
    key: r.key,
    jiraAccountId: r.kind === 'jira' ? r.account_id : null,
    assignee: r.assignee,
    deleted: r.deleted,
  };
}

export async function loadWritebackState(db: Kysely<Database>, programId: number): Promise<Map<string, StoredWriteback>> {
  const rows = await db
    .selectFrom('writeback_items as b')
    .innerJoin('work_items as w', 'w.id', 'b.item_id')
    .innerJoin('sources as s', 's.id', 'w.source_id')
    .select([...targetColumns, 'b.comment_id', 'b.body_hash', 'b.in_set', 'b.label', 'b.open_blockers'])
    .where('b.program_id', '=', programId)
    .execute();
  return new Map(
    rows.map((r) => {
      const target = toTarget(r);
      return [
        target.graphId,
        { target, commentId: r.comment_id, bodyHash: r.body_hash, inSet: r.in_set, label: r.label, openBlockers: r.open_blockers },
      ];
    }),
  );
}

/** Targets of the given graph ids (those not found are left out: placeholders, unknown sources). */
export async function loadWritebackTargets(db: Kysely<Database>, graphIds: readonly string[]): Promise<Map<string, WritebackTarget>> {
  const bySource = new Map<string, string[]>();
  for (const id of graphIds) {
    const at = id.indexOf(':');
    if (at <= 0) continue;
    const list = bySource.get(id.slice(0, at)) ?? [];
    list.push(id.slice(at + 1));
    bySource.set(id.slice(0, at), list);
  }
  const out = new Map<string, WritebackTarget>();
  for (const [sourceName, externalIds] of bySource) {
    for (let i = 0; i < externalIds.length; i += 1_000) {
      const rows = await db
        .selectFrom('work_items as w')
        .innerJoin('sources as s', 's.id', 'w.source_id')
        .select([...targetColumns])
        .where('s.name', '=', sourceName)
        .where('w.external_id', 'in', externalIds.slice(i, i + 1_000))
        .where('w.placeholder', '=', false)
        .execute();
      for (const r of rows) {
        const target = toTarget(r);
        out.set(target.graphId, target);
      }
    }
  }
  return out;
}

/** Records what was written for one item right after the write, so a crash cannot forget a comment. */
export async function saveWritebackItem(db: Kysely<Database>, programId: number, itemRowId: number, patch: WritebackItemPatch): Promise<void> {
  const values = {
    ...(patch.commentId !== undefined ? { comment_id: patch.commentId } : {}),
    ...(patch.bodyHash !== undefined ? { body_hash: patch.bodyHash } : {}),
    ...(patch.inSet !== undefined ? { in_set: patch.inSet } : {}),
    ...(patch.label !== undefined ? { label: patch.label } : {}),
    ...(patch.openBlockers !== undefined ? { open_blockers: JSON.stringify([...patch.openBlockers]) } : {}),
    ...(patch.unblockCommentId !== undefined ? { unblock_comment_id: patch.unblockCommentId } : {}),
    ...(patch.unblockedAt !== undefined ? { unblocked_at: patch.unblockedAt } : {}),
  };
  await db
    .insertInto('writeback_items')
    .values({ program_id: programId, item_id: itemRowId, ...values })
    .onConflict((oc) => oc.columns(['program_id', 'item_id']).doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
}

/** Remembers the open blockers of many items at once (the first run of a large program touches thousands). */
export async function saveOpenBlockers(
  db: Kysely<Database>,
  programId: number,
  rows: readonly { readonly itemRowId: number; readonly openBlockers: readonly string[] }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('writeback_items')
      .values(rows.slice(i, i + 500).map((r) => ({ program_id: programId, item_id: r.itemRowId, open_blockers: JSON.stringify([...r.openBlockers]) })))
      .onConflict((oc) =>
        oc.columns(['program_id', 'item_id']).doUpdateSet((eb) => ({ open_blockers: eb.ref('excluded.open_blockers'), updated_at: new Date() })),
      )
      .execute();
  }
}

export async function saveWritebackRun(
  db: Kysely<Database>,
  programId: number,
  run: { readonly mode: 'dry-run' | 'on'; readonly at: Date; readonly summary: Record<string, unknown> },
): Promise<void> {
  const values = { program_id: programId, mode: run.mode, ran_at: run.at, summary: JSON.stringify(run.summary) };
  await db
    .insertInto('writeback_runs')
    .values(values)
    .onConflict((oc) => oc.column('program_id').doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
}

export async function loadWritebackRun(
  db: Kysely<Database>,
  programId: number,
): Promise<{ mode: 'dry-run' | 'on'; at: Date; summary: Record<string, unknown> } | null> {
  const row = await db.selectFrom('writeback_runs').select(['mode', 'ran_at', 'summary']).where('program_id', '=', programId).executeTakeFirst();
  return row ? { mode: row.mode, at: row.ran_at, summary: row.summary } : null;
}
