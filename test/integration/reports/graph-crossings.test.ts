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
import { generateLayoutProgram } from '../../../bench/layout-program.js';

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
    const { items, links, criticalPath } = generateLayoutProgram();
    const { after, crossings } = await beforeAndAfter(items, links, criticalPath);
    console.log(`generated program (${after.nodes.length} items, ${after.edges.length} links, path of ${criticalPath.length}): crossings ${crossings.before} before, ${crossings.after} after`);
    expect(crossings.after).toBeLessThan(crossings.before);
    expectStraightPath(after, criticalPath);
  }, 120_000);
});
