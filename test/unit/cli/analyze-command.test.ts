import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../services/cli.js';
import { analyzeProgram } from '../../../services/graph/analyze-program.js';
import { programGraphSchema } from '../../../services/graph/graph-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'seams-analyze-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const graph = {
  version: 1,
  program: 'checkout',
  asOf: '2026-06-01',
  targetDate: '2026-06-30',
  items: [
    { id: 'jira:1', key: 'PAY-1', team: 'payments', statusCategory: 'in_progress', estimate: 5, startedAt: '2026-05-27T09:00:00Z', inScope: true },
    { id: 'linear:2', key: 'MOB-7', team: 'mobile', statusCategory: 'todo', estimate: 3, inScope: true },
    { id: 'jira:3', statusCategory: 'unknown', placeholder: true },
  ],
  links: [
    { from: 'jira:1', to: 'linear:2', kind: 'blocks' },
    { from: 'jira:3', to: 'jira:1', kind: 'blocks' },
  ],
};

/** Runs `seams analyze <file>` in this process and returns its exit code, stdout and stderr. */
async function analyze(json: unknown, ...options: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = join(dir, `graph-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(json));
  let stdout = '';
  const stderr: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const error = vi.spyOn(console, 'error').mockImplementation((line: unknown) => void stderr.push(String(line)));
  try {
    const code = await main(['node', 'seams', 'analyze', file, ...options]);
    return { code, stdout, stderr: stderr.join('\n') };
  } finally {
    write.mockRestore();
    error.mockRestore();
  }
}

describe('seams analyze', () => {
  it('prints the analysis of the graph as indented JSON, exactly as zod-parsed input would give', async () => {
    const { code, stdout } = await analyze(graph);
    expect(code).toBe(0);
    expect(stdout).toBe(`${JSON.stringify(analyzeProgram(programGraphSchema.parse(graph)), null, 2)}\n`);
    expect(JSON.parse(stdout)).toMatchObject({ criticalPath: ['jira:3', 'jira:1', 'linear:2'] });
  });

  it('names every problem of a bad file with its path, and exits 1', async () => {
    const bad = {
      ...graph,
      items: [{ ...graph.items[0], estimate: -2 }, graph.items[1], { ...graph.items[2], statusCategory: 'doing' }],
    };
    const { code, stdout, stderr } = await analyze(bad);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^seams: invalid program graph:\n/);
    expect(stderr).toContain('items[0].estimate: ');
    expect(stderr).toContain('items[2].statusCategory: ');
  });

  it('names a link to an unknown item', async () => {
    const { code, stderr } = await analyze({ ...graph, links: [...graph.links, { from: 'linear:2', to: 'jira:404', kind: 'blocks' }] });
    expect(code).toBe(1);
    expect(stderr).toBe('seams: invalid program graph:\n  links[2].to: unknown item id jira:404');
  });

  it('takes --near-critical-days, and names it when it is not a number >= 0', async () => {
    const ok = await analyze(graph, '--near-critical-days', '0');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(`${JSON.stringify(analyzeProgram(programGraphSchema.parse(graph), { nearCriticalDays: 0 }), null, 2)}\n`);
    const bad = await analyze(graph, '--near-critical-days', 'soon');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('seams: analysis option nearCriticalDays must be a number >= 0, got NaN');
  });
});
