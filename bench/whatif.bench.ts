/**
 * What-if answers (issue 21 target: `seams whatif` under a second on the demo, a few seconds on a
 * 10,000-item program) and downstream impact per item.
 *
 * - demo: the sandbox demo program synced into a scratch Postgres database, then a slip on the
 *   critical path answered in-process (graph load + two engine runs of 2,000 trials, as the
 *   dashboard page does) and by `seams whatif` in its own process (Node start, config, database).
 * - 10k: a generated 10,000-item / 25,000-link program of 10 teams, the same comparison in-process.
 * - downstream impact on the 10k program and on graph.bench's 100,000-item / 300,000-link program.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { createDbSyncStore } from '../db/sync-store.js';
import { registerConfig } from '../services/app/register-config.js';
import { parseConfigFile, resolveCredentials } from '../services/config/load-config.js';
import { createSourceConnector } from '../services/connectors/connector-factory.js';
import { downstreamImpact } from '../services/graph/downstream-impact.js';
import type { GraphItem, GraphLink, ProgramGraph, TeamProfile } from '../services/graph/graph-types.js';
import { mulberry32 } from '../services/forecast/prng.js';
import { createLogger } from '../services/logging/logger.js';
import { startSandboxTrackers } from '../services/sandbox/sandbox-trackers.js';
import { compareScenario } from '../services/whatif/compare-scenario.js';
import { parseScenario } from '../services/whatif/scenario.js';
import { createWhatIfService, databaseWhatIfGraphs, WHATIF_TRIALS } from '../services/whatif/whatif-service.js';
import { createScratchDatabase, repoRoot, round } from './bench-helpers.js';
import { generateProgram } from './graph.bench.js';

const ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const run = promisify(execFile);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

/** 10,000 items in 10 teams with history; blockers from a preceding window: deep, not one chain. */
export function generateLargeProgram(items = 10_000, links = 25_000, seed = 21): ProgramGraph {
  const random = mulberry32(seed);
  const teamCount = 10;
  const teams: TeamProfile[] = Array.from({ length: teamCount }, (_, t) => ({
    team: `team-${t}`,
    cycleTimes: Array.from({ length: 60 }, () => Math.max(0.5, Math.round(Math.exp(0.6 + random() * 1.6)))),
    daysPerPoint: 0.8 + random(),
    weeklyThroughput: Array.from({ length: 26 }, () => 4 + Math.floor(random() * 6)),
    wipLimit: 4 + Math.floor(random() * 4),
  }));
  const graphItems: GraphItem[] = Array.from({ length: items }, (_, i) => {
    const roll = random() * 0.6 + (i / items) * 0.6;
    const statusCategory = roll < 0.35 ? 'done' : roll < 0.45 ? 'in_progress' : 'todo';
    return {
      id: `jira:${i}`,
      key: `T${i % teamCount}-${i}`,
      title: `Item ${i}`,
      url: null,
      source: 'jira',
      team: `team-${i % teamCount}`,
      assignee: null,
      status: statusCategory,
      statusCategory,
      estimate: random() < 0.6 ? 1 + Math.floor(random() * 8) : null,
      dueDate: random() < 0.05 ? `2026-${String(9 + Math.floor(random() * 3)).padStart(2, '0')}-15` : null,
      createdAt: null,
      startedAt: statusCategory === 'in_progress' ? `2026-06-${String(10 + Math.floor(random() * 15)).padStart(2, '0')}T09:00:00.000Z` : null,
      completedAt: null,
      updatedAt: null,
      inScope: true,
      placeholder: false,
    };
  });
  const graphLinks: GraphLink[] = [];
  for (let l = 0; l < links; l++) {
    const to = 1 + Math.floor(random() * (items - 1));
    const from = Math.max(0, to - 1 - Math.floor(random() * Math.min(to, 200)));
    graphLinks.push({ from: `jira:${from}`, to: `jira:${to}`, kind: 'blocks' });
  }
  return {
    version: 1,
    program: 'bench-10k',
    asOf: '2026-07-06',
    targetDate: '2027-03-31',
    calendar: { weekendDays: [0, 6], holidays: [], timezone: 'UTC' },
    items: graphItems,
    links: graphLinks,
    teams,
  };
}

/**
 * Wall and CPU time of one CLI process. CPU (user + system, from GNU time) is what the command
 * costs; wall time on this shared 2-core machine includes waiting for other processes.
 */
async function cliCost(env: NodeJS.ProcessEnv, args: readonly string[]): Promise<{ wall: number; cpu: number }> {
  const { ms, value } = await timed(() => run('/usr/bin/time', ['-f', 'seams-cpu %U %S', process.execPath, ...args], { env, timeout: 120_000 }));
  const match = /seams-cpu ([\d.]+) ([\d.]+)/.exec(value.stderr);
  return { wall: ms, cpu: match ? (Number(match[1]) + Number(match[2])) * 1000 : Number.NaN };
}

