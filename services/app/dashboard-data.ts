/** What the dashboard reads: the program list (latest snapshot per program) and report inputs. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database-types.js';
import { getProgramByName } from '../../db/programs.js';
import { listSnapshotSummaries } from '../../db/snapshots.js';
import type { ProgramConfig } from '../config/config-schema.js';
import { loadPastReportInputs, loadReportInputs } from '../rebuild/load-report-inputs.js';
import type { ProgramListEntry } from '../reports/program-list-view-model.js';
import type { ProgramReportInputs, SnapshotSummary } from '../reports/report-inputs.js';

export interface DashboardData {
  loadProgramList(): Promise<ProgramListEntry[]>;
  loadReportInputs(programName: string): Promise<ProgramReportInputs | null>;
  /** Every stored weekly snapshot of a program, oldest first; null for an unknown program. */
  listWeeks(programName: string): Promise<SnapshotSummary[] | null>;
  loadPastReportInputs(programName: string, period: string): Promise<ProgramReportInputs | null>;
}

export function createDashboardData(deps: {
  readonly db: Kysely<Database>;
  readonly programs: readonly ProgramConfig[];
  readonly publicUrl: string;
}): DashboardData {
  return {
    async loadProgramList() {
      const entries: ProgramListEntry[] = [];
      for (const program of deps.programs) {
        const row = await getProgramByName(deps.db, program.name);
        const latest = row ? (await listSnapshotSummaries(deps.db, row.id, 1))[0] : undefined;
        entries.push({
          name: program.name,
          title: program.title ?? program.name,
          owner: program.owner ?? 'the program owner',
          targetDate: program.targetDate,
          colour: latest?.colour ?? null,
          confidence: latest?.confidence ?? null,
          p85: latest?.p85 ?? null,
          asOf: latest ? latest.takenAt.slice(0, 10) : null,
        });
      }
      return entries;
    },
    loadReportInputs: (programName) =>
      loadReportInputs({ db: deps.db, programs: deps.programs, publicUrl: deps.publicUrl }, programName),
    async listWeeks(programName) {
      const row = deps.programs.some((p) => p.name === programName) ? await getProgramByName(deps.db, programName) : undefined;
      // Ten years of weekly snapshots is far more than any program keeps.
      return row ? listSnapshotSummaries(deps.db, row.id, 520) : null;
    },
    loadPastReportInputs: (programName, period) =>
      loadPastReportInputs({ db: deps.db, programs: deps.programs, publicUrl: deps.publicUrl }, programName, period),
  };
}
