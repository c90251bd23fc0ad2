import { beforeAll, describe, expect, it } from 'vitest';
import { countCrossings, criticalNeighbourhood, layoutGraph, programGraphItems, programTeams, type GraphLayout } from '../../../services/reports/graph-layout.js';
import { renderDependencySvg } from '../../../services/reports/dependency-svg.js';
import type { SnapshotItem } from '../../../services/reports/report-inputs.js';
import { CRITICAL_PATH, HOSTILE_TITLE, reportInputsFixture } from '../../fixtures/reports/program-report-inputs.js';

const { current } = reportInputsFixture();

describe('graph selection', () => {
  it('takes the critical path and its direct blockers for the email picture', () => {
    expect(criticalNeighbourhood(current).map((i) => i.key).sort()).toEqual(['IDN-41', 'IDN-44', 'PAY-88', 'PAY-91', 'PLAT-12', 'WEB-221', 'WEB-230']);
  });

  it('keeps open and critical work for the dashboard, least slack first when capped', () => {
    expect(programGraphItems(current).map((i) => i.key)).not.toContain('WEB-199');
    expect(programGraphItems(current, 6).map((i) => i.key).sort()).toEqual(['IDN-41', 'IDN-44', 'PAY-88', 'PAY-91', 'PLAT-12', 'WEB-230']);
  });
});

describe('layoutGraph', () => {
  let layout: GraphLayout;
  beforeAll(async () => {
    layout = await layoutGraph(criticalNeighbourhood(current), current.links, current.analysis.criticalPath);
  });
  const node = (key: string) => layout.nodes.find((n) => n.key === key)!;

  it('puts each item one column after its latest blocker (forward pass in hops)', () => {
    expect(['PLAT-12', 'IDN-41', 'PAY-88', 'PAY-91', 'WEB-230'].map((k) => node(k).layer)).toEqual([0, 1, 2, 3, 4]);
    expect(node('IDN-44').layer).toBe(0);
    expect(node('WEB-221').layer).toBe(0);
  });

  it('draws the critical path on row 0 and everything else below it', () => {
    expect(layout.nodes.filter((n) => n.row === 0).map((n) => n.key).sort()).toEqual(['IDN-41', 'PAY-88', 'PAY-91', 'PLAT-12', 'WEB-230']);
    // Column 0's other items fill the rows below in the order ELK chose.
    expect([node('IDN-44').row, node('WEB-221').row].sort()).toEqual([1, 2]);
    // Below the margin and one legend row.
    expect(Math.min(node('IDN-44').y, node('WEB-221').y)).toBe(12 + 20 + 68);
  });

  it('crosses no more edges than columns sorted by team and key', async () => {
    const unordered = await layoutGraph(criticalNeighbourhood(current), current.links, current.analysis.criticalPath, { minimiseCrossings: false });
    expect(countCrossings(layout)).toBeLessThanOrEqual(countCrossings(unordered));
  });

  it('marks only consecutive critical-path links as critical edges', () => {
    expect(layout.edges.filter((e) => e.critical).map((e) => [e.from, e.to])).toEqual(
      CRITICAL_PATH.slice(1).map((id, i) => [CRITICAL_PATH[i], id]),
    );
    expect(layout.edges).toHaveLength(6);
    expect(layout.teams).toEqual(['Identity', 'Payments', 'Platform', 'Web Checkout']);
  });

  it('still lays out a dependency cycle', async () => {
    const item = (id: string): SnapshotItem => ({
      id, key: id.toUpperCase(), title: id, url: null, source: null, team: 'T', assignee: null, status: null,
      statusCategory: 'todo', dueDate: null, finishDate: '2027-01-01', slack: 0, critical: false, placeholder: false, blockedBy: [],
    });
    const cyclic = await layoutGraph([item('a'), item('b'), item('c')], [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'b' }], []);
    expect(cyclic.nodes.map((n) => [n.id, n.layer])).toEqual([['a', 0], ['b', 1], ['c', 2]]);
  });
});

