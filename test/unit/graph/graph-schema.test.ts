import { describe, expect, it } from 'vitest';
import { GraphFormatError, parseProgramGraph } from '../../../services/graph/graph-schema.js';

const minimal = {
  version: 1,
  program: 'checkout',
  asOf: '2026-06-01',
  items: [
    { id: 'jira:1', key: 'PAY-1', statusCategory: 'todo', inScope: true, estimate: 3 },
    { id: 'jira:2', statusCategory: 'unknown', placeholder: true },
  ],
  links: [{ from: 'jira:2', to: 'jira:1', kind: 'blocks' }],
};

function problemsOf(json: unknown): readonly string[] {
  try {
    parseProgramGraph(json);
  } catch (error) {
    if (error instanceof GraphFormatError) return error.problems;
    throw error;
  }
  throw new Error('expected a GraphFormatError');
}

describe('parseProgramGraph', () => {
  it('fills defaults for optional fields', () => {
    const graph = parseProgramGraph(minimal);
    expect(graph.calendar).toEqual({ weekendDays: [0, 6], holidays: [], timezone: 'UTC' });
    expect(graph.targetDate).toBeNull();
    expect(graph.teams).toEqual([]);
    expect(graph.items[0]).toMatchObject({ key: 'PAY-1', title: 'PAY-1', team: null, assignee: null, durationDays: null, placeholder: false });
    expect(graph.items[1]).toMatchObject({ key: 'jira:2', inScope: false, placeholder: true });
  });

  it('names the path of every bad field', () => {
    const problems = problemsOf({
      ...minimal,
      asOf: '01/06/2026',
      items: [{ ...minimal.items[0], statusCategory: 'doing' }, { ...minimal.items[1], estimate: -1 }],
    });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^asOf: expected an ISO date/);
    expect(problems[1]).toMatch(/^items\[0\]\.statusCategory: /);
    expect(problems[2]).toMatch(/^items\[1\]\.estimate: /);
  });

  it('rejects dangling link ids and duplicate ids', () => {
    const problems = problemsOf({
      ...minimal,
      items: [...minimal.items, { id: 'jira:1', statusCategory: 'done' }],
      links: [...minimal.links, { from: 'jira:1', to: 'linear:9', kind: 'blocks' }],
    });
    expect(problems).toEqual(['items[2].id: duplicate item id jira:1', 'links[1].to: unknown item id linear:9']);
  });

  it('says so when the root is not an object', () => {
    expect(() => parseProgramGraph('nope')).toThrow(/invalid program graph:\n {2}\(root\): /);
  });
});

describe('the README example', () => {
  it('parses and analyzes', async () => {
    const { readFile } = await import('node:fs/promises');
    const { analyzeProgram } = await import('../../../services/graph/analyze-program.js');
    const readme = await readFile(new URL('../../../services/graph/README.md', import.meta.url), 'utf8');
    const json = /```json\n([\s\S]*?)```/.exec(readme)?.[1];
    const analysis = analyzeProgram(parseProgramGraph(JSON.parse(json ?? 'null')));
    // OPS-9 (placeholder, 5 days) → PAY-1 (6 days − 3 spent) → MOB-7 (3 days × default rate 1).
    expect(analysis.criticalPath).toEqual(['jira:OPS-9', 'jira:10001', 'linear:6f1c']);
    expect(analysis.finishDays).toBeCloseTo(11, 9);
    expect(analysis.finishDate).toBe('2026-06-15');
  });
});
