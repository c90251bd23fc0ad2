/**
 * The Duraspace dataset (../shared/real-data, read at run time) served by the sandbox Jira and
 * synced by the real connector into PostgreSQL: what is stored matches the dataset's README.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbSyncStore } from '../../../db/sync-store.js';
import { loadBacktestHistory } from '../../../db/backtest-history.js';
import { loadProgramNetwork } from '../../../db/program-graph.js';
import { loadForecastContext, loadProgramGraph } from '../../../services/rebuild/rebuild-program.js';
import { registerConfig } from '../../../services/app/register-config.js';
import { parseConfigFile, resolveCredentials } from '../../../services/config/load-config.js';
import { createSourceConnector } from '../../../services/connectors/connector-factory.js';
import { createLogger } from '../../../services/logging/logger.js';
import { startDatasetJira, DATASET_SOURCE, type DatasetJira } from '../../../services/sandbox/real-data/dataset-trackers.js';
import { readDuraspaceDataset, type JiraDataset } from '../../../services/sandbox/real-data/duraspace-dataset.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

const REAL_DATA = resolve(import.meta.dirname, '../../../../shared/real-data');

describe('Duraspace dataset → sandbox Jira → connector → PostgreSQL', () => {
  let t: TestDatabase;
  let site: DatasetJira;
  let dataset: JiraDataset;
  beforeAll(async () => {
    dataset = await readDuraspaceDataset(REAL_DATA);
    t = await createTestDatabase('postgres');
    site = await startDatasetJira(dataset);
  }, 60_000);
  afterAll(async () => {
    await site?.close();
    await t?.drop();
  });

  it('stores every issue, status change and mapped link the dataset holds', async () => {
    // The README's counts for the Duraspace part of the ASE 2015 data.
    expect(dataset.issues).toHaveLength(3_036);
    expect(dataset.issues.filter((i) => i.project === 'FCREPO')).toHaveLength(1_019);
    expect(dataset.issues.filter((i) => i.project === 'ISLANDORA')).toHaveLength(981);
    expect(dataset.issues.filter((i) => i.project === 'DURACLOUD')).toHaveLength(739);
    expect(dataset.issues.filter((i) => i.storyPoints !== null)).toHaveLength(580);

    const file = parseConfigFile({ sources: [site.source] }, 'dataset');
    await registerConfig(t.db, file);
    const store = createDbSyncStore(t.db);
    const summary = await createSourceConnector(
      { sources: file.sources, credentials: resolveCredentials(file, site.env, 'dataset'), store, logger: createLogger({ level: 'silent' }) },
      DATASET_SOURCE,
    ).sync({ mode: 'full' });
    expect(summary.items).toBe(dataset.issues.length);

    const items = await t.db.selectFrom('work_items').select(['key', 'estimate', 'assignee', 'raw']).where('placeholder', '=', false).execute();
    expect(items).toHaveLength(dataset.issues.length);
    const { count: transitions } = await t.db.selectFrom('status_transitions').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
    // Jira keeps one row per (item, instant, status): the dataset's status changes minus exact repeats.
    const statusChanges = new Set(dataset.changes.filter((c) => c.field === 'status').map((c) => `${c.key}@${c.at.getTime()}>${c.to}`));
    expect(Number(transitions)).toBe(statusChanges.size);

    // Story points came from the Story Points field the connector found by name; pseudonyms display as given.
    const points = new Map(dataset.issues.map((i) => [i.key, i.storyPoints]));
    for (const item of items.filter((i) => points.get(i.key) !== null)) expect(item.estimate).toBe(points.get(item.key));
    const assignees = new Map(dataset.issues.map((i) => [i.key, i.assignee]));
    expect(items.every((i) => i.assignee === assignees.get(i.key))).toBe(true);

    // Every link row reaches the connector. Read independently of it (the README's "key label
    // other" rows), one Jira link is seen from both ends: outward holder → inward holder.
    expect(site.site.served.linkEntries).toBe(dataset.links.length);
    const linksOf = (...types: string[]) =>
      new Set(dataset.links.filter((l) => types.includes(l.linkType)).map((l) => (l.direction === 'outward' ? `${l.key}>${l.otherKey}` : `${l.otherKey}>${l.key}`))).size;
    const stored = await t.db
      .selectFrom('item_links as l')
      .innerJoin('work_items as a', 'a.id', 'l.from_item')
      .innerJoin('work_items as b', 'b.id', 'l.to_item')
      .select(['l.kind', 'a.key as from', 'b.key as to'])
      .where('l.kind', '!=', 'parent')
      .execute();
    const count = (kind: string) => stored.filter((l) => l.kind === kind).length;
    // "Addresses" (a task addresses an issue) is related work, not an order.
    expect(count('relates')).toBe(linksOf('Related', 'Addresses'));
    expect(count('duplicates')).toBe(linksOf('Duplicate'));
    // Every "A depends on B" is stored as B blocks A, and never the other way round (the inward
    // label reads "required by", without "is").
    const blocks = new Set(stored.filter((l) => l.kind === 'blocks').map((l) => `${l.from}>${l.to}`));
    const dependsOn = dataset.links.filter((l) => l.linkType === 'Dependency' && l.direction === 'outward');
    expect(dependsOn.length).toBeGreaterThan(100);
    for (const l of dependsOn) {
      expect(blocks).toContain(`${l.otherKey}>${l.key}`);
      expect(blocks).not.toContain(`${l.key}>${l.otherKey}`);
    }

    // Fix versions with their release dates and the version history reach the backtest.
    const { history } = await loadBacktestHistory(t.db);
    expect(history.versions.filter((v) => v.releaseDate !== null).length).toBeGreaterThan(40);
    const fixVersionChanges = history.items.reduce((n, i) => n + i.fieldChanges.filter((c) => c.field === 'fixVersion').length, 0);
    expect(fixVersionChanges).toBe(dataset.changes.filter((c) => c.field === 'Fix Version').length);

    // A program scoped by a fix version selects that version's issues of that project only, and
    // is forecast as a release: the share of open work earlier FCREPO releases shipped.
    const scope = { epics: [], labels: [], linearProjects: [], teams: [], keys: [], fixVersions: ['FCREPO Fedora 3.4'] };
    const network = await loadProgramNetwork(t.db, scope);
    const inVersion = dataset.issues.filter((i) => i.project === 'FCREPO' && i.fixVersions.includes('Fedora 3.4')).map((i) => i.key).sort();
    expect(inVersion.length).toBeGreaterThan(50);
    expect(network.items.filter((i) => i.inScope).map((i) => i.key).sort()).toEqual(inVersion);
    const withProgram = parseConfigFile({ sources: [site.source], programs: [{ name: 'fedora-3-4', targetDate: '2010-08-20', scope }] }, 'dataset');
    const program = withProgram.programs[0]!;
    const graph = await loadProgramGraph(t.db, program, withProgram, new Date('2010-07-09T09:00:00Z'));
    const context = await loadForecastContext(t.db, program, graph);
    expect(context.scopeKept).toBeGreaterThan(0.2);
    expect(context.scopeKept).toBeLessThan(0.9);
    const asTeams = await loadForecastContext(t.db, { ...program, scope: { ...scope, fixVersions: undefined, keys: inVersion } }, graph);
    expect(asTeams.scopeKept).toBe(1);
  }, 120_000);
});
