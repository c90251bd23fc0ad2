/**
 * The deterministic priority list of the list scheduler: in-progress items first (they already
 * hold a slot), then by latest start from a CPM pass on median durations (least slack first),
 * then by topological position. Fixed per forecast, so every trial schedules by the same rules.
 */
export function assignPriorities(
  order: readonly number[],
  graph: { readonly successorStart: Int32Array; readonly successors: Int32Array },
  duration: Float64Array,
  inProgress: Uint8Array,
): Int32Array {
  const n = order.length;
  const { successorStart, successors } = graph;
  const earliestFinish = new Float64Array(n);
  const earliestStart = new Float64Array(n);
  let finish = 0;
  for (const i of order) {
    const ef = earliestStart[i]! + duration[i]!;
    earliestFinish[i] = ef;
    if (ef > finish) finish = ef;
    for (let e = successorStart[i]!; e < successorStart[i + 1]!; e++) {
      const s = successors[e]!;
      if (ef > earliestStart[s]!) earliestStart[s] = ef;
    }
  }
  const latestStart = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    const i = order[k]!;
    let lf = finish;
    for (let e = successorStart[i]!; e < successorStart[i + 1]!; e++) lf = Math.min(lf, latestStart[successors[e]!]!);
    latestStart[i] = lf - duration[i]!;
  }
  const position = new Int32Array(n);
  order.forEach((item, p) => (position[item] = p));
  const byPriority = [...order].sort(
    (a, b) => inProgress[b]! - inProgress[a]! || latestStart[a]! - latestStart[b]! || position[a]! - position[b]!,
  );
  const rank = new Int32Array(n);
  byPriority.forEach((item, r) => (rank[item] = r));
  return rank;
}
