/**
 * Layout of a dependency picture: a layered drawing whose columns follow the CPM forward pass
 * (an item sits one column right of its latest blocker, i.e. its early start counted in hops),
 * with the critical path on the top row so it reads as one straight line left to right. The
 * order inside each column comes from ELK's layered crossing minimisation (graph-order.ts); the
 * same layout feeds the dashboard's SVG and the email's PNG.
 */
import { NO_TEAM } from '../graph/analysis-types.js';
import type { SnapshotData, SnapshotItem } from './report-inputs.js';
import { safeHttpUrl } from './report-format.js';
import { compareText } from './report-items.js';
import { orderColumns } from './graph-order.js';

export interface GraphNode {
  readonly id: string;
  readonly key: string;
  readonly title: string;
  readonly url: string | null;
  readonly team: string;
  readonly owner: string | null;
  readonly finishDate: string;
  readonly onCriticalPath: boolean;
  readonly critical: boolean;
  readonly done: boolean;
  readonly placeholder: boolean;
  readonly layer: number;
  readonly row: number;
  readonly x: number;
  readonly y: number;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** Consecutive steps of the critical path. */
  readonly critical: boolean;
}

export type GraphOrientation = 'horizontal' | 'vertical';

export interface LegendEntry {
  readonly team: string;
  readonly x: number;
  readonly y: number;
}

export interface GraphLayout {
  /** Horizontal: dependencies run left to right (dashboard). Vertical: top to bottom (email, phone width). */
  readonly orientation: GraphOrientation;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** Palette order: the program's teams, so a team has the same colour in every picture. */
  readonly teams: readonly string[];
  /** One entry per team drawn, in rows above the nodes. */
  readonly legend: readonly LegendEntry[];
  /** Items left out by `maxPerLayer` (the dashboard shows them all). */
  readonly omitted: number;
  readonly width: number;
  readonly height: number;
}

export interface GraphLayoutOptions {
  readonly orientation?: GraphOrientation;
  /** Palette order; defaults to the teams of the items drawn. */
  readonly teams?: readonly string[];
  /** Most items per layer (critical-path steps first); the rest are counted in `omitted`. */
  readonly maxPerLayer?: number;
  /**
   * Order each column with ELK's crossing minimisation (default). Off, a column is sorted by
   * team and key only: the layout before ELK, kept to measure what ELK saves.
   */
  readonly minimiseCrossings?: boolean;
}

export const NODE_WIDTH = 168;
export const NODE_HEIGHT = 52;
const COLUMN_GAP = 44;
const ROW_GAP = 16;
/** Vertical drawings stack layers: arrows need room between them, neighbours less. */
const VERTICAL_LAYER_GAP = 30;
const VERTICAL_ROW_GAP = 12;
const MARGIN = 12;
const LEGEND_ROW = 20;
const LEGEND_CHAR = 7;
const LEGEND_SWATCH = 22;

/** Every team of a program in palette order, for `GraphLayoutOptions.teams`. */
export function programTeams(snapshot: SnapshotData): readonly string[] {
  return [...new Set(snapshot.items.map((i) => i.team ?? NO_TEAM))].sort(compareText);
}

/** The critical path plus the items that directly block a step of it: the email's picture. */
export function criticalNeighbourhood(snapshot: SnapshotData): readonly SnapshotItem[] {
  const path = new Set(snapshot.analysis.criticalPath);
  const wanted = new Set(path);
  for (const link of snapshot.links) if (path.has(link.to)) wanted.add(link.from);
  return snapshot.items.filter((item) => wanted.has(item.id));
}

/**
 * The dashboard's picture: open and critical items, the least slack first, capped so a very
 * large program still draws (the register and lists carry the rest).
 */
export function programGraphItems(snapshot: SnapshotData, limit = 150): readonly SnapshotItem[] {
  const path = new Set(snapshot.analysis.criticalPath);
  const candidates = snapshot.items.filter((i) => path.has(i.id) || i.critical || i.statusCategory !== 'done');
  const ranked = [...candidates].sort(
    (a, b) => Number(path.has(b.id)) - Number(path.has(a.id)) || a.slack - b.slack || compareText(a.key, b.key),
  );
  const keep = new Set(ranked.slice(0, limit).map((i) => i.id));
  return snapshot.items.filter((i) => keep.has(i.id));
}

