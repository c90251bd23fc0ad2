/**
 * Runs write-back for one program after its rebuild: plans what Seams should say (pure, in
 * writeback-plan.ts), compares it with what was written before, and writes only the difference.
 * A failed write never fails the rebuild: it is counted, logged and left for the next rebuild to
 * retry (state is saved per item right after each successful write).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database-types.js';
import {
  loadWritebackState,
  loadWritebackTargets,
  saveOpenBlockers,
  saveWritebackItem,
  saveWritebackRun,
  type StoredWriteback,
  type WritebackItemPatch,
  type WritebackTarget,
} from '../../db/writeback.js';
import type { ProgramConfig } from '../config/config-schema.js';
import { mapWithConcurrency } from '../connectors/rate-limit.js';
import type { ProgramAnalysis } from '../graph/analysis-types.js';
import type { ProgramGraph } from '../graph/graph-types.js';
import type { Logger } from '../logging/logger.js';
import { absoluteUrl, programPath } from '../reports/report-format.js';
import { plainText, type CommentDoc } from './comment-doc.js';
import { WRITE_BACK_OFF } from './writeback-config.js';
import { planWriteback, unblockDoc, type StatusCommentPlan, type StoredItemState, type UnblockPlan, type WritebackProgramInfo } from './writeback-plan.js';
import { CommentGoneError, type TrackerWriter } from './tracker-writer.js';

export interface WritebackDeps {
  readonly db: Kysely<Database>;
  /** A writer for a configured source, or null (the item's source is not configured). Called once per source and run. */
  readonly createWriter: (sourceName: string) => TrackerWriter | null;
  readonly logger: Pick<Logger, 'info' | 'warn'>;
  readonly publicUrl: string;
  readonly now?: () => Date;
}

export interface WritebackInput {
  readonly program: ProgramConfig;
  readonly programId: number;
  /** The rebuild's scoped graph and its analysis. */
  readonly graph: ProgramGraph;
  readonly analysis: ProgramAnalysis;
}

export type WritebackAction = 'create' | 'update' | 'mention' | 'label-add' | 'label-remove';

export interface WritebackFailure {
  readonly source: string;
  readonly kind: 'jira' | 'linear';
  readonly key: string;
  readonly action: WritebackAction;
  /** Secret-free: connector errors never carry credentials. */
  readonly reason: string;
}

export interface WritebackSummary {
  readonly mode: 'dry-run' | 'on';
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly mentions: number;
  readonly labelsAdded: number;
  readonly labelsRemoved: number;
  readonly failed: number;
  /** Tracker requests sent (0 in dry-run). */
  readonly requests: number;
  readonly failures: readonly WritebackFailure[];
  /** Dry-run: every write Seams would make, with the text it would write. */
  readonly planned: readonly { readonly key: string; readonly action: WritebackAction; readonly text: string }[];
}

/** The numbers of a run, small enough for a job result. */
export type WriteBackCounts = Pick<
  WritebackSummary,
  'mode' | 'created' | 'updated' | 'unchanged' | 'mentions' | 'labelsAdded' | 'labelsRemoved' | 'failed' | 'requests'
> & { readonly planned: number };

export function writeBackCounts(s: WritebackSummary): WriteBackCounts {
  const { failures: _f, planned, ...counts } = s;
  return { ...counts, planned: planned.length };
}

const CONCURRENCY = 4;

const hash = (body: string): string => createHash('sha256').update(body).digest('hex');

/** One line for people: "write-back: 3 comments created, 1 updated, 12 unchanged". */
export function describeWriteback(s: WriteBackCounts | WritebackSummary): string {
  const plannedCount = typeof s.planned === 'number' ? s.planned : s.planned.length;
  const extra = [
    s.mentions > 0 ? `${s.mentions} unblock ${s.mentions === 1 ? 'mention' : 'mentions'}` : '',
    s.labelsAdded + s.labelsRemoved > 0 ? `labels +${s.labelsAdded}/-${s.labelsRemoved}` : '',
    s.failed > 0 ? `${s.failed} failed` : '',
  ].filter(Boolean);
  const head = s.mode === 'dry-run' ? `write-back (dry run): would write ${plannedCount} changes` : `write-back: ${s.created} comments created, ${s.updated} updated, ${s.unchanged} unchanged`;
  return extra.length > 0 ? `${head} (${extra.join(', ')})` : head;
}

