/** A stored decision row as the plain record the CLI, API and reports use. */
import type { StoredDecisionRow } from '../../db/database-types.js';
import type { DecisionRecord } from './register-types.js';

export function toDecisionRecord(row: StoredDecisionRow, program: string): DecisionRecord {
  return {
    id: row.id,
    program,
    question: row.question,
    options: row.options,
    recommendation: row.recommendation,
    decider: row.decider,
    dueDate: row.due_date,
    riskIds: row.risk_ids,
    itemKeys: row.item_keys,
    origin: row.origin,
    status: row.status,
    outcome: row.outcome,
    decidedAt: row.decided_at?.toISOString() ?? null,
    decidedBy: row.decided_by,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
  };
}
