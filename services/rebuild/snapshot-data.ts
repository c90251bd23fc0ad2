/**
 * Turns one rebuild's results (scoped graph, CPM analysis, forecast, colour) into the
 * SnapshotData that is stored weekly and that reports render. Pure.
 */
import type { ProgramAnalysis } from '../graph/analysis-types.js';
import type { IsoDateTime, ProgramGraph } from '../graph/graph-types.js';
import { downstreamImpact, type DownstreamImpact } from '../graph/downstream-impact.js';
import type { ForecastResult } from '../forecast/forecast-types.js';
import type { StatusColourResult } from '../risk/status-colour.js';
import type { SnapshotData, SnapshotItem, SnapshotPlan } from '../reports/report-inputs.js';

export interface SnapshotParts {
  readonly period: string;
  readonly takenAt: IsoDateTime;
  readonly scoped: ProgramGraph;
  readonly analysis: ProgramAnalysis;
  readonly forecast: ForecastResult | null;
  readonly colour: StatusColourResult;
  readonly headline: string;
  readonly plan: SnapshotPlan;
}

export function buildSnapshotData(parts: SnapshotParts): SnapshotData {
  const { scoped, analysis } = parts;
  const schedules = new Map(analysis.items.map((s) => [s.id, s]));
  const done = new Set(scoped.items.filter((i) => i.statusCategory === 'done').map((i) => i.id));
  const blockers = new Map<string, string[]>();
  const links: { from: string; to: string }[] = [];
  for (const link of scoped.links) {
    if (link.kind !== 'blocks') continue;
    links.push({ from: link.from, to: link.to });
    if (done.has(link.from)) continue;
    const list = blockers.get(link.to) ?? [];
    list.push(link.from);
    blockers.set(link.to, list);
  }
  const impact = downstreamImpact(scoped, { targetDate: analysis.targetDate });
  const items: SnapshotItem[] = scoped.items.map((item, index) => {
    const s = schedules.get(item.id);
    const downstream = impact[index] as DownstreamImpact;
    return {
      id: item.id,
      key: item.key,
      title: item.title,
      url: item.url,
      source: item.source,
      team: item.team,
      assignee: item.assignee,
      status: item.status,
      statusCategory: item.statusCategory,
      dueDate: item.dueDate,
      finishDate: s?.finishDate ?? analysis.asOf,
      slack: s?.slack ?? 0,
      critical: s?.critical ?? false,
      placeholder: item.placeholder,
      blockedBy: item.statusCategory === 'done' ? [] : (blockers.get(item.id) ?? []),
      downstream: { items: downstream.waitingItems, teams: downstream.waitingTeams, target: downstream.earliestTarget },
    };
  });
  const { items: _schedules, ...analysisSummary } = analysis;
  return {
    period: parts.period,
    takenAt: parts.takenAt,
    asOf: analysis.asOf,
    colour: parts.colour.colour,
    baseColour: parts.colour.baseColour,
    reasons: parts.colour.reasons,
    headline: parts.headline,
    plan: parts.plan,
    analysis: analysisSummary,
    forecast: parts.forecast,
    items,
    links,
  };
}