async function demo(): Promise<Record<string, number | string>> {
  const sandbox = await startSandboxTrackers({ seed: 7, size: 'demo', now: new Date() });
  const scratch = await createScratchDatabase(ADMIN_URL);
  const handle = openDatabase({ databaseUrl: scratch.url });
  try {
    await migrateToLatest(handle.db);
    const file = parseConfigFile(sandbox.configDocument, 'sandbox');
    await registerConfig(handle.db, file);
    const store = createDbSyncStore(handle.db);
    const credentials = resolveCredentials(file, sandbox.env, 'sandbox');
    for (const source of ['jira', 'linear']) {
      await createSourceConnector({ sources: file.sources, credentials, store, logger: createLogger({ level: 'silent' }) }, source).sync({ mode: 'full' });
    }
    const program = file.programs[0]!.name;
    const service = createWhatIfService(databaseWhatIfGraphs({ db: handle.db, file }));
    const today = await service.compare(program, {});
    const head = today.today.criticalPath[0] as string;
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await timed(() => service.compare(program, { slip: [`${head}=+5d`] })));

    const dir = mkdtempSync(join(tmpdir(), 'seams-whatif-bench-'));
    writeFileSync(join(dir, 'seams.config.yaml'), stringify(sandbox.configDocument));
    const env = { ...process.env, ...sandbox.env, DATABASE_URL: scratch.url, SEAMS_CONFIG: join(dir, 'seams.config.yaml'), LOG_LEVEL: 'silent' };
    const cli = join(repoRoot(), 'dist-bench', 'services', 'cli.js');
    const cliRuns: { wall: number; cpu: number }[] = [];
    const helpRuns: { wall: number; cpu: number }[] = [];
    const bareRuns: { wall: number; cpu: number }[] = [];
    for (let i = 0; i < 3; i++) {
      bareRuns.push(await cliCost(env, ['-e', '0']));
      cliRuns.push(await cliCost(env, [cli, 'whatif', '--program', program, '--slip', `${head}=+5d`, '--json']));
      helpRuns.push(await cliCost(env, [cli, '--help']));
    }
    return {
      demoItems: (await databaseWhatIfGraphs({ db: handle.db, file }).loadGraph(program))?.graph.items.length ?? 0,
      demoSlipMovesFinishDays: answers[0]!.value.moves.finishDays,
      demoInProcessMs: Math.round(median(answers.map((a) => a.ms))),
      demoCliWallMs: Math.round(median(cliRuns.map((r) => r.wall))),
      demoCliCpuMs: Math.round(median(cliRuns.map((r) => r.cpu))),
      cliHelpWallMs: Math.round(median(helpRuns.map((r) => r.wall))),
      cliHelpCpuMs: Math.round(median(helpRuns.map((r) => r.cpu))),
      // Node starting and doing nothing: the machine's baseline (tens of ms when it is idle).
      nodeBareCpuMs: Math.round(median(bareRuns.map((r) => r.cpu))),
    };
  } finally {
    await handle.close();
    await scratch.drop();
    await sandbox.close();
  }
}

export default async function runBench(): Promise<Record<string, number | string>> {
  const large = generateLargeProgram();
  const settings = { trials: WHATIF_TRIALS, seed: 42, minFinishedItems: 8, nearCriticalDays: 3 };
  const service = createWhatIfService({ loadGraph: async () => ({ graph: large, settings }) });
  const probe = await service.compare(large.program, {});
  const head = probe.today.criticalPath[0] as string;
  const largeRuns = [];
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < 3; i++) largeRuns.push(await timed(() => service.compare(large.program, { slip: [`${head}=+5d`], capacity: ['team-3=50%'] })));
  const cpu = process.cpuUsage(cpuBefore);
  // The same question at the full 2,000 trials, to show what the smaller count changes.
  const full = compareScenario(large, parseScenario({ slip: [`${head}=+5d`], capacity: ['team-3=50%'] }, large), settings);
  const impact10k = await timed(() => downstreamImpact(large, { targetDate: large.targetDate }));
  const huge = generateProgram();
  const impact100k = await timed(() => downstreamImpact(huge, { targetDate: huge.targetDate }));
  return {
    ...(await demo()),
    largeItems: large.items.length,
    largeLinks: large.links.length,
    largeTrials: largeRuns[0]!.value.trials ?? 'default',
    largeWhatIfMs: Math.round(median(largeRuns.map((r) => r.ms))),
    largeWhatIfCpuMs: Math.round((cpu.user + cpu.system) / 3000),
    largeFinishMoveDays: largeRuns[0]!.value.moves.finishDays,
    largeP85Scenario: `${largeRuns[0]!.value.scenario.p85} (at ${WHATIF_TRIALS} trials: ${full.scenario.p85})`,
    largeP85MoveDays: `${largeRuns[0]!.value.moves.p85Days} (at ${WHATIF_TRIALS} trials: ${full.moves.p85Days})`,
    downstream10kMs: round(impact10k.ms, 1),
    downstream10kMaxWaiting: Math.max(...impact10k.value.map((d) => d.waitingItems)),
    downstream100kMs: Math.round(impact100k.ms),
  };
}
