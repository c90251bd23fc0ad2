/**
 * The dependency picture's layout on generated programs of 150 items (the dashboard's cap) and
 * 300 items: edge crossings with columns sorted by team and key (before) and with ELK's order
 * plus the transpose pass (after), and how long the layout takes.
 */
import { performance } from 'node:perf_hooks';
import { countCrossings, layoutGraph } from '../services/reports/graph-layout.js';
import { generateLayoutProgram } from './layout-program.js';

export default async function run(): Promise<Record<string, number | string>> {
  const metrics: Record<string, number | string> = {};
  for (const size of [150, 300]) {
    const { items, links, criticalPath } = generateLayoutProgram(size);
    const before = await layoutGraph(items, links, criticalPath, { minimiseCrossings: false });
    const times: number[] = [];
    let crossingsAfter = 0;
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      const after = await layoutGraph(items, links, criticalPath);
      times.push(performance.now() - started);
      crossingsAfter = countCrossings(after);
    }
    const sorted = [...times].sort((a, b) => a - b);
    metrics[`${size} items, links`] = before.edges.length;
    metrics[`${size} items, crossings before → after`] = `${countCrossings(before)} → ${crossingsAfter}`;
    metrics[`${size} items, layout ms (first, median)`] = `${Math.round(times[0]!)}, ${Math.round(sorted[2]!)}`;
  }
  return metrics;
}
