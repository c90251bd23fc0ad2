/**
 * The human side of the risk register: owner override and mitigation (columns of `risks` that
 * rebuilds never write) and the review state in `risk_reviews` (status, snooze). Every change
 * lands in the change log with its author, in the same transaction as the change itself.
 */
import type { Kysely } from 'kysely';
import { recordChanges, type FieldChange } from './change-log.js';
import type { Database, RiskReviewStatusColumn, RiskRow } from './database-types.js';

export interface ReviewedRiskRow extends RiskRow {
  readonly review_status: RiskReviewStatusColumn;
  readonly snooze_until: string | null;
}

export interface RiskReviewChanges {
  readonly ownerOverride?: string | null;
  readonly mitigation?: string | null;
  readonly status?: RiskReviewStatusColumn;
  readonly snoozeUntil?: string | null;
  /** Appended to the history; notes are never edited in place. */
  readonly note?: string;
}

function reviewedRisks(db: Kysely<Database>) {
  return db
    .selectFrom('risks')
    .leftJoin('risk_reviews', 'risk_reviews.risk_id', 'risks.id')
    .selectAll('risks')
    .select((eb) => [
      eb.fn.coalesce('risk_reviews.status', eb.val<RiskReviewStatusColumn>('open')).as('review_status'),
      'risk_reviews.snooze_until as snooze_until',
    ]);
}

export async function getReviewedRisk(db: Kysely<Database>, riskId: number): Promise<ReviewedRiskRow | undefined> {
  return reviewedRisks(db).where('risks.id', '=', riskId).executeTakeFirst() as Promise<ReviewedRiskRow | undefined>;
}

/** Every risk of a program the register shows: unresolved ones plus those resolved since `resolvedSince`. */
export async function listReviewedRisks(db: Kysely<Database>, programId: number, resolvedSince: Date): Promise<ReviewedRiskRow[]> {
  return reviewedRisks(db)
    .where('risks.program_id', '=', programId)
    .where((eb) => eb.or([eb('risks.resolved_at', 'is', null), eb('risks.resolved_at', '>=', resolvedSince)]))
    .orderBy('risks.first_seen')
    .orderBy('risks.id')
    .execute() as Promise<ReviewedRiskRow[]>;
}

/**
 * Applies a person's edit to one risk and logs each field that actually changed. Returns the
 * logged changes (empty when the edit changed nothing). Run it inside a transaction.
 */
export async function applyRiskReview(
  db: Kysely<Database>,
  risk: ReviewedRiskRow,
  changes: RiskReviewChanges,
  actor: string,
  at: Date,
): Promise<FieldChange[]> {
  const logged: FieldChange[] = [];
  const diff = (field: string, before: string | null, after: string | null | undefined) => {
    if (after !== undefined && after !== before) logged.push({ field, oldValue: before, newValue: after });
  };
  diff('owner', risk.owner_override, changes.ownerOverride);
  diff('mitigation', risk.mitigation, changes.mitigation);
  diff('status', risk.review_status, changes.status);
  diff('snooze_until', risk.snooze_until, changes.snoozeUntil);

  if (changes.ownerOverride !== undefined || changes.mitigation !== undefined) {
    const set: { owner_override?: string | null; mitigation?: string | null; updated_at: Date } = { updated_at: at };
    if (changes.ownerOverride !== undefined) set.owner_override = changes.ownerOverride;
    if (changes.mitigation !== undefined) set.mitigation = changes.mitigation;
    await db.updateTable('risks').set(set).where('id', '=', risk.id).execute();
  }
  if (changes.status !== undefined || changes.snoozeUntil !== undefined) {
    const status = changes.status ?? risk.review_status;
    const snooze = changes.snoozeUntil !== undefined ? changes.snoozeUntil : risk.snooze_until;
    const closedAt = status === 'closed' ? at : null;
    await db
      .insertInto('risk_reviews')
      .values({ risk_id: risk.id, status, snooze_until: snooze, closed_at: closedAt })
      .onConflict((oc) => oc.column('risk_id').doUpdateSet({ status, snooze_until: snooze, closed_at: closedAt, updated_at: at }))
      .execute();
  }
  if (changes.note !== undefined) logged.push({ field: 'note', oldValue: null, newValue: changes.note });
  await recordChanges(db, { programId: risk.program_id, entity: 'risk', entityId: risk.id, actor, at }, logged);
  return logged;
}

/**
 * A closed risk that a rebuild detects again reopens, with the reopening in its history.
 * Call after the register upsert, in the same transaction. Returns how many reopened.
 */
export async function reopenRedetectedRisks(
  db: Kysely<Database>,
  programId: number,
  detectedIdentities: readonly string[],
  at: Date,
): Promise<number> {
  if (detectedIdentities.length === 0) return 0;
  const closed = await db
    .selectFrom('risk_reviews')
    .innerJoin('risks', 'risks.id', 'risk_reviews.risk_id')
    .select(['risks.id as id'])
    .where('risks.program_id', '=', programId)
    .where('risk_reviews.status', '=', 'closed')
    .where('risks.identity', 'in', [...detectedIdentities])
    .execute();
  if (closed.length === 0) return 0;
  const ids = closed.map((r) => r.id);
  await db.updateTable('risk_reviews').set({ status: 'open', closed_at: null, updated_at: at }).where('risk_id', 'in', ids).execute();
  for (const id of ids) {
    await recordChanges(db, { programId, entity: 'risk', entityId: id, actor: 'seams (rebuild)', at }, [
      { field: 'status', oldValue: 'closed', newValue: 'open' },
    ]);
  }
  return ids.length;
}

/** Identities whose risks people set aside: accepted, or snoozed past `today` (YYYY-MM-DD). */
export async function listSetAsideIdentities(db: Kysely<Database>, programId: number, today: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('risk_reviews')
    .innerJoin('risks', 'risks.id', 'risk_reviews.risk_id')
    .select('risks.identity')
    .where('risks.program_id', '=', programId)
    .where((eb) => eb.or([eb('risk_reviews.status', '=', 'accepted'), eb('risk_reviews.snooze_until', '>', today)]))
    .execute();
  return new Set(rows.map((r) => r.identity));
}
