/**
 * Row order inside each column of the dependency picture, from ELK's layered algorithm (elkjs):
 * its layer-sweep crossing minimisation, which counts long edges through every column they
 * cross. The columns stay ours (the CPM forward pass, fed to ELK's interactive layering as x
 * positions) and the critical path is pinned to the first position of its column, so it reads
 * as one straight row. Pure computation: elkjs runs in-process, no worker, no I/O.
 */
import ElkModule from 'elkjs/lib/elk.bundled.js';

export interface OrderInput {
  readonly ids: readonly string[];
  /** Column of each id. */
  readonly layer: ReadonlyMap<string, number>;
  /** Starting order inside each column (deterministic), also ELK's tie-break. */
  readonly initialRow: ReadonlyMap<string, number>;
  readonly edges: readonly { readonly from: string; readonly to: string }[];
  /** Ids placed first in their column (the critical path). */
  readonly pinned: ReadonlySet<string>;
}

// A CommonJS module typed as ESM: its constructor is also its own `default`, which both see.
const elk = new ElkModule.default();
const SPACING_X = 400;
const SPACING_Y = 80;

/** Each column's ids, top to bottom, with crossings minimised. */
export async function orderColumns(input: OrderInput): Promise<ReadonlyMap<number, readonly string[]>> {
  if (input.ids.length === 0) return new Map();
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.randomSeed': '1',
      'elk.layered.layering.strategy': 'INTERACTIVE',
      'elk.layered.cycleBreaking.strategy': 'INTERACTIVE',
      'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
      'elk.layered.crossingMinimization.semiInteractive': 'true',
      'elk.layered.thoroughness': '7',
      'elk.separateConnectedComponents': 'false',
    },
    children: input.ids.map((id) => ({
      id,
      x: (input.layer.get(id) ?? 0) * SPACING_X,
      y: (input.initialRow.get(id) ?? 0) * SPACING_Y,
      width: 160,
      height: 40,
      ...(input.pinned.has(id) ? { layoutOptions: { 'elk.layered.crossingMinimization.positionChoiceConstraint': '0' } } : {}),
    })),
    edges: input.edges.map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
  });
  const placed = new Map((graph.children ?? []).map((n) => [n.id, n.y ?? 0]));
  const columns = new Map<number, string[]>();
  for (const id of input.ids) {
    const col = input.layer.get(id) ?? 0;
    columns.set(col, [...(columns.get(col) ?? []), id]);
  }
  for (const column of columns.values()) {
    column.sort(
      (a, b) =>
        Number(input.pinned.has(b)) - Number(input.pinned.has(a)) ||
        (placed.get(a) ?? 0) - (placed.get(b) ?? 0) ||
        (input.initialRow.get(a) ?? 0) - (input.initialRow.get(b) ?? 0),
    );
  }
  return columns;
}
