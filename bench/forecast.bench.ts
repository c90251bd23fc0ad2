/**
 * Monte Carlo benchmark: 10,000 trials over a generated 2,000-item network of 8 teams with
 * ~4,000 `blocks` links (target < 2 s on the 2-core reference machine).
 */
import { verdict } from './bench-helpers.js';
import type { GraphItem, GraphLink, ProgramGraph, TeamProfile } from '../services/graph/graph-types.js';
import { forecastProgram } from '../services/forecast/monte-carlo.js';
import { mulberry32 } from '../services/forecast/prng.js';

const ITEMS = 2_000;
const LINKS = 4_000;
const TEAMS = 8;
const TRIALS = 10_000;

export function generateNetwork(seed = 2026): ProgramGraph {
  const random = mulberry32(seed);
  const teams: TeamProfile[] = Array.from({ length: TEAMS }, (_, t) => ({
    team: `team-${t}`,
    cycleTimes: Array.from({ length: 60 }, () => Math.max(0.5, Math.round(Math.exp(0.6 + random() * 1.8)))),
    daysPerPoint: 0.8 + random(),
    weeklyThroughput: [],
    wipLimit: 3 + Math.floor(random() * 4),
  }));
  const items: GraphItem[] = Array.from({ length: ITEMS }, (_, i) => {
    const roll = random();
    const statusCategory = roll < 0.15 ? 'done' : roll < 0.25 ? 'in_progress' : 'todo';
    return {
      id: `jira:${i}`,
      key: `T${i % TEAMS}-${i}`,
      title: `Item ${i}`,
      url: null,
      source: 'jira',
      team: `team-${i % TEAMS}`,
      assignee: null,
      status: statusCategory,
      statusCategory,
      estimate: random() < 0.5 ? 1 + Math.floor(random() * 8) : null,
      dueDate: null,
      createdAt: null,
      startedAt: statusCategory === 'in_progress' ? `2026-06-${String(10 + Math.floor(random() * 15)).padStart(2, '0')}T09:00:00.000Z` : null,
      completedAt: null,
      updatedAt: null,
      inScope: random() < 0.8,
      placeholder: false,
    };
  });
  const links: GraphLink[] = [];
  for (let l = 0; l < LINKS; l++) {
    // Mostly local dependencies (a realistic, deep network), all pointing forward: a DAG.
    const to = 1 + Math.floor(random() * (ITEMS - 1));
    const from = Math.max(0, to - 1 - Math.floor(random() * Math.min(to, 60)));
    links.push({ from: `jira:${from}`, to: `jira:${to}`, kind: 'blocks' });
  }
  return {
    version: 1,
    program: 'Bench',
    asOf: '2026-07-06',
    targetDate: '2026-12-18',
    calendar: { weekendDays: [0, 6], holidays: ['2026-12-25'], timezone: 'Europe/Berlin' },
    items,
    links,
    teams,
  };
}

export default async function run(): Promise<Record<string, number | string>> {
  const graph = generateNetwork();
  forecastProgram(graph, { trials: 200, seed: 1 }); // warm-up: JIT the trial loop
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = forecastProgram(graph, { trials: TRIALS, seed: 1 });
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    items: ITEMS,
    links: LINKS,
    teams: TEAMS,
    simulatedItems: result.simulatedItems,
    trials: TRIALS,
    ms: Math.round(ms),
    // CPU time too: on a shared machine wall time includes waiting for the other processes.
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    trialsPerSecond: Math.round(TRIALS / (ms / 1000)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    p50: result.p50,
    p85: result.p85,
    p95: result.p95,
    probabilityOnTarget: result.probabilityOnTarget ?? 'n/a',
    'target: 10,000 trials over 2,000 items < 2 s': verdict(ms < 2000),
  };
}