export async function layoutGraph(
  allItems: readonly SnapshotItem[],
  links: readonly { readonly from: string; readonly to: string }[],
  criticalPath: readonly string[],
  options: GraphLayoutOptions = {},
): Promise<GraphLayout> {
  const vertical = options.orientation === 'vertical';
  const items = capPerLayer(allItems, links, criticalPath, options.maxPerLayer);
  const { edges, preds, succs } = adjacency(items, links);
  const layer = assignLayers(items, preds, succs);
  const pathIndex = new Map(criticalPath.map((id, i) => [id, i]));
  const criticalSteps = new Set(criticalPath.slice(1).map((id, i) => `${criticalPath[i]}\u0000${id}`));

  const columns = new Map<number, SnapshotItem[]>();
  for (const item of items) {
    const col = layer.get(item.id) ?? 0;
    columns.set(col, [...(columns.get(col) ?? []), item]);
  }
  const initialRow = new Map<string, number>();
  for (const column of columns.values()) {
    column.sort(
      (a, b) =>
        Number(pathIndex.has(b.id)) - Number(pathIndex.has(a.id)) ||
        compareText(a.team ?? NO_TEAM, b.team ?? NO_TEAM) ||
        compareText(a.key, b.key),
    );
    column.forEach((item, index) => initialRow.set(item.id, index));
  }
  const ordered =
    options.minimiseCrossings === false
      ? new Map([...columns].map(([col, column]) => [col, column.map((i) => i.id)]))
      : await orderColumns({ ids: items.map((i) => i.id), layer, initialRow, edges, pinned: new Set(pathIndex.keys()) });
  const rowOf = new Map<string, number>();
  for (const column of ordered.values()) {
    // Row 0 belongs to the critical path even in columns without a step of it, so the line stays straight.
    const offset = column.some((id) => pathIndex.has(id)) ? 0 : 1;
    column.forEach((id, index) => rowOf.set(id, index + offset));
  }
  if (options.minimiseCrossings !== false) transposeRows(ordered, rowOf, layer, edges);

  const drawnTeams = [...new Set(items.map((i) => i.team ?? NO_TEAM))].sort(compareText);
  const maxLayer = Math.max(0, ...items.map((i) => layer.get(i.id) ?? 0));
  const maxRow = Math.max(0, ...items.map((i) => rowOf.get(i.id) ?? 0));
  const [across, down] = vertical ? [maxRow, maxLayer] : [maxLayer, maxRow];
  const [xGap, yGap] = vertical ? [VERTICAL_ROW_GAP, VERTICAL_LAYER_GAP] : [COLUMN_GAP, ROW_GAP];
  const width = 2 * MARGIN + (across + 1) * NODE_WIDTH + across * xGap;
  const legend = layoutLegend(drawnTeams, width);
  const top = MARGIN + (legend.length === 0 ? 0 : Math.max(...legend.map((l) => l.y)) + LEGEND_ROW);

  const nodes = items.map((item): GraphNode => {
    const col = layer.get(item.id) ?? 0;
    const row = rowOf.get(item.id) ?? 0;
    const [i, j] = vertical ? [row, col] : [col, row];
    return {
      id: item.id,
      key: item.key,
      title: item.title,
      url: safeHttpUrl(item.url),
      team: item.team ?? NO_TEAM,
      owner: item.assignee,
      finishDate: item.finishDate,
      onCriticalPath: pathIndex.has(item.id),
      critical: item.critical,
      done: item.statusCategory === 'done',
      placeholder: item.placeholder,
      layer: col,
      row,
      x: MARGIN + i * (NODE_WIDTH + xGap),
      y: top + j * (NODE_HEIGHT + yGap),
    };
  });
  return {
    orientation: vertical ? 'vertical' : 'horizontal',
    nodes,
    edges: edges.map((e) => ({ from: e.from, to: e.to, critical: criticalSteps.has(`${e.from}\u0000${e.to}`) })),
    teams: options.teams ?? drawnTeams,
    legend,
    omitted: allItems.length - items.length,
    width,
    height: top + MARGIN + (down + 1) * NODE_HEIGHT + down * yGap,
  };
}

