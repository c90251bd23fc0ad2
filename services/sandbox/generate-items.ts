/**
 * Item drafts of the generated program: epics, the main (critical) chain, dependency cycles
 * and filler work with simulated histories. Drafts reference each other by index; ids and keys
 * are assigned afterwards in creation order, as a real tracker would.
 */
import type { SandboxCategory, SandboxTracker } from './program-model.js';
import type { Prng } from './prng.js';
import type { TeamSpec } from './program-sizes.js';
import { addWorkingDays, buildTimeline, businessInstant, fixedTimeline, type Timeline } from './generate-history.js';
import { CHAIN_TITLES, epicTitle, fillerTitle } from './generate-text.js';
import { buildDemoChain, buildDemoWork, planDemoChain } from './generate-demo-work.js';
import type { Draft, DraftContext, DraftRole, LinkPlan } from './draft-types.js';

const DAY_MS = 86_400_000;
const HISTORY_DAYS = 26 * 7;
/** Filler estimates stay small so no filler chain can rival the main chain (see generate-program). */
const FILLER_POINTS = [1, 2, 3, 5] as const;
const FILLER_WEIGHTS = [3, 4, 4, 2] as const;
const CHAIN_POINTS = [8, 13, 8, 5, 13, 8, 8, 13, 5, 8, 13, 8] as const;
export const STALE_AFTER_DAYS = 21;

export interface DraftSet {
  readonly drafts: Draft[];
  /** Draft indices of the main chain in dependency order (done ones first). */
  readonly chain: number[];
  readonly cycles: number[][];
  /** Demo only: links the demo builder planned (fillers of other sizes are linked at random). */
  readonly fixedLinks: LinkPlan[];
  /** Demo only: the draft that waits on an issue outside the synced projects. */
  readonly waitsOnExternal: number | null;
}

function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

