/**
 * One team's page: its colour, its items on the critical path, what it waits on and who waits
 * on it, its part of the forecast and the risks about its items. Pure: built from the same
 * ProgramReportInputs as the program report.
 */
import { NO_TEAM } from '../graph/analysis-types.js';
import type { IsoDate } from '../graph/graph-types.js';
import type { StatusColour } from '../risk/status-colour.js';
import type { ProgramReportInputs, SnapshotItem } from './report-inputs.js';
import { COLOUR_HEX, colourLabel } from './report-format.js';
import { byKey, indexById, toItemRow, type ItemRow } from './report-items.js';
import { riskRegisterView, type RiskRow } from './risk-register-view.js';

export interface TeamLink {
  readonly item: ItemRow;
  readonly other: ItemRow;
}

export interface TeamView {
  readonly timezone: string;
  readonly program: { readonly name: string; readonly title: string };
  readonly team: string;
  readonly period: string;
  readonly colour: StatusColour;
  /** Named apart from the `colourLabel`/`colourHex` template helpers, which would shadow them. */
  readonly badge: { readonly label: string; readonly hex: string };
  readonly reasons: readonly string[];
  readonly openItems: number;
  readonly doneItems: number;
  readonly criticalPath: readonly ItemRow[];
  /** This team's open items and the other teams' unfinished work they wait on. */
  readonly waitsOn: readonly TeamLink[];
  /** Other teams' open items waiting on this team's unfinished work. */
  readonly waitedOnBy: readonly TeamLink[];
  readonly forecast: {
    /** CPM finish of the team's last open item. */
    readonly lastFinish: IsoDate | null;
    /** Items most often on the simulated critical path. */
    readonly criticality: readonly { readonly key: string; readonly share: number }[];
    readonly sparseHistory: boolean;
  };
  readonly risks: readonly RiskRow[];
}

const open = (item: SnapshotItem) => item.statusCategory !== 'done';

/** Null when no item of the program belongs to the team. */
export function buildTeamView(inputs: ProgramReportInputs, team: string): TeamView | null {
  const { current, program } = inputs;
  // Unassigned items form the matrix's "(no team)" row, and get a page like any team.
  const items = current.items.filter((i) => (i.team ?? NO_TEAM) === team);
  if (items.length === 0) return null;
  const byId = indexById(current.items);
  const ids = new Set(items.map((i) => i.id));

  const waitsOn: TeamLink[] = [];
  const waitedOnBy: TeamLink[] = [];
  for (const item of current.items) {
    if (!open(item)) continue;
    for (const blockerId of item.blockedBy) {
      const blocker = byId.get(blockerId);
      if (!blocker || blocker.team === item.team) continue;
      if (ids.has(item.id)) waitsOn.push({ item: toItemRow(item), other: toItemRow(blocker) });
      else if (ids.has(blocker.id)) waitedOnBy.push({ item: toItemRow(blocker), other: toItemRow(item) });
    }
  }
  const order = (a: TeamLink, b: TeamLink) => byKey(a.item, b.item) || byKey(a.other, b.other);

  const register = riskRegisterView(
    inputs.risks.filter((r) => r.subjectIds.some((id) => ids.has(id))),
    byId,
    inputs.generatedAt,
    program.timezone,
  );
  const criticalPath = items.filter((i) => i.critical && open(i)).map(toItemRow).sort((a, b) => a.finishDate.localeCompare(b.finishDate));
  // Waiting on the team's own previous step is sequencing; waiting on another team is the risk.
  const blockedCritical = items.filter(
    (i) => i.critical && open(i) && i.blockedBy.some((b) => { const blocker = byId.get(b); return blocker !== undefined && open(blocker) && blocker.team !== i.team; }),
  );

  const red = register.active.filter((r) => r.severity === 'critical').map((r) => `${r.title} (critical, owner: ${r.owner ?? 'unassigned'}).`);
  const yellow = [
    ...register.active.filter((r) => r.severity === 'high').map((r) => `${r.title} (high, owner: ${r.owner ?? 'unassigned'}).`),
    ...blockedCritical.map((i) => `${i.key} is on the critical path and waits on another team's unfinished work.`),
  ];
  const colour: StatusColour = red.length > 0 ? 'red' : yellow.length > 0 ? 'yellow' : 'green';
  const openItems = items.filter(open);
  const finishes = openItems.map((i) => i.finishDate).sort();
  const forecast = current.forecast;

  return {
    timezone: program.timezone,
    program: { name: program.name, title: program.title },
    team,
    period: current.period,
    colour,
    badge: { label: colourLabel(colour), hex: COLOUR_HEX[colour] },
    reasons: colour === 'green' ? ['No critical or high risk about this team’s work, and none of its critical-path items is blocked.'] : [...red, ...yellow],
    openItems: openItems.length,
    doneItems: items.length - openItems.length,
    criticalPath,
    waitsOn: waitsOn.sort(order),
    waitedOnBy: waitedOnBy.sort(order),
    forecast: {
      lastFinish: finishes.at(-1) ?? null,
      criticality: (forecast?.criticality ?? [])
        .filter((c) => c.team === team && c.index > 0)
        .sort((a, b) => b.index - a.index)
        .slice(0, 5)
        .map((c) => ({ key: c.key, share: c.index })),
      sparseHistory: forecast?.lowConfidence?.teams.includes(team) ?? false,
    },
    risks: register.active.concat(register.setAside),
  };
}