/** Legend entries (swatch + name) flowed into rows no wider than the drawing. */
function layoutLegend(teams: readonly string[], width: number): LegendEntry[] {
  const entries: LegendEntry[] = [];
  let x = MARGIN;
  let y = 0;
  for (const team of teams) {
    const entryWidth = LEGEND_SWATCH + Math.min(team.length, 24) * LEGEND_CHAR + 14;
    if (x > MARGIN && x + entryWidth > width - MARGIN) {
      x = MARGIN;
      y += LEGEND_ROW;
    }
    entries.push({ team, x, y });
    x += entryWidth;
  }
  return entries;
}

/**
 * Keeps at most `max` items per layer, critical-path steps first, then the least slack, so a
 * narrow picture (an email at phone width) stays readable; layers are those of the full set.
 */
function capPerLayer(
  items: readonly SnapshotItem[],
  links: readonly { readonly from: string; readonly to: string }[],
  criticalPath: readonly string[],
  max: number | undefined,
): readonly SnapshotItem[] {
  if (max === undefined) return items;
  const { preds, succs } = adjacency(items, links);
  const layer = assignLayers(items, preds, succs);
  const onPath = new Set(criticalPath);
  const byLayer = new Map<number, SnapshotItem[]>();
  for (const item of items) byLayer.set(layer.get(item.id) ?? 0, [...(byLayer.get(layer.get(item.id) ?? 0) ?? []), item]);
  const keep = new Set<string>();
  for (const group of byLayer.values()) {
    group
      .sort((a, b) => Number(onPath.has(b.id)) - Number(onPath.has(a.id)) || a.slack - b.slack || compareText(a.key, b.key))
      .slice(0, max)
      .forEach((i) => keep.add(i.id));
  }
  return items.filter((i) => keep.has(i.id));
}

/** The links between drawn items (no self-links), with predecessor and successor lists. */
function adjacency(items: readonly SnapshotItem[], links: readonly { readonly from: string; readonly to: string }[]) {
  const ids = new Set(items.map((i) => i.id));
  const edges = links.filter((l) => ids.has(l.from) && ids.has(l.to) && l.from !== l.to);
  const preds = new Map<string, string[]>();
  const succs = new Map<string, string[]>();
  for (const e of edges) {
    preds.set(e.to, [...(preds.get(e.to) ?? []), e.from]);
    succs.set(e.from, [...(succs.get(e.from) ?? []), e.to]);
  }
  return { edges, preds, succs };
}

/**
 * Longest-path layering (Kahn's order). Items left over by a dependency cycle are placed after
 * their already-placed blockers, in id order, so a cycle never stops the picture from drawing.
 */
function assignLayers(
  items: readonly SnapshotItem[],
  preds: ReadonlyMap<string, readonly string[]>,
  succs: ReadonlyMap<string, readonly string[]>,
): ReadonlyMap<string, number> {
  const layer = new Map<string, number>();
  const indegree = new Map(items.map((i) => [i.id, preds.get(i.id)?.length ?? 0]));
  const queue = items.filter((i) => indegree.get(i.id) === 0).map((i) => i.id);
  const place = (id: string) => {
    const from = (preds.get(id) ?? []).map((p) => layer.get(p)).filter((l): l is number => l !== undefined);
    layer.set(id, from.length === 0 ? 0 : Math.max(...from) + 1);
  };
  const release = (id: string) => {
    for (const next of succs.get(id) ?? []) {
      const left = (indegree.get(next) ?? 0) - 1;
      indegree.set(next, left);
      if (left === 0) queue.push(next);
    }
  };
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    place(id);
    release(id);
  }
  const leftovers = items.map((i) => i.id).filter((id) => !layer.has(id)).sort();
  for (const id of leftovers) place(id);
  return layer;
}

type Segment = { readonly from: string; readonly to: string };

