/**
 * How reports and the dashboard show write-back: a data-quality note when tracker writes failed
 * (beside the stale-data warnings), and the last run with, in dry-run, every write Seams would
 * make. Pure.
 */
import type { WritebackAction, WritebackFailure } from './writeback-service.js';

/** The last write-back run of a program, as stored in writeback_runs. */
export interface WritebackRunView {
  readonly mode: 'dry-run' | 'on';
  readonly at: string;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly mentions: number;
  readonly failed: number;
  readonly failures: readonly WritebackFailure[];
  readonly planned: readonly { readonly key: string; readonly action: WritebackAction; readonly text: string }[];
}

export interface WritebackNotice {
  readonly source: string;
  readonly kind: 'jira' | 'linear';
  readonly message: string;
}

const TRACKER: Readonly<Record<'jira' | 'linear', string>> = { jira: 'Jira', linear: 'Linear' };
const PERMISSION: Readonly<Record<'jira' | 'linear', string>> = {
  jira: 'the account needs "Add comments" and "Edit issues" (scoped token: write:jira-work)',
  linear: 'the API key needs write access',
};

/** One note per tracker source whose writes failed in the last run. */
export function writebackNotices(run: WritebackRunView | null | undefined): WritebackNotice[] {
  if (!run || run.failures.length === 0) return [];
  const bySource = new Map<string, WritebackFailure[]>();
  for (const f of run.failures) bySource.set(f.source, [...(bySource.get(f.source) ?? []), f]);
  return [...bySource.entries()].map(([source, failures]) => {
    const first = failures[0] as WritebackFailure;
    const permission = failures.some((f) => / 40[34]\b|denied access|refused access|FORBIDDEN|permission|scope/i.test(f.reason))
      ? `; ${PERMISSION[first.kind]}`
      : '';
    return {
      source,
      kind: first.kind,
      message:
        `Write-back to ${TRACKER[first.kind]} (${source}): ${failures.length} ${failures.length === 1 ? 'write' : 'writes'} failed, ` +
        `e.g. ${first.key} (${first.action}: ${first.reason.slice(0, 160)})${permission}. Seams retries after the next rebuild`,
    };
  });
}

/** Reads a stored summary back, tolerating runs stored by older versions. */
export function toWritebackRunView(stored: { readonly mode: 'dry-run' | 'on'; readonly at: Date; readonly summary: Record<string, unknown> } | null): WritebackRunView | null {
  if (!stored) return null;
  const s = stored.summary;
  const num = (k: string): number => (typeof s[k] === 'number' ? (s[k] as number) : 0);
  const list = <T>(k: string): T[] => (Array.isArray(s[k]) ? (s[k] as T[]) : []);
  return {
    mode: stored.mode,
    at: stored.at.toISOString(),
    created: num('created'),
    updated: num('updated'),
    unchanged: num('unchanged'),
    mentions: num('mentions'),
    failed: num('failed'),
    failures: list('failures'),
    planned: list('planned'),
  };
}
