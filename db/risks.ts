/**
 * The risk register. Detected risks are upserted by their stable identity; first_seen,
 * last_seen and resolved_at are maintained here. Human fields (mitigation, owner override,
 * acknowledgement) are written only by people (db/risk-reviews.ts) and never overwritten by a rebuild.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, SeverityColumn } from './database-types.js';

export interface DetectedRisk {
  readonly identity: string;
  readonly rule: string;
  readonly severity: SeverityColumn;
  readonly owner: string | null;
  readonly title: string;
  readonly subjectIds: readonly string[];
  readonly evidence: Record<string, unknown>;
}

export interface RegisterChanges {
  readonly opened: number;
  readonly updated: number;
  readonly resolved: number;
}

export async function syncRiskRegister(
  db: Kysely<Database>,
  programId: number,
  detected: readonly DetectedRisk[],
  at: Date,
): Promise<RegisterChanges> {
  const unique = [...new Map(detected.map((r) => [r.identity, r])).values()];
  const existing = new Set(
    (await db.selectFrom('risks').select('identity').where('program_id', '=', programId).execute()).map((r) => r.identity),
  );
  for (let i = 0; i < unique.length; i += 500) {
    await db
      .insertInto('risks')
      .values(
        unique.slice(i, i + 500).map((r) => ({
          program_id: programId,
          identity: r.identity,
          rule: r.rule,
          subject_items: JSON.stringify([...r.subjectIds]),
          severity: r.severity,
          owner: r.owner,
          title: r.title,
          evidence: JSON.stringify(r.evidence),
          first_seen: at,
          last_seen: at,
          resolved_at: null,
          mitigation: null,
          owner_override: null,
          acknowledged_by: null,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['program_id', 'identity']).doUpdateSet((eb) => ({
          rule: eb.ref('excluded.rule'),
          subject_items: eb.ref('excluded.subject_items'),
          severity: eb.ref('excluded.severity'),
          owner: eb.ref('excluded.owner'),
          title: eb.ref('excluded.title'),
          evidence: eb.ref('excluded.evidence'),
          last_seen: eb.ref('excluded.last_seen'),
          resolved_at: null,
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }
  const current = unique.map((r) => r.identity);
  let q = db
    .updateTable('risks')
    .set({ resolved_at: at, updated_at: at })
    .where('program_id', '=', programId)
    .where('resolved_at', 'is', null);
  if (current.length > 0) q = q.where('identity', 'not in', current);
  const resolved = await q.executeTakeFirst();
  const opened = current.filter((id) => !existing.has(id)).length;
  return { opened, updated: current.length - opened, resolved: Number(resolved.numUpdatedRows) };
}
