/** analysis.teamMatrix as a grid: rows are the waiting teams, columns the teams they wait on. */
import type { TeamDependency } from '../graph/analysis-types.js';
import { compareText } from './report-items.js';

export interface TeamMatrixCell {
  readonly blockingTeam: string;
  readonly links: number;
  readonly criticalLinks: number;
}

export interface TeamMatrixView {
  /** Column headers: every team that blocks another. */
  readonly blockingTeams: readonly string[];
  readonly rows: readonly { readonly waitingTeam: string; readonly cells: readonly TeamMatrixCell[] }[];
}

export function teamMatrixView(matrix: readonly TeamDependency[]): TeamMatrixView {
  const blockingTeams = [...new Set(matrix.map((d) => d.blockingTeam))].sort(compareText);
  const waitingTeams = [...new Set(matrix.map((d) => d.waitingTeam))].sort(compareText);
  const cell = new Map(matrix.map((d) => [`${d.waitingTeam}\u0000${d.blockingTeam}`, d]));
  return {
    blockingTeams,
    rows: waitingTeams.map((waitingTeam) => ({
      waitingTeam,
      cells: blockingTeams.map((blockingTeam) => {
        const d = cell.get(`${waitingTeam}\u0000${blockingTeam}`);
        return { blockingTeam, links: d?.links ?? 0, criticalLinks: d?.criticalLinks ?? 0 };
      }),
    })),
  };
}
