/**
 * Size presets and the team catalogue of the generated program. Team pace differs on purpose
 * (daysPerPoint, cycle-time spread) so per-team cycle-time and throughput distributions differ.
 */
import type { SandboxTracker } from './program-model.js';

export type ProgramSize = 'demo' | 'small' | 'bench' | { readonly items: number; readonly links: number };

export interface SizeSpec {
  readonly items: number;
  readonly links: number;
  readonly teamCount: number;
  /** Open items on the main (critical) chain, and done items that precede it. */
  readonly chainOpen: number;
  readonly chainDone: number;
  readonly cycles: number;
  /** Share of generated filler items that get the special treatments (stale, moved, deleted). */
  readonly specialShare: number;
  readonly demo: boolean;
  /**
   * Multiplies every team's daysPerPoint. The demo's teams work in larger slices (an item takes
   * one to three weeks) so that 15–30 finished items in 26 weeks still show two or three items
   * in progress at a time — Little's law: WIP = throughput × cycle time.
   */
  readonly paceScale: number;
}

export interface TeamSpec {
  readonly tracker: SandboxTracker;
  readonly key: string;
  readonly name: string;
  /** Median working days per story point (what CPM converts estimates with). */
  readonly daysPerPoint: number;
  /** Log-space sigma of the cycle time around estimate × daysPerPoint. */
  readonly sigma: number;
}

/** Ordered so that the first five are the demo's teams: three Jira projects, two Linear teams. */
export const TEAM_CATALOGUE: readonly TeamSpec[] = [
  { tracker: 'jira', key: 'PAY', name: 'Payments', daysPerPoint: 0.8, sigma: 0.35 },
  { tracker: 'jira', key: 'CORE', name: 'Core Platform', daysPerPoint: 1.2, sigma: 0.45 },
  { tracker: 'linear', key: 'MOB', name: 'Mobile', daysPerPoint: 1.0, sigma: 0.4 },
  { tracker: 'linear', key: 'DATA', name: 'Data', daysPerPoint: 1.4, sigma: 0.55 },
  { tracker: 'jira', key: 'WEB', name: 'Web', daysPerPoint: 0.7, sigma: 0.3 },
  { tracker: 'jira', key: 'OPS', name: 'Operations', daysPerPoint: 1.1, sigma: 0.5 },
  { tracker: 'linear', key: 'ML', name: 'Machine Learning', daysPerPoint: 1.6, sigma: 0.6 },
  { tracker: 'jira', key: 'ID', name: 'Identity', daysPerPoint: 0.9, sigma: 0.35 },
  { tracker: 'linear', key: 'INFRA', name: 'Infrastructure', daysPerPoint: 1.3, sigma: 0.5 },
  { tracker: 'jira', key: 'SRCH', name: 'Search', daysPerPoint: 1.0, sigma: 0.4 },
];

export function resolveSize(size: ProgramSize): SizeSpec {
  if (size === 'demo') {
    // items/links are what the demo builder makes (see generate-demo-work.ts), not targets.
    return { items: 0, links: 0, teamCount: 5, chainOpen: 8, chainDone: 2, cycles: 1, specialShare: 0, demo: true, paceScale: 2 };
  }
  if (size === 'small') {
    return { items: 500, links: 800, teamCount: 5, chainOpen: 10, chainDone: 2, cycles: 3, specialShare: 0.03, demo: false, paceScale: 1 };
  }
  if (size === 'bench') return custom(50_000, 100_000);
  return custom(size.items, size.links);
}

function custom(items: number, links: number): SizeSpec {
  if (!Number.isInteger(items) || items < 40) throw new RangeError(`a program needs at least 40 items, got ${items}`);
  if (!Number.isInteger(links) || links < 0) throw new RangeError(`links must be a non-negative integer, got ${links}`);
  const teamCount = items <= 2_000 ? 5 : TEAM_CATALOGUE.length;
  return {
    items,
    links,
    teamCount,
    chainOpen: 12,
    chainDone: 2,
    cycles: Math.max(1, Math.min(50, Math.floor(items / 1_000))),
    specialShare: 0.02,
    demo: false,
    paceScale: 1,
  };
}