export async function runWriteback(deps: WritebackDeps, input: WritebackInput): Promise<WritebackSummary | null> {
  const settings = input.program.writeBack ?? WRITE_BACK_OFF;
  if (settings.mode === 'off') return null;
  const mode = settings.mode;
  const now = deps.now?.() ?? new Date();
  const { db } = deps;
  const writers = new Map<string, TrackerWriter | null>();
  const writerFor = (sourceName: string): TrackerWriter | null => {
    if (!writers.has(sourceName)) writers.set(sourceName, deps.createWriter(sourceName));
    return writers.get(sourceName) ?? null;
  };

  const info: WritebackProgramInfo = {
    name: input.program.name,
    title: input.program.title ?? input.program.name,
    dashboardUrl: absoluteUrl(deps.publicUrl, programPath(input.program.name)),
  };
  const stored = await loadWritebackState(db, input.programId);
  const storedStates = new Map<string, StoredItemState>([...stored].map(([id, s]) => [id, s]));
  const plan = planWriteback({
    program: info,
    graph: input.graph,
    analysis: input.analysis,
    stored: storedStates,
    writable: (item) => !item.placeholder && item.source !== null && writerFor(item.source) !== null,
    mentionOnUnblock: settings.mentionOnUnblock,
  });
  const wanted = [...plan.comments.map((c) => c.itemId), ...plan.unblocked.map((u) => u.itemId), ...plan.openBlockers.keys()];
  const targets = await loadWritebackTargets(db, wanted.filter((id) => !stored.has(id)));
  for (const [id, s] of stored) targets.set(id, s.target);

  const counts = { created: 0, updated: 0, unchanged: 0, mentions: 0, labelsAdded: 0, labelsRemoved: 0 };
  const failures: WritebackFailure[] = [];
  const planned: { key: string; action: WritebackAction; text: string }[] = [];
  const save = (target: WritebackTarget, patch: WritebackItemPatch) => saveWritebackItem(db, input.programId, target.rowId, patch);

  /** Runs one write; a failure is recorded and swallowed so the other items still get theirs. */
  const attempt = async (target: WritebackTarget, action: WritebackAction, write: () => Promise<void>): Promise<boolean> => {
    try {
      await write();
      return true;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      failures.push({ source: target.sourceName, kind: target.kind, key: target.key, action, reason });
      deps.logger.warn({ program: info.name, item: target.key, source: target.sourceName, action, err: reason }, 'write-back failed');
      return false;
    }
  };

  const writeComment = async (c: StatusCommentPlan): Promise<void> => {
    const target = targets.get(c.itemId);
    const writer = target ? writerFor(target.sourceName) : null;
    if (!target || !writer) return;
    const state: StoredWriteback | undefined = stored.get(c.itemId);
    if (target.deleted) {
      // The issue is gone from the tracker: its comment went with it.
      if (mode === 'on') await save(target, { inSet: false, label: null });
      return;
    }
    const bodyHash = hash(writer.render(c.doc));
    const commentId = state?.commentId ?? null;
    if (commentId !== null && state?.bodyHash === bodyHash && state.inSet === c.inSet) counts.unchanged++;
    else if (commentId === null && !c.inSet) {
      // Never commented and no longer in the set: nothing to say.
    } else if (mode === 'dry-run') {
      planned.push({ key: target.key, action: commentId === null ? 'create' : 'update', text: plainText(c.doc) });
    } else if (commentId === null) {
      await attempt(target, 'create', async () => {
        const id = await writer.createComment(target, c.doc);
        counts.created++;
        await save(target, { commentId: id, bodyHash, inSet: c.inSet });
      });
    } else {
      await attempt(target, 'update', async () => {
        try {
          await writer.updateComment(target, commentId, c.doc);
          counts.updated++;
          await save(target, { bodyHash, inSet: c.inSet });
        } catch (error) {
          if (!(error instanceof CommentGoneError)) throw error;
          const id = await writer.createComment(target, c.doc);
          counts.created++;
          await save(target, { commentId: id, bodyHash, inSet: c.inSet });
        }
      });
    }
    await syncLabel(target, writer, c.inSet, state?.label ?? null);
  };

  const syncLabel = async (target: WritebackTarget, writer: TrackerWriter, inSet: boolean, current: string | null): Promise<void> => {
    const want = inSet ? (settings.label ?? null) : null;
    if (current === want) return;
    if (current !== null) {
      if (mode === 'dry-run') planned.push({ key: target.key, action: 'label-remove', text: current });
      else {
        const removed = await attempt(target, 'label-remove', async () => {
          await writer.removeLabel(target, current);
          counts.labelsRemoved++;
          await save(target, { label: null });
        });
        if (!removed) return;
      }
    }
    if (want === null) return;
    if (mode === 'dry-run') planned.push({ key: target.key, action: 'label-add', text: want });
    else
      await attempt(target, 'label-add', async () => {
        await writer.addLabel(target, want);
        counts.labelsAdded++;
        await save(target, { label: want });
      });
  };

  const mention = async (u: UnblockPlan): Promise<void> => {
    const target = targets.get(u.itemId);
    const writer = target ? writerFor(target.sourceName) : null;
    if (!target || !writer) return;
    if (mode === 'dry-run') {
      const who = target.assignee ? { name: target.assignee, jiraAccountId: null, linearProfileUrl: null } : null;
      planned.push({ key: target.key, action: 'mention', text: plainText(unblockDoc(info, u, who)) });
      return;
    }
    await attempt(target, 'mention', async () => {
      const doc: CommentDoc = unblockDoc(info, u, await writer.assigneeMention(target));
      const id = await writer.createComment(target, doc);
      counts.mentions++;
      await save(target, { unblockCommentId: id, unblockedAt: now, openBlockers: [] });
    });
  };

  await mapWithConcurrency(plan.comments, CONCURRENCY, writeComment);
  await mapWithConcurrency(plan.unblocked, CONCURRENCY, mention);
  if (mode === 'on') {
    // Remember open blockers (an unblocking is announced once, when they all close). Unblocked
    // items were saved by their mention; a failed mention keeps the old list, to retry next time.
    const unblocked = new Set(plan.unblocked.map((u) => u.itemId));
    const changed: { itemRowId: number; openBlockers: readonly string[] }[] = [];
    for (const [id, open] of plan.openBlockers) {
      const target = targets.get(id);
      if (!target || unblocked.has(id)) continue;
      const before = stored.get(id)?.openBlockers ?? [];
      if (before.length === open.length && before.every((b, i) => b === open[i])) continue;
      changed.push({ itemRowId: target.rowId, openBlockers: open });
    }
    await saveOpenBlockers(db, input.programId, changed);
  }

  let requests = 0;
  for (const w of writers.values()) requests += w?.requests() ?? 0;
  const summary: WritebackSummary = { mode, ...counts, failed: failures.length, requests, failures, planned };
  await saveWritebackRun(db, input.programId, { mode, at: now, summary: { ...summary } });
  // A dry run's whole point is showing what would be written: log every write it holds back.
  for (const p of planned) deps.logger.info({ program: info.name, item: p.key, action: p.action, text: p.text }, 'write-back dry run: would write');
  deps.logger.info(
    { program: info.name, mode, ...counts, failed: failures.length, planned: planned.length, requests },
    describeWriteback(summary),
  );
  return summary;
}
