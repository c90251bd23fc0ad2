/**
 * The Apache bug-fix dataset (../shared/real-data/apache-bugfix-vieira2019, Vieira et al. 2019)
 * as backtest history, one project at a time: every row is a fixed bug (created, resolved, final
 * fix versions), its project is the team. The data has no changelog, so a bug counts as not
 * started until it is resolved (what Seams sees of a Jira issue with no status history) and a
 * version holds, at any date, the bugs of its final scope created by then.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { BacktestHistory, BacktestTarget, ItemHistory, LinkHistory } from '../services/backtest/backtest-types.js';
import { parseCsvRecords } from '../services/sandbox/real-data/csv-records.js';

export interface ApacheProject {
  readonly project: string;
  readonly history: BacktestHistory;
  /** Fix versions with at least `minResolved` bugs. */
  readonly targets: readonly BacktestTarget[];
}

export async function readApacheProjects(realDataDir: string, minResolved = 10): Promise<ApacheProject[]> {
  const dir = join(realDataDir, 'apache-bugfix-vieira2019');
  const text = async (name: string) => gunzipSync(await readFile(join(dir, name))).toString('utf8');
  const rows = parseCsvRecords(await text('issues.csv.gz'));
  const linkRows = parseCsvRecords(await text('links.csv.gz'));
  const byProject = new Map<string, ItemHistory[]>();
  for (const r of rows) {
    const created = new Date(r['created'] ?? '');
    const resolved = new Date(r['resolved'] ?? '');
    if (Number.isNaN(created.getTime()) || Number.isNaN(resolved.getTime()) || resolved < created) continue;
    const project = r['project'] ?? '';
    const item: ItemHistory = {
      id: `apache:${r['key']}`,
      key: r['key'] ?? '',
      title: r['key'] ?? '',
      team: project,
      createdAt: created,
      initialStatus: 'Open',
      initialCategory: 'todo',
      statusChanges: [{ at: resolved, toStatus: r['status'] || 'Resolved', toCategory: 'done' }],
      estimate: null,
      fixVersions: (r['fix_versions'] ?? '').split(' ').filter((v) => v.length > 0),
      epic: null,
      completedAt: resolved,
      fieldChanges: [],
    };
    byProject.set(project, [...(byProject.get(project) ?? []), item]);
  }
  const links: LinkHistory[] = [];
  const seen = new Set<string>();
  for (const l of linkRows) {
    const from = l['prereq_key'];
    const to = l['dependent_key'];
    if (!from || !to || l['other_in_dataset'] !== '1' || seen.has(`${from}>${to}`)) continue;
    seen.add(`${from}>${to}`);
    links.push({ from: `apache:${from}`, to: `apache:${to}`, kind: 'blocks', addedAt: null });
  }
  return [...byProject.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([project, items]) => {
      const ids = new Set(items.map((i) => i.id));
      const counts = new Map<string, number>();
      for (const item of items) for (const v of item.fixVersions) counts.set(v, (counts.get(v) ?? 0) + 1);
      const targets: BacktestTarget[] = [...counts]
        .filter(([, n]) => n >= minResolved)
        .map(([name]) => ({ kind: 'version', name, releaseDate: null }));
      return {
        project,
        history: { items, links: links.filter((l) => ids.has(l.from) && ids.has(l.to)), versions: [] },
        targets,
      };
    });
}