function maxDate(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

function cycleDaysFor(team: TeamSpec, estimate: number | null, prng: Prng): number {
  if (estimate !== null) return prng.lognormal(estimate * team.daysPerPoint, team.sigma);
  return prng.lognormal(3 * team.daysPerPoint, team.sigma + 0.15);
}

function baseDraft(ctx: DraftContext, role: DraftRole, teamIndex: number, timeline: Timeline, level: number): Draft {
  const team = ctx.teams[teamIndex] as TeamSpec;
  return {
    tracker: team.tracker,
    role,
    originTeamIndex: teamIndex,
    teamIndex,
    type: 'Story',
    title: '',
    estimate: null,
    dueDate: null,
    labels: [],
    assignee: ctx.prng.pick(ctx.people[teamIndex] ?? []),
    timeline,
    updatedAt: timeline.history[timeline.history.length - 1]?.at ?? timeline.createdAt,
    level,
    epicIndex: null,
    projectId: team.tracker === 'linear' && ctx.prng.chance(0.7) ? pickProject(ctx, teamIndex) : null,
    movedAt: null,
    deleted: false,
    archived: false,
  };
}

function pickProject(ctx: DraftContext, teamIndex: number): string | null {
  const projects = ctx.linearProjects[teamIndex] ?? [];
  return projects.length === 0 ? null : ctx.prng.pick(projects);
}

/**
 * The main chain walks the first five teams in the order PAY → CORE → MOB → DATA → WEB → …, so
 * it crosses from Jira to Linear (CORE → MOB) and back (DATA → WEB) through cross-tracker links.
 */
function buildChain(ctx: DraftContext, drafts: Draft[]): number[] {
  if (ctx.spec.demo) return buildDemoChain(ctx, drafts);
  const { prng, now, spec } = ctx;
  const order = [0, 1, 2, 3, 4];
  const chain: number[] = [];
  const length = spec.chainDone + spec.chainOpen;
  let plannedDays = 0;
  for (let i = 0; i < length; i++) {
    const teamIndex = order[i % order.length] as number;
    const team = ctx.teams[teamIndex] as TeamSpec;
    const createdAt = businessInstant(now, 60 - i, prng);
    const done = i < spec.chainDone;
    const estimate = CHAIN_POINTS[i % CHAIN_POINTS.length] as number;
    let timeline: Timeline;
    if (done) {
      const completedAt = businessInstant(now, 12 - 5 * i, prng);
      timeline = fixedTimeline(team.tracker, createdAt, { category: 'done', startedAt: addWorkingDays(createdAt, 5), completedAt });
    } else if (i === spec.chainDone) {
      timeline = fixedTimeline(team.tracker, createdAt, { category: 'in_progress', startedAt: businessInstant(now, 2, prng) });
    } else {
      timeline = fixedTimeline(team.tracker, createdAt, { category: 'todo' });
    }
    const draft = baseDraft(ctx, 'chain', teamIndex, timeline, -1);
    draft.title = CHAIN_TITLES[i % CHAIN_TITLES.length] as string;
    draft.estimate = estimate;
    draft.labels = ['launch'];
    if (!done) {
      plannedDays += estimate * team.daysPerPoint;
      // Planned optimistically (80% of the real effort) so the demo shows date risk downstream.
      draft.dueDate = isoDay(addWorkingDays(now, plannedDays * 0.8));
      draft.updatedAt = maxDate(draft.updatedAt, businessInstant(now, prng.int(0, 6), prng));
    }
    if (i === spec.chainDone + 3) draft.assignee = null;
    chain.push(drafts.push(draft) - 1);
  }
  return chain;
}

function buildCycles(ctx: DraftContext, drafts: Draft[]): number[][] {
  const { prng, now, spec, teams } = ctx;
  const cycles: number[][] = [];
  for (let c = 0; c < spec.cycles; c++) {
    // Alternate trackers; each cycle stays inside one tracker (native links only).
    const tracker: SandboxTracker = c % 2 === 0 ? 'jira' : 'linear';
    const candidates = teams.map((t, i) => ({ t, i })).filter(({ t }) => t.tracker === tracker);
    const members: number[] = [];
    for (let m = 0; m < 3; m++) {
      const { i: teamIndex, t: team } = candidates[(c + m) % candidates.length] as { t: TeamSpec; i: number };
      const timeline = fixedTimeline(team.tracker, businessInstant(now, prng.int(10, 40), prng), { category: 'todo' });
      const draft = baseDraft(ctx, 'cycle', teamIndex, timeline, -1);
      draft.title = fillerTitle(prng);
      draft.estimate = prng.int(1, 3);
      if (spec.demo) {
        draft.labels = ['launch'];
        draft.projectId = null;
      }
      members.push(drafts.push(draft) - 1);
    }
    cycles.push(members);
  }
  return cycles;
}

function buildEpics(ctx: DraftContext, drafts: Draft[]): number[][] {
  const perTeam: number[][] = ctx.teams.map(() => []);
  const epicsPerTeam = ctx.spec.demo ? 1 : Math.max(1, Math.round(ctx.spec.items / ctx.teams.length / 150));
  ctx.teams.forEach((team, teamIndex) => {
    if (team.tracker !== 'jira') return;
    for (let e = 0; e < epicsPerTeam; e++) {
      const createdAt = businessInstant(ctx.now, HISTORY_DAYS + ctx.prng.int(1, 20), ctx.prng);
      const draft = baseDraft(ctx, 'epic', teamIndex, fixedTimeline('jira', createdAt, { category: 'todo' }), -1);
      draft.type = 'Epic';
      draft.title = epicTitle(team.name, e);
      perTeam[teamIndex]?.push(drafts.push(draft) - 1);
    }
  });
  return perTeam;
}

/** Simulated work: created over the last 26 weeks, waits in the backlog, then flows. */
function buildFiller(ctx: DraftContext, teamIndex: number): Draft {
  const { prng, now } = ctx;
  const team = ctx.teams[teamIndex] as TeamSpec;
  const type = prng.weighted(['Story', 'Task', 'Bug'] as const, [6, 2, 2]);
  const estimate = type === 'Bug' || prng.chance(0.12) ? null : prng.weighted(FILLER_POINTS, FILLER_WEIGHTS);
  const createdAt = businessInstant(now, prng.next() * HISTORY_DAYS, prng);
  const startAt = prng.chance(0.08) ? null : addWorkingDays(createdAt, prng.lognormal(8, 0.9));
  const cycle = cycleDaysFor(team, estimate, prng);
  const timeline = buildTimeline(team.tracker, createdAt, startAt, cycle, now, prng.chance(0.15));
  const draft = baseDraft(ctx, 'filler', teamIndex, timeline, prng.int(0, 2));
  draft.type = type;
  draft.title = fillerTitle(prng);
  draft.estimate = estimate;
  draft.labels = prng.chance(0.3) ? [prng.pick(['tech-debt', 'customer', 'security', 'perf'])] : [];
  if (timeline.category === 'in_progress') {
    // Someone touched it recently (comment, field edit): only deliberate items go stale.
    draft.updatedAt = maxDate(draft.updatedAt, businessInstant(now, prng.next() * 7, prng));
  }
  if (prng.chance(0.6)) {
    const base = timeline.completedAt ?? now;
    draft.dueDate = isoDay(new Date(base.getTime() + prng.int(-10, 45) * DAY_MS));
  }
  if (timeline.category !== 'done' && prng.chance(ctx.spec.demo ? 0.05 : 0.1)) draft.assignee = null;
  return draft;
}

function makeStale(ctx: DraftContext, draft: Draft): void {
  const team = ctx.teams[draft.teamIndex] as TeamSpec;
  const startedAt = businessInstant(ctx.now, ctx.prng.int(STALE_AFTER_DAYS + 5, 60), ctx.prng);
  const createdAt = new Date(Math.min(draft.timeline.createdAt.getTime(), startedAt.getTime() - 3 * DAY_MS));
  draft.timeline = fixedTimeline(team.tracker, createdAt, { category: 'in_progress', startedAt });
  draft.updatedAt = startedAt;
  draft.assignee ??= ctx.prng.pick(ctx.people[draft.teamIndex] ?? []);
}

export function buildDrafts(ctx: DraftContext): DraftSet {
  const { prng, spec, teams } = ctx;
  const drafts: Draft[] = [];
  const epics = buildEpics(ctx, drafts);
  const chain = buildChain(ctx, drafts);
  const cycles = buildCycles(ctx, drafts);
  if (spec.demo) {
    const { links, waitsOnExternal } = buildDemoWork(ctx, drafts, epics, chain);
    planDemoChain(ctx, drafts, chain);
    settleEpics(drafts, epics, ctx);
    return { drafts, chain, cycles, fixedLinks: links, waitsOnExternal };
  }
  const fillerCount = spec.items - drafts.length;
  if (fillerCount < 6) throw new RangeError(`size too small for the fixed structure (${drafts.length} items)`);

  const fillers: number[] = [];
  for (let f = 0; f < fillerCount; f++) {
    const draft = buildFiller(ctx, f % teams.length);
    const teamEpics = epics[draft.teamIndex] ?? [];
    if (teamEpics.length > 0 && prng.chance(0.7)) draft.epicIndex = prng.pick(teamEpics);
    fillers.push(drafts.push(draft) - 1);
  }
  applySpecials(ctx, drafts, fillers);
  settleEpics(drafts, epics, ctx);
  return { drafts, chain, cycles, fixedLinks: [], waitsOnExternal: null };
}

/** Stale, moved, deleted and archived items, chosen among fillers. */
function applySpecials(ctx: DraftContext, drafts: Draft[], fillers: readonly number[]): void {
  const { prng, spec, teams } = ctx;
  const jiraFillers = fillers.filter((i) => drafts[i]?.tracker === 'jira');
  const count = spec.demo ? 1 : Math.max(1, Math.round(fillers.length * spec.specialShare));
  // Disjoint picks: walk a shuffled copy so one item never gets two treatments.
  const pool = [...jiraFillers];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = prng.int(0, i);
    [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
  }
  const take = (): Draft | undefined => {
    const index = pool.pop();
    return index === undefined ? undefined : drafts[index];
  };
  const jiraTeams = teams.map((t, i) => ({ t, i })).filter(({ t }) => t.tracker === 'jira');
  for (let n = 0; n < count; n++) {
    const stale = take();
    if (stale) makeStale(ctx, stale);
    const moved = take();
    if (moved) {
      const targets = jiraTeams.filter(({ i }) => i !== moved.teamIndex);
      moved.teamIndex = prng.pick(targets).i;
      moved.epicIndex = null;
      moved.movedAt = businessInstant(ctx.now, prng.int(1, 20), prng);
      if (moved.movedAt.getTime() < moved.timeline.createdAt.getTime()) moved.movedAt = new Date(ctx.now.getTime() - 3_600_000);
      moved.updatedAt = maxDate(moved.updatedAt, moved.movedAt);
    }
    const deleted = take();
    if (deleted) {
      deleted.deleted = true;
      deleted.updatedAt = maxDate(deleted.updatedAt, businessInstant(ctx.now, prng.int(1, 10), prng));
    }
  }
  if (!spec.demo) {
    for (const index of fillers) {
      const draft = drafts[index] as Draft;
      if (draft.tracker === 'linear' && draft.timeline.category === 'done' && !draft.deleted && prng.chance(0.03)) {
        const completed = draft.timeline.completedAt as Date;
        if (ctx.now.getTime() - completed.getTime() > 90 * DAY_MS) draft.archived = true;
      }
    }
  }
}

/** Epics follow their children: started with the first, done when all are done. */
function settleEpics(drafts: Draft[], epics: readonly number[][], ctx: DraftContext): void {
  const children = new Map<number, Draft[]>();
  for (const draft of drafts) {
    if (draft.epicIndex !== null && !draft.deleted) {
      const list = children.get(draft.epicIndex) ?? [];
      list.push(draft);
      children.set(draft.epicIndex, list);
    }
  }
  for (const epicIndex of epics.flat()) {
    const epic = drafts[epicIndex] as Draft;
    const kids = children.get(epicIndex) ?? [];
    const starts = kids.flatMap((k) => (k.timeline.startedAt ? [k.timeline.startedAt.getTime()] : []));
    if (starts.length === 0) continue;
    const startedAt = new Date(Math.min(...starts));
    const allDone = kids.every((k) => k.timeline.category === 'done');
    const completedAt = allDone ? new Date(Math.max(...kids.map((k) => (k.timeline.completedAt as Date).getTime()))) : undefined;
    const category: SandboxCategory = allDone ? 'done' : 'in_progress';
    // Work filed before its epic (the demo's history starts earlier than its epics) moves the epic's creation back.
    const createdAt = new Date(Math.min(epic.timeline.createdAt.getTime(), startedAt.getTime() - DAY_MS));
    epic.timeline = fixedTimeline('jira', createdAt, completedAt ? { category, startedAt, completedAt } : { category, startedAt });
    epic.updatedAt = maxDate(epic.timeline.history[epic.timeline.history.length - 1]?.at ?? startedAt, businessInstant(ctx.now, ctx.prng.int(0, 14), ctx.prng));
  }
}
