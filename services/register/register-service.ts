/**
 * The risk register and decision log as a TPM works them: list with filters, edit a risk's
 * human fields, record, propose and resolve decisions, read the history. Every write validates
 * first, runs in one transaction with its change-log rows, and names its author.
 */
import type { Kysely } from 'kysely';
import { listChanges } from '../../db/change-log.js';
import type { ChangeLogRow, Database } from '../../db/database-types.js';
import { getDecision, insertDecision, listDecisions, resolveDecision } from '../../db/decisions.js';
import { getProgramByName } from '../../db/programs.js';
import { applyRiskReview, getReviewedRisk, listReviewedRisks, type ReviewedRiskRow } from '../../db/risk-reviews.js';
import { loadLatestSnapshot } from '../../db/snapshots.js';
import type { ProgramConfig } from '../config/config-schema.js';
import { isoDateInZone } from '../graph/work-calendar.js';
import { UnknownProgramError } from '../rebuild/rebuild-program.js';
import type { SnapshotItem } from '../reports/report-inputs.js';
import { toDecisionRecord } from './decision-record.js';
import { downstreamOf, filterRisks, isDecisionMitigation, proposedOptions, setAsideReason, sortRisks } from './register-fns.js';
import {
  RegisterConflictError,
  RegisterInputError,
  RegisterNotFoundError,
  actorSchema,
  decisionInputSchema,
  decisionResolveSchema,
  parseInput,
  riskUpdateSchema,
} from './register-input.js';
import type { DecisionRecord, HistoryEntry, ProposedDecision, RiskFilter, RiskRecord } from './register-types.js';

export interface RegisterServiceDeps {
  readonly db: Kysely<Database>;
  readonly programs: readonly ProgramConfig[];
  readonly now?: () => Date;
}

/** How long a risk the engine stopped raising stays listed. */
const GONE_RISK_DAYS = 14;

export interface ProgramSummary {
  readonly name: string;
  readonly title: string;
  readonly timezone: string;
}

export interface RegisterService {
  /** The configured program, or UnknownProgramError. */
  program(name: string): ProgramSummary;
  listRisks(program: string, filter?: RiskFilter): Promise<RiskRecord[]>;
  getRisk(id: number): Promise<{ readonly risk: RiskRecord; readonly history: HistoryEntry[] }>;
  updateRisk(id: number, input: unknown, actor: string): Promise<{ readonly risk: RiskRecord; readonly changed: readonly string[] }>;
  listDecisions(program: string): Promise<DecisionRecord[]>;
  proposedDecisions(program: string): Promise<ProposedDecision[]>;
  getDecision(id: number): Promise<{ readonly decision: DecisionRecord; readonly history: HistoryEntry[] }>;
  addDecision(program: string, input: unknown, actor: string): Promise<DecisionRecord>;
  recordProposedDecision(program: string, riskId: number, actor: string): Promise<DecisionRecord>;
  resolveDecision(id: number, input: unknown, actor: string): Promise<DecisionRecord>;
}

function toHistory(rows: readonly ChangeLogRow[]): HistoryEntry[] {
  return rows.map((r) => ({ at: r.at.toISOString(), actor: r.actor, field: r.field, oldValue: r.old_value, newValue: r.new_value }));
}

