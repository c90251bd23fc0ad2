/**
 * The numbers of a sync or reconciliation summary, for a job's JSON result and the CLI's
 * one-line report. Lists (problems, unknown link types) are reported by their length.
 */
import type { ReconcileSummary, SyncSummary } from '../connectors/sync-types.js';

export function summaryCounts(summary: SyncSummary | ReconcileSummary): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(summary)) {
    if (typeof v === 'number') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.length;
  }
  return out;
}

export function formatCounts(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}
