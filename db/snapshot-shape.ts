/**
 * The stored shape of a weekly snapshot (`snapshots.metrics`), owned here: what rebuild writes and
 * reports read. Every row written carries `schemaVersion`; every row read is validated with zod
 * and migrated from older versions, so a report never renders a half-understood row.
 *
 * Versions:
 * - 0 (no `schemaVersion`): rows written before the plan was kept; their target lives in
 *   `analysis.targetDate` and their scope is unknown.
 * - 1: adds `schemaVersion` and `plan`.
 */
import { z } from 'zod';
import type { ProgramAnalysis } from '../services/graph/analysis-types.js';
import type { GraphItem, IsoDate, IsoDateTime } from '../services/graph/graph-types.js';
import type { ForecastResult } from '../services/forecast/forecast-types.js';
import type { StatusColour } from '../services/risk/status-colour.js';

export const SNAPSHOT_SCHEMA_VERSION = 1;

/** One item as it stood at a snapshot: enough to list it and to diff week over week. */
export interface SnapshotItem
  extends Pick<
    GraphItem,
    'id' | 'key' | 'title' | 'url' | 'source' | 'team' | 'assignee' | 'status' | 'statusCategory' | 'dueDate' | 'placeholder'
  > {
  /** CPM early finish. */
  readonly finishDate: IsoDate;
  readonly slack: number;
  readonly critical: boolean;
  /** Open items with at least one blocker that is not done. */
  readonly blockedBy: readonly string[];
  /** Who waits on the item and what its slip threatens (absent in snapshots taken before it was stored). */
  readonly downstream?: SnapshotDownstream;
}

/** An item's downstream impact as stored (see graph/downstream-impact.ts). */
export interface SnapshotDownstream {
  /** Open items waiting on it, directly or transitively. */
  readonly items: number;
  readonly teams: readonly string[];
  /** Earliest threatened date: a waiting item's (or its own) due date, or the program target (itemId null). */
  readonly target: { readonly date: IsoDate; readonly itemId: string | null } | null;
}

/** What the program was asked to deliver by when, as configured at the snapshot. */
export interface SnapshotPlan {
  readonly targetDate: IsoDate | null;
  /** The program's scope definition from the config; null for snapshots taken before it was stored. */
  readonly scope: Readonly<Record<string, unknown>> | null;
}

export interface SnapshotData {
  readonly period: string;
  readonly takenAt: IsoDateTime;
  readonly asOf: IsoDate;
  readonly colour: StatusColour;
  readonly baseColour: StatusColour;
  readonly reasons: readonly string[];
  /** The forecast's one-line answer, e.g. "72% likely by the 15 July target; 85% likely by 19 July." */
  readonly headline: string;
  readonly plan: SnapshotPlan;
  readonly analysis: Omit<ProgramAnalysis, 'items'>;
  readonly forecast: ForecastResult | null;
  readonly items: readonly SnapshotItem[];
  /** The `blocks` links among the snapshot's items (for the dependency picture). */
  readonly links: readonly { readonly from: string; readonly to: string }[];
}

/** A week of history for trends (from the row's columns, not its `metrics`). */
export interface SnapshotSummary {
  readonly period: string;
  readonly takenAt: IsoDateTime;
  readonly colour: StatusColour;
  readonly confidence: number | null;
  readonly p50: IsoDate | null;
  readonly p85: IsoDate | null;
  readonly p95: IsoDate | null;
  /** The target at that snapshot. */
  readonly targetDate: IsoDate | null;
}

/** What `metrics` holds: the snapshot's data plus the risk severities of that week. */
export interface StoredSnapshotMetrics extends SnapshotData {
  readonly riskSeverities: Readonly<Record<string, string>>;
}

/** A stored row that no version of the schema describes; names the row and the first bad field. */
export class StoredSnapshotError extends Error {
  override readonly name = 'StoredSnapshotError';
  constructor(
    readonly programId: number,
    readonly period: string,
    detail: string,
  ) {
    super(`snapshot ${period} of program ${programId} is unreadable: ${detail}`);
  }
}

const colour = z.enum(['green', 'yellow', 'red']);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const itemSchema = z.object({
  id: z.string(),
  key: z.string(),
  title: z.string(),
  url: z.string().nullable(),
  source: z.string().nullable(),
  team: z.string().nullable(),
  assignee: z.string().nullable(),
  status: z.string().nullable(),
  statusCategory: z.enum(['todo', 'in_progress', 'done', 'unknown']),
  dueDate: isoDate.nullable(),
  placeholder: z.boolean(),
  finishDate: isoDate,
  slack: z.number(),
  critical: z.boolean(),
  blockedBy: z.array(z.string()),
  downstream: z
    .object({
      items: z.number().int().nonnegative(),
      teams: z.array(z.string()),
      target: z.object({ date: isoDate, itemId: z.string().nullable() }).nullable(),
    })
    .optional(),
});

/**
 * The analysis and forecast are the engine's own results, stored whole; what reports read of them
 * is checked here, the rest passes through as the engine wrote it.
 */
const analysisSchema = z
  .object({ asOf: isoDate, targetDate: isoDate.nullable(), finishDate: isoDate, criticalPath: z.array(z.string()) })
  .loose()
  .transform((a) => a as unknown as Omit<ProgramAnalysis, 'items'>);
const forecastSchema = z
  .object({ p50: isoDate, p85: isoDate, p95: isoDate })
  .loose()
  .transform((f) => f as unknown as ForecastResult);

const commonFields = {
  period: z.string(),
  takenAt: z.string(),
  asOf: isoDate,
  colour,
  baseColour: colour,
  reasons: z.array(z.string()),
  headline: z.string(),
  analysis: analysisSchema,
  forecast: forecastSchema.nullable(),
  items: z.array(itemSchema),
  links: z.array(z.object({ from: z.string(), to: z.string() })),
  riskSeverities: z.record(z.string(), z.string()),
};

const planSchema = z.object({ targetDate: isoDate.nullable(), scope: z.record(z.string(), z.unknown()).nullable() });

const v1Schema = z.object({ schemaVersion: z.literal(1), ...commonFields, plan: planSchema });
const v0Schema = z.object({ ...commonFields, plan: planSchema.optional() });

/** The jsonb to write for a snapshot: always the current version. */
export function toStoredMetrics(data: SnapshotData, riskSeverities: Readonly<Record<string, string>>): { schemaVersion: number } & StoredSnapshotMetrics {
  return { schemaVersion: SNAPSHOT_SCHEMA_VERSION, ...data, riskSeverities };
}

/** Validates a stored `metrics` value of any version and returns it in the current shape. */
export function readStoredMetrics(metrics: unknown, row: { readonly programId: number; readonly period: string }): StoredSnapshotMetrics {
  const version = typeof metrics === 'object' && metrics !== null ? (metrics as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (version === undefined) {
    const parsed = v0Schema.safeParse(metrics);
    if (!parsed.success) throw new StoredSnapshotError(row.programId, row.period, describe(parsed.error));
    const { plan, ...data } = parsed.data;
    return { ...data, plan: plan ?? { targetDate: data.analysis.targetDate, scope: null } };
  }
  const parsed = v1Schema.safeParse(metrics);
  if (!parsed.success) throw new StoredSnapshotError(row.programId, row.period, describe(parsed.error));
  const { schemaVersion: _v, ...data } = parsed.data;
  return data;
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`;
}