describe('layoutGraph for a narrow picture (email)', () => {
  let vertical: GraphLayout;
  beforeAll(async () => {
    vertical = await layoutGraph(criticalNeighbourhood(current), current.links, current.analysis.criticalPath, {
      orientation: 'vertical',
      teams: programTeams(current),
      maxPerLayer: 2,
    });
  });
  const node = (key: string) => vertical.nodes.find((n) => n.key === key)!;

  it('stacks layers top to bottom with the critical path in one straight column', () => {
    const path = ['PLAT-12', 'IDN-41', 'PAY-88', 'PAY-91', 'WEB-230'].map(node);
    expect(new Set(path.map((n) => n.x)).size).toBe(1);
    expect(path.map((n) => n.y)).toEqual([...path.map((n) => n.y)].sort((a, b) => a - b));
    expect(vertical.height).toBeGreaterThan(vertical.width);
  });

  it('keeps at most maxPerLayer items per layer, critical path first, and counts the rest', () => {
    const perLayer = new Map<number, number>();
    for (const n of vertical.nodes) perLayer.set(n.layer, (perLayer.get(n.layer) ?? 0) + 1);
    expect(Math.max(...perLayer.values())).toBeLessThanOrEqual(2);
    expect(vertical.omitted).toBe(criticalNeighbourhood(current).length - vertical.nodes.length);
    expect(vertical.omitted).toBeGreaterThan(0);
    expect(vertical.width).toBeLessThanOrEqual(2 * 12 + 2 * 168 + 12);
  });

  it('colours a team the same in every picture: the palette follows the program, not the picture', async () => {
    const few = await layoutGraph(current.items.filter((i) => i.team === 'Web Checkout'), current.links, [], { teams: programTeams(current) });
    const all = await layoutGraph(criticalNeighbourhood(current), current.links, current.analysis.criticalPath, { teams: programTeams(current) });
    const stripe = (svg: string) => /data-team="Web Checkout">.*?<rect[^>]*\/><rect[^>]*fill="(#[0-9a-f]{6})"/.exec(svg)?.[1];
    const a = stripe(renderDependencySvg(few, { interactive: false, label: 'a' }));
    expect(a).toBeDefined();
    expect(stripe(renderDependencySvg(all, { interactive: false, label: 'b' }))).toBe(a);
  });

  it('draws a legend entry for each team in the picture, within its width', () => {
    expect(vertical.legend.map((l) => l.team)).toEqual([...new Set(vertical.nodes.map((n) => n.team))].sort());
    for (const entry of vertical.legend) expect(entry.x).toBeLessThan(vertical.width);
    expect(renderDependencySvg(vertical, { interactive: false, label: 'x' }).match(/class="legend"/g)).toHaveLength(vertical.legend.length);
  });
});

describe('renderDependencySvg', () => {
  it('highlights critical-path nodes and edges and tags nodes with their team', async () => {
    const layout = await layoutGraph(criticalNeighbourhood(current), current.links, current.analysis.criticalPath);
    const svg = renderDependencySvg(layout, { interactive: true, label: 'graph' });
    expect(svg.match(/class="node on-path critical"/g)).toHaveLength(5);
    expect(svg.match(/class="edge critical"/g)).toHaveLength(4);
    expect(svg).toContain('data-team="Web Checkout"');
    expect(svg).toContain('<a href="https://acme.atlassian.net/browse/PAY-88"');
  });

  it('escapes tracker text in text, attributes and tooltips', async () => {
    const items = current.items.map((i) => (i.key === 'PAY-88' ? { ...i, title: HOSTILE_TITLE, team: '"><script>x</script>' } : i));
    const layout = await layoutGraph(items, current.links, current.analysis.criticalPath);
    const svg = renderDependencySvg(layout, { interactive: true, label: 'graph' });
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('data-team="&#34;&#62;&#60;script&#62;x&#60;/script&#62;"');
  });
});
