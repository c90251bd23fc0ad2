/**
 * Precision of the risk register: a healthy generated program raises nothing High or Critical,
 * and each planted problem raises exactly its own risk at High or Critical, nothing else.
 */
import { describe, expect, it } from 'vitest';
import { analyzeProgram } from '../../../services/graph/analyze-program.js';
import type { GraphItem, GraphLink, ProgramGraph } from '../../../services/graph/graph-types.js';
import { selectScope } from '../../../services/graph/program-scope.js';
import { evaluateRisks } from '../../../services/risk/evaluate-risks.js';
import type { RiskInputs } from '../../../services/risk/risk-context.js';
import { SEVERITY_RANK, type RiskSignal } from '../../../services/risk/risk-types.js';
import { blocks, graphOf, item, seededRandom, team } from '../graph/graph-fixtures.js';

const TEAMS = ['pay', 'core', 'web', 'mob'] as const;
const AS_OF = '2026-06-01';

interface Healthy {
  readonly graph: ProgramGraph;
  /** The main chain, in order: cross-team hand-offs, the critical path. */
  readonly chain: readonly string[];
  readonly extras: Omit<RiskInputs, 'graph' | 'analysis'>;
}

/**
 * A program run well: a cross-team main chain of estimated, assigned work with side work feeding
 * it, due dates that match the schedule, recent updates, a target with room, a steady forecast.
 */
function healthyProgram(seed: number): Healthy {
  const random = seededRandom(seed);
  const items: GraphItem[] = [];
  const links: GraphLink[] = [];
  const chain: string[] = [];
  let day = 0;
  for (let k = 0; k < 8; k++) {
    const id = `M${k}`;
    const duration = 2 + Math.floor(random() * 4);
    day += duration;
    const inProgress = k === 0;
    items.push(
      item(id, {
        team: TEAMS[k % TEAMS.length]!,
        assignee: `dev-${k}`,
        durationDays: duration,
        statusCategory: inProgress ? 'in_progress' : 'todo',
        startedAt: inProgress ? '2026-05-28T09:00:00Z' : null,
        updatedAt: '2026-05-29T09:00:00Z',
        // Due a week after the schedule's finish: the tracker agrees with the plan, with a buffer.
        dueDate: dateAfter(day + 5),
      }),
    );
    if (k > 0) links.push(blocks(chain[k - 1]!, id));
    chain.push(id);
    // Side work: short, same team, ready in time (done already for the item in progress).
    const side = `S${k}`;
    items.push(
      item(side, { team: TEAMS[k % TEAMS.length]!, assignee: `dev-${k}b`, durationDays: 1, updatedAt: '2026-05-29T09:00:00Z', ...(inProgress ? { statusCategory: 'done' as const } : {}) }),
    );
    links.push(blocks(side, id));
  }
  items.push(item('DONE', { statusCategory: 'done', team: 'pay', completedAt: '2026-05-20T09:00:00Z' }));
  links.push(blocks('DONE', 'M1'));
  const teams = TEAMS.map((name) => team(name, { cycleTimes: [3, 4, 5, 6, 8, 9, 12, 15], weeklyThroughput: [3, 4, 3] }));
  const graph = graphOf(items, links, { asOf: AS_OF, targetDate: dateAfter(day + 15), teams });
  const scope = analyzeProgram(graph).scope;
  return {
    graph,
    chain,
    extras: {
      previousScope: { items: scope.totalItems, points: scope.points },
      forecast: { p85: dateAfter(day + 8), previousP85: dateAfter(day + 7) },
      forecastScale: { p50: 1.05, p85: 1.2 },
      programOwner: 'Dana',
    },
  };
}

/** Working day n after asOf (Mon 1 June 2026), as a date: weekends skipped. */
function dateAfter(n: number): string {
  const d = new Date(`${AS_OF}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
}

function serious(graph: ProgramGraph, extras: Healthy['extras']): RiskSignal[] {
  const scoped = selectScope(graph);
  const risks = evaluateRisks({ graph: scoped, analysis: analyzeProgram(graph), ...extras });
  return risks.filter((r) => SEVERITY_RANK[r.severity] >= SEVERITY_RANK.high);
}

function withItem(graph: ProgramGraph, id: string, change: Partial<GraphItem>): ProgramGraph {
  return { ...graph, items: graph.items.map((i) => (i.id === id ? { ...i, ...change } : i)) };
}

type Plant = (h: Healthy) => { graph: ProgramGraph; extras: Healthy['extras']; rule: string; subject: string | null };

const PLANTS: Readonly<Record<string, Plant>> = {
  cycle: (h) => ({
    // M2 already depends on M1; M1 now also waits on M2.
    graph: { ...h.graph, links: [...h.graph.links, blocks('M2', 'M1')] },
    extras: h.extras,
    rule: 'dependency-cycle',
    subject: null,
  }),
  'overdue cross-team blocker': (h) => ({
    // M1 (core) must start in a few days and waits on M0 (pay), overdue in the tracker.
    graph: withItem(h.graph, 'M0', { dueDate: '2026-05-25' }),
    extras: h.extras,
    rule: 'blocked',
    subject: 'M1',
  }),
  'stale in-progress': (h) => ({
    graph: withItem(h.graph, 'M0', { startedAt: '2026-05-20T09:00:00Z', updatedAt: '2026-05-21T09:00:00Z' }),
    extras: h.extras,
    rule: 'stale-in-progress',
    subject: 'M0',
  }),
  'unowned critical item': (h) => ({
    graph: withItem(h.graph, 'M3', { assignee: null }),
    extras: h.extras,
    rule: 'unowned-critical-work',
    subject: 'M3',
  }),
  'external dependency with unknown status': (h) => ({
    graph: {
      ...h.graph,
      items: [...h.graph.items, item('EXT-1', { placeholder: true, statusCategory: 'unknown', team: null, assignee: null, inScope: false })],
      links: [...h.graph.links, blocks('EXT-1', 'M0')],
    },
    extras: h.extras,
    rule: 'external-dependency',
    subject: 'EXT-1',
  }),
  'scope creep': (h) => ({
    graph: h.graph,
    extras: { ...h.extras, previousScope: { items: Math.round(h.graph.items.length * 0.7), points: 0 } },
    rule: 'scope-creep',
    subject: null,
  }),
  'forecast slip': (h) => ({
    graph: h.graph,
    extras: { ...h.extras, forecast: { p85: h.extras.forecast!.p85, previousP85: shiftDays(h.extras.forecast!.p85!, -14) } },
    rule: 'slipping-forecast',
    subject: null,
  }),
};

function shiftDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe('risk precision on generated programs', () => {
  const seeds = Array.from({ length: 30 }, (_, i) => i + 1);

  it('raises nothing High or Critical on a healthy program', () => {
    for (const seed of seeds) {
      const h = healthyProgram(seed);
      expect(serious(h.graph, h.extras).map((r) => `${r.severity} ${r.key}: ${r.title}`), `seed ${seed}`).toEqual([]);
    }
  });

  for (const [name, plant] of Object.entries(PLANTS)) {
    it(`raises exactly one High/Critical risk for a planted ${name}`, () => {
      for (const seed of seeds) {
        const planted = plant(healthyProgram(seed));
        const found = serious(planted.graph, planted.extras);
        expect(found.map((r) => r.rule), `seed ${seed}: ${found.map((r) => r.title).join('; ')}`).toEqual([planted.rule]);
        if (planted.subject !== null) expect(found[0]!.subjectIds[0]).toBe(planted.subject);
      }
    });
  }
});
