import type { GraphItem, GraphLink, ProgramGraph, TeamProfile } from '../../../services/graph/graph-types.js';

/** 2026-07-06 is a Monday: working day 1 = 6 July, 5 = 10 July, 6 = 13 July. */
export const AS_OF = '2026-07-06';

export function item(id: string, team: string | null, extra: Partial<GraphItem> = {}): GraphItem {
  return {
    id,
    key: id,
    title: id,
    url: null,
    source: 'jira',
    team,
    assignee: null,
    status: 'To Do',
    statusCategory: 'todo',
    estimate: null,
    dueDate: null,
    createdAt: null,
    startedAt: null,
    completedAt: null,
    updatedAt: null,
    inScope: true,
    placeholder: false,
    ...extra,
  };
}

export function blocks(from: string, to: string): GraphLink {
  return { from, to, kind: 'blocks' };
}

export function profile(team: string, cycleTimes: readonly number[], wipLimit = 1, daysPerPoint: number | null = null): TeamProfile {
  return { team, cycleTimes, daysPerPoint, weeklyThroughput: [], wipLimit };
}

export function repeat(values: readonly number[], times: number): number[] {
  return Array.from({ length: times }, () => values).flat();
}

export function program(items: readonly GraphItem[], links: readonly GraphLink[], teams: readonly TeamProfile[], targetDate: string | null = null): ProgramGraph {
  return {
    version: 1,
    program: 'Checkout',
    asOf: AS_OF,
    targetDate,
    calendar: { weekendDays: [0, 6], holidays: [], timezone: 'UTC' },
    items,
    links,
    teams,
  };
}

/** A chain `prefix1 -> prefix2 -> ...` of `length` open items of `team`. */
export function chain(prefix: string, team: string, length: number): { items: GraphItem[]; links: GraphLink[] } {
  const items = Array.from({ length }, (_, i) => item(`${prefix}${i + 1}`, team));
  const links = items.slice(1).map((it, i) => blocks(items[i]!.id, it.id));
  return { items, links };
}
