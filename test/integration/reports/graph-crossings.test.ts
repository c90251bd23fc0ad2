/**
 * Edge crossings of the dependency picture before (columns sorted by team and key) and after
 * ELK's crossing minimisation, on the demo's program page and on a generated 300-item program.
 * Prints the counts; asserts fewer crossings and a straight critical path.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo, type DemoRun } from '../../../services/demo/run-demo.js';
import { createLogger } from '../../../services/logging/logger.js';
import { countCrossings, layoutGraph, programGraphItems, type GraphLayout } from '../../../services/reports/graph-layout.js';
import type { SnapshotItem } from '../../../services/reports/report-inputs.js';

type Link = { readonly from: string; readonly to: string };

async function beforeAndAfter(items: readonly SnapshotItem[], links: readonly Link[], path: readonly string[]) {
  const before = await layoutGraph(items, links, path, { minimiseCrossings: false });
  const after = await layoutGraph(items, links, path);
  return { before, after, crossings: { before: countCrossings(before), after: countCrossings(after) } };
}

function expectStraightPath(layout: GraphLayout, path: readonly string[]): void {
  const onPath = layout.nodes.filter((n) => path.includes(n.id));
  expect(onPath.length).toBe(path.length);
  expect(new Set(onPath.map((n) => n.y)).size).toBe(1);
  expect(onPath.every((n) => n.row === 0)).toBe(true);
}

/** A seeded 300-item program: 12 teams, blockers from the preceding 40 items, ~2.2 links per item. */
function generatedProgram(size = 300): { items: SnapshotItem[]; links: Link[]; criticalPath: string[] } {
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const items: SnapshotItem[] = Array.from({ length: size }, (_, i) => ({
    id: `g:${i}`, key: `GEN-${i}`, title: `Item ${i}`, url: null, source: 'jira', team: `team-${i % 12}`, assignee: null,
    status: null, statusCategory: 'todo', dueDate: null, placeholder: false,
    finishDate: '2027-01-01', slack: 1, critical: false, blockedBy: [],
  }));
  const links: Link[] = [];
  for (let i = 1; i < size; i++) {
    const count = Math.floor(random() * 4) + (random() < 0.3 ? 1 : 0);
    for (let k = 0; k < count; k++) {
      const from = Math.max(0, i - 1 - Math.floor(random() * 40));
      if (!links.some((l) => l.from === `g:${from}` && l.to === `g:${i}`)) links.push({ from: `g:${from}`, to: `g:${i}` });
    }
  }
  // The longest chain (in hops) stands in for the critical path.
  const best = new Map<string, { length: number; prev: string | null }>();
  for (const item of items) {
    const incoming = links.filter((l) => l.to === item.id).map((l) => ({ from: l.from, length: best.get(l.from)!.length + 1 }));
    const top = incoming.sort((a, b) => b.length - a.length)[0];
    best.set(item.id, top ? { length: top.length, prev: top.from } : { length: 0, prev: null });
  }
  let end = [...best].sort((a, b) => b[1].length - a[1].length)[0]![0];
  const criticalPath: string[] = [end];
  while (best.get(end)!.prev !== null) criticalPath.unshift((end = best.get(end)!.prev!));
  const onPath = new Set(criticalPath);
  return { items: items.map((i) => (onPath.has(i.id) ? { ...i, slack: 0, critical: true } : i)), links, criticalPath };
}

describe('dependency picture crossings, before and after ELK', () => {
  let demo: DemoRun;

  beforeAll(async () => {
    demo = await runDemo({
      dataDir: mkdtempSync(join(tmpdir(), 'seams-crossings-data-')),
      outDir: mkdtempSync(join(tmpdir(), 'seams-crossings-out-')),
      fresh: true,
      weeks: 0,
      publicUrl: 'http://127.0.0.1:8080',
      logger: createLogger({ level: 'silent' }),
      say: () => {},
      writeBack: 'off',
    });
  }, 180_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('draws the demo program page with fewer crossings and the critical path in one row', async () => {
    const current = demo.inputs.current;
    const { after, crossings } = await beforeAndAfter(programGraphItems(current), current.links, current.analysis.criticalPath);
    console.log(`demo program page (${after.nodes.length} items, ${after.edges.length} links): crossings ${crossings.before} before, ${crossings.after} after`);
    expect(crossings.after).toBeLessThan(crossings.before);
    expectStraightPath(after, current.analysis.criticalPath);
  }, 60_000);

  it('draws a generated 300-item program with fewer crossings and the critical path in one row', async () => {
    const { items, links, criticalPath } = generatedProgram();
    const { after, crossings } = await beforeAndAfter(items, links, criticalPath);
    console.log(`generated program (${after.nodes.length} items, ${after.edges.length} links, path of ${criticalPath.length}): crossings ${crossings.before} before, ${crossings.after} after`);
    expect(crossings.after).toBeLessThan(crossings.before);
    expectStraightPath(after, criticalPath);
  }, 120_000);
});