/**
 * ELK minimises crossings with long edges routed through every column they span; the picture
 * draws them straight. A few sweeps of adjacent swaps (the classic transpose step) then remove
 * the crossings that only the straight drawing has. Row 0 (the critical path) never moves.
 * Points are (column, row): a proper crossing there is one in the drawing, whose axes only scale.
 */
function transposeRows(
  columns: ReadonlyMap<number, readonly string[]>,
  rowOf: Map<string, number>,
  layer: ReadonlyMap<string, number>,
  edges: readonly Segment[],
): void {
  const ids = [...rowOf.keys()];
  const index = new Map(ids.map((id, i) => [id, i]));
  const x = ids.map((id) => layer.get(id) ?? 0);
  const y = ids.map((id) => rowOf.get(id) ?? 0);
  const from = edges.map((e) => index.get(e.from)!);
  const to = edges.map((e) => index.get(e.to)!);
  const left = edges.map((_, k) => Math.min(x[from[k]!]!, x[to[k]!]!));
  const right = edges.map((_, k) => Math.max(x[from[k]!]!, x[to[k]!]!));
  const incident: number[][] = ids.map(() => []);
  edges.forEach((_, k) => {
    incident[from[k]!]!.push(k);
    if (to[k] !== from[k]) incident[to[k]!]!.push(k);
  });
  const side = (p: number, q: number, r: number) => Math.sign((x[q]! - x[p]!) * (y[r]! - y[p]!) - (y[q]! - y[p]!) * (x[r]! - x[p]!));
  const cross = (s: number, t: number): boolean => {
    if (right[s]! <= left[t]! || right[t]! <= left[s]!) return false;
    const [a, b, c, d] = [from[s]!, to[s]!, from[t]!, to[t]!];
    if (a === c || a === d || b === c || b === d) return false;
    return side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0;
  };
  const crossingsAt = (a: number, b: number): number => {
    const own = new Set([...incident[a]!, ...incident[b]!]);
    let n = 0;
    for (const s of own) for (let t = 0; t < edges.length; t++) if (t !== s && cross(s, t)) n++;
    return n;
  };
  for (let sweep = 0; sweep < 4; sweep++) {
    let improved = false;
    for (const column of columns.values()) {
      const order = column.map((id) => index.get(id)!).filter((i) => y[i]! > 0).sort((i, j) => y[i]! - y[j]!);
      for (let k = 0; k + 1 < order.length; k++) {
        const [a, b] = [order[k]!, order[k + 1]!];
        const before = crossingsAt(a, b);
        [y[a], y[b]] = [y[b]!, y[a]!];
        if (crossingsAt(a, b) < before) {
          [order[k], order[k + 1]] = [b, a];
          improved = true;
        } else {
          [y[a], y[b]] = [y[b]!, y[a]!];
        }
      }
    }
    if (!improved) break;
  }
  ids.forEach((id, i) => rowOf.set(id, y[i]!));
}

/**
 * Edge crossings of a drawing, counting each edge as the straight segment between its end
 * nodes' centres: pairs that properly intersect, sharing no end node. Measures layouts against
 * each other (bench, tests); O(E²), for pictures of a few hundred items.
 */
export function countCrossings(layout: Pick<GraphLayout, 'nodes' | 'edges'>): number {
  const centre = new Map(layout.nodes.map((n) => [n.id, { x: n.x + NODE_WIDTH / 2, y: n.y + NODE_HEIGHT / 2 }]));
  const segments = layout.edges.flatMap((e) => {
    const a = centre.get(e.from);
    const b = centre.get(e.to);
    return a && b ? [{ from: e.from, to: e.to, a, b }] : [];
  });
  type Point = { readonly x: number; readonly y: number };
  const side = (p: Point, q: Point, r: Point) => Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x));
  let crossings = 0;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    for (let j = i + 1; j < segments.length; j++) {
      const t = segments[j]!;
      if (s.from === t.from || s.from === t.to || s.to === t.from || s.to === t.to) continue;
      const d1 = side(s.a, s.b, t.a);
      const d2 = side(s.a, s.b, t.b);
      const d3 = side(t.a, t.b, s.a);
      const d4 = side(t.a, t.b, s.b);
      if (d1 * d2 < 0 && d3 * d4 < 0) crossings++;
    }
  }
  return crossings;
}