export function createRegisterService(deps: RegisterServiceDeps): RegisterService {
  const { db } = deps;
  const now = () => deps.now?.() ?? new Date();

  const programConfig = async (name: string) => {
    const config = deps.programs.find((p) => p.name === name);
    const row = config ? await getProgramByName(db, name) : undefined;
    if (!config || !row) throw new UnknownProgramError(name);
    return { config, row };
  };
  const programById = async (programId: number) => {
    const row = await db.selectFrom('programs').select('name').where('id', '=', programId).executeTakeFirst();
    const config = deps.programs.find((p) => p.name === row?.name);
    if (!row || !config) throw new RegisterNotFoundError(`program ${programId} is no longer configured`);
    return config;
  };

  const subjectIndex = async (programId: number): Promise<ReadonlyMap<string, SnapshotItem>> => {
    const latest = await loadLatestSnapshot(db, programId);
    return new Map((latest?.items ?? []).map((i) => [i.id, i]));
  };

  const toRecord = (row: ReviewedRiskRow, program: ProgramConfig, items: ReadonlyMap<string, SnapshotItem>): RiskRecord => {
    const evidence = row.evidence as { text?: unknown; needBy?: unknown; suggestedMitigation?: unknown };
    const subjects = row.subject_items.map((id) => {
      const item = items.get(id);
      return { id, key: item?.key ?? id, team: item?.team ?? null };
    });
    return {
      id: row.id,
      program: program.name,
      identity: row.identity,
      rule: row.rule,
      title: row.title,
      severity: row.severity,
      detected: row.resolved_at === null,
      owner: row.owner_override ?? row.owner ?? program.owner ?? 'the program owner',
      ownerOverride: row.owner_override,
      detectedOwner: row.owner,
      mitigation: row.mitigation,
      suggestedMitigation: typeof evidence.suggestedMitigation === 'string' ? evidence.suggestedMitigation : null,
      status: row.review_status,
      snoozeUntil: row.snooze_until,
      setAside: setAsideReason(row.review_status, row.snooze_until, isoDateInZone(now(), program.timezone)),
      needBy: typeof evidence.needBy === 'string' ? evidence.needBy : null,
      evidence: typeof evidence.text === 'string' ? evidence.text : '',
      subjects,
      teams: [...new Set(subjects.map((s) => s.team).filter((t): t is string => t !== null))].sort(),
      downstreamItems: downstreamOf(row.subject_items, items),
      firstSeen: row.first_seen.toISOString(),
      lastSeen: row.last_seen.toISOString(),
      resolvedAt: row.resolved_at?.toISOString() ?? null,
    };
  };

  const loadRisk = async (id: number) => {
    const row = await getReviewedRisk(db, id);
    if (!row) throw new RegisterNotFoundError(`no risk with id ${id}`);
    const program = await programById(row.program_id);
    return { row, program };
  };

  const loadDecision = async (id: number) => {
    const row = await getDecision(db, id);
    if (!row) throw new RegisterNotFoundError(`no decision with id ${id}`);
    return { row, program: await programById(row.program_id) };
  };

  const listAllRisks = async (programName: string) => {
    const { config, row } = await programConfig(programName);
    const since = new Date(now().getTime() - GONE_RISK_DAYS * 86_400_000);
    const rows = await listReviewedRisks(db, row.id, since);
    const items = await subjectIndex(row.id);
    return { config, row, risks: rows.map((r) => toRecord(r, config, items)) };
  };

  return {
    program(name) {
      const config = deps.programs.find((p) => p.name === name);
      if (!config) throw new UnknownProgramError(name);
      return { name: config.name, title: config.title ?? config.name, timezone: config.timezone };
    },

    async listRisks(programName, filter = {}) {
      const { risks } = await listAllRisks(programName);
      return sortRisks(filterRisks(risks, filter), filter.sort);
    },

    async getRisk(id) {
      const { row, program } = await loadRisk(id);
      return { risk: toRecord(row, program, await subjectIndex(row.program_id)), history: toHistory(await listChanges(db, 'risk', id)) };
    },

    async updateRisk(id, input, actor) {
      const author = parseInput(actorSchema, actor);
      const update = parseInput(riskUpdateSchema, input);
      const changed = await db.transaction().execute(async (trx) => {
        const row = await getReviewedRisk(trx, id);
        if (!row) throw new RegisterNotFoundError(`no risk with id ${id}`);
        const logged = await applyRiskReview(
          trx,
          row,
          {
            ...(update.owner !== undefined ? { ownerOverride: update.owner } : {}),
            ...(update.mitigation !== undefined ? { mitigation: update.mitigation } : {}),
            ...(update.status !== undefined ? { status: update.status } : {}),
            ...(update.snoozeUntil !== undefined ? { snoozeUntil: update.snoozeUntil } : {}),
            ...(update.note !== undefined ? { note: update.note } : {}),
          },
          author,
          now(),
        );
        return logged.map((c) => c.field);
      });
      const { row, program } = await loadRisk(id);
      return { risk: toRecord(row, program, await subjectIndex(row.program_id)), changed };
    },

    async listDecisions(programName) {
      const { config, row } = await programConfig(programName);
      return (await listDecisions(db, row.id)).map((d) => toDecisionRecord(d, config.name));
    },

    async proposedDecisions(programName) {
      const { row, risks } = await listAllRisks(programName);
      const recorded = new Set((await listDecisions(db, row.id)).map((d) => d.origin).filter((o) => o !== null));
      return risks
        .filter((r) => r.detected && r.status !== 'closed' && !recorded.has(`risk:${r.identity}`))
        .flatMap((r): ProposedDecision[] => {
          const suggestion = r.suggestedMitigation;
          if (!isDecisionMitigation(suggestion)) return [];
          return [{ riskId: r.id, question: r.title, options: proposedOptions(suggestion), recommendation: suggestion, decider: r.owner, dueDate: r.needBy }];
        });
    },

    async getDecision(id) {
      const { row, program } = await loadDecision(id);
      return { decision: toDecisionRecord(row, program.name), history: toHistory(await listChanges(db, 'decision', id)) };
    },

    async addDecision(programName, input, actor) {
      const author = parseInput(actorSchema, actor);
      const decision = parseInput(decisionInputSchema, input);
      const { config, row } = await programConfig(programName);
      if (decision.riskIds.length > 0) {
        const found = await db.selectFrom('risks').select('id').where('program_id', '=', row.id).where('id', 'in', decision.riskIds).execute();
        const known = new Set(found.map((r) => r.id));
        const missing = decision.riskIds.filter((id) => !known.has(id));
        if (missing.length > 0) {
          throw new RegisterInputError([{ field: 'riskIds', message: `no risk ${missing.join(', ')} in program ${programName}` }]);
        }
      }
      const stored = await db.transaction().execute((trx) =>
        insertDecision(
          trx,
          {
            programId: row.id,
            question: decision.question,
            options: decision.options,
            recommendation: decision.recommendation ?? null,
            decider: decision.decider ?? null,
            dueDate: decision.due ?? null,
            riskIds: [...new Set(decision.riskIds)],
            itemKeys: [...new Set(decision.itemKeys)],
            origin: null,
          },
          author,
          now(),
        ),
      );
      return toDecisionRecord(stored, config.name);
    },

    async recordProposedDecision(programName, riskId, actor) {
      const author = parseInput(actorSchema, actor);
      const proposal = (await this.proposedDecisions(programName)).find((p) => p.riskId === riskId);
      if (!proposal) throw new RegisterNotFoundError(`risk ${riskId} has no open proposed decision in program ${programName}`);
      const { config, row } = await programConfig(programName);
      const risk = await getReviewedRisk(db, riskId);
      const stored = await db.transaction().execute((trx) =>
        insertDecision(
          trx,
          {
            programId: row.id,
            question: proposal.question,
            options: proposal.options,
            recommendation: proposal.recommendation,
            decider: proposal.decider,
            dueDate: proposal.dueDate,
            riskIds: [riskId],
            itemKeys: [],
            origin: `risk:${risk?.identity ?? riskId}`,
          },
          author,
          now(),
        ),
      );
      return toDecisionRecord(stored, config.name);
    },

    async resolveDecision(id, input, actor) {
      const author = parseInput(actorSchema, actor);
      const resolution = parseInput(decisionResolveSchema, input);
      const { program } = await loadDecision(id);
      await db.transaction().execute(async (trx) => {
        const row = await getDecision(trx, id);
        if (!row) throw new RegisterNotFoundError(`no decision with id ${id}`);
        if (row.status !== 'open') throw new RegisterConflictError(`decision ${id} was already decided`);
        const decidedBy = resolution.decidedBy ?? row.decider ?? author;
        if (!(await resolveDecision(trx, row, resolution.outcome, decidedBy, author, now()))) {
          throw new RegisterConflictError(`decision ${id} was already decided`);
        }
      });
      const { row } = await loadDecision(id);
      return toDecisionRecord(row, program.name);
    },
  };
}
