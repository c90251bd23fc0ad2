/**
 * The demo program's work around its main chain, built so that what Seams measures matches what
 * a TPM would believe:
 * - launch side work (label `launch`): five items per team, a few done, one in progress, the rest
 *   queued; small, so it never rivals the main chain. It carries the seeded risk cases: a stale
 *   item, a date inversion, a moved and a deleted item, the work waiting on an external `SEC`
 *   issue (added by generate-program.ts), and a same-team hand-off into the late main chain.
 * - business as usual (label `bau`): the team's own flow over the last 26 weeks, three people
 *   pulling one item after another. ~25 finished items a team, two or three in progress at any
 *   time, cycle times lognormal around estimate × daysPerPoint and truncated at ±1.6σ (no
 *   absurd outliers). Never linked to launch work, so never in the program's scope.
 * Cycle times are drawn in working days counting both ends — the way team-history.ts measures
 * them — so the days-per-point Seams derives lands on the generator's setting.
 */
import type { Prng } from './prng.js';
import type { TeamSpec } from './program-sizes.js';
import { finishOfSpan, fixedTimeline, morningOf, shiftWorkingDays, spanTimeline, type Timeline } from './generate-history.js';
import { CHAIN_TITLES, fillerTitle } from './generate-text.js';
import type { Draft, DraftContext, DraftRole, LinkPlan } from './draft-types.js';

const DAY_MS = 86_400_000;
/** The demo's teams run at twice the catalogue's days per point (program-sizes.ts): smaller estimates. */
const DEMO_CHAIN_POINTS = [5, 5, 5, 3, 8, 5, 5, 8, 3, 5] as const;
/**
 * The demo plans each open main-chain item at its expected duration as Seams will measure it
 * (planDemoChain) plus this share of slack; the last one's due date is the program's target.
 * Calibrated by running the demo over seeds 1, 2, 3, 5, 7 and several days: the Monte Carlo then
 * puts 63–71% of trials on or before the target (Yellow), leaving room for week-to-week swings.
 */
export const DEMO_PLAN_SLACK = 0.05;

const HISTORY_DAYS = 26 * 7;
const HISTORY_WORKING_DAYS = 26 * 5;
const BAU_LANES = 3;
/** Working days a lane idles between two items (median): reviews, support, meetings. */
const BAU_GAP_DAYS = 4;
/** Target median cycle time of business-as-usual work: estimates are chosen per team around it. */
const BAU_CYCLE_DAYS = 11;
const BAU_BACKLOG = 8;
/** Cap on a team's cycle-time spread: with ~25 items a wider one makes the measured pace noisy. */
const MAX_SIGMA = 0.45;
const POINTS = [1, 2, 3, 5, 8] as const;
const SIDE_TITLES: readonly (readonly string[])[] = [
  ['Refund flow on payment intents', 'Payout report for finance', 'Retry policy for card declines', 'PCI evidence for tokenization', 'Chargeback webhook v2'],
  ['Ledger export API', 'Idempotency keys in ledger writes', 'Reconciliation alerts', 'Ledger backfill dry run', 'Settlement batch sizing'],
  ['Saved-card picker UI', 'Apple Pay sheet on iOS', 'Google Pay on Android', 'Checkout analytics events', 'Offline retry for payments'],
  ['Fraud features backfill', 'Model monitoring dashboard', 'Event schema for payment intents', 'Risk score latency budget', 'Training data retention'],
  ['Address autocomplete in checkout', 'Checkout A/B experiment', 'Payment error messages copy', 'Web vitals budget for checkout', 'Launch flag kill switch'],
];

export interface DemoWork {
  readonly links: LinkPlan[];
  /** The side item waiting on the external SEC issue (generate-program adds that issue). */
  readonly waitsOnExternal: number;
}

/** Lognormal with the given median, its normal draw clamped to ±1.6σ (no absurd outliers). */
function boundedLognormal(prng: Prng, median: number, sigma: number): number {
  return median * Math.exp(sigma * Math.max(-1.6, Math.min(1.6, prng.normal())));
}

function nearestPoints(value: number): number {
  let best: number = POINTS[0];
  for (const p of POINTS) if (Math.abs(Math.log(p / value)) < Math.abs(Math.log(best / value))) best = p;
  return best;
}

function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

function makeDraft(ctx: DraftContext, role: DraftRole, teamIndex: number, timeline: Timeline, assignee: Draft['assignee']): Draft {
  const team = ctx.teams[teamIndex] as TeamSpec;
  return {
    tracker: team.tracker,
    role,
    originTeamIndex: teamIndex,
    teamIndex,
    type: 'Story',
    title: fillerTitle(ctx.prng),
    estimate: null,
    dueDate: null,
    labels: [],
    assignee,
    timeline,
    updatedAt: timeline.history[timeline.history.length - 1]?.at ?? timeline.createdAt,
    level: -1,
    epicIndex: null,
    projectId: null,
    movedAt: null,
    deleted: false,
    archived: false,
  };
}

/** One person's stream of business-as-usual items across the history window. */
function buildLane(ctx: DraftContext, teamIndex: number, lane: number, epic: number | null, drafts: Draft[]): number[] {
  const { prng, now } = ctx;
  const team = ctx.teams[teamIndex] as TeamSpec;
  const person = ctx.people[teamIndex]?.[lane] ?? null;
  const made: number[] = [];
  let cursor = shiftWorkingDays(now, -HISTORY_WORKING_DAYS - prng.int(2, BAU_CYCLE_DAYS));
  for (;;) {
    const start = morningOf(shiftWorkingDays(cursor, Math.round(boundedLognormal(prng, BAU_GAP_DAYS, 0.6))), prng);
    if (start.getTime() > now.getTime()) break;
    const bug = prng.chance(0.15);
    const estimate = bug ? null : nearestPoints(boundedLognormal(prng, BAU_CYCLE_DAYS / team.daysPerPoint, 0.25));
    const median = estimate === null ? BAU_CYCLE_DAYS * 0.6 : estimate * team.daysPerPoint;
    const finish = finishOfSpan(start, boundedLognormal(prng, median, Math.min(team.sigma, MAX_SIGMA)), prng);
    const created = new Date(start.getTime() - boundedLognormal(prng, 6, 0.8) * DAY_MS);
    const timeline = spanTimeline(team.tracker, created, start, finish, now, prng.chance(0.12));
    const d = makeDraft(ctx, 'bau', teamIndex, timeline, person);
    d.type = bug ? 'Bug' : prng.chance(0.25) ? 'Task' : 'Story';
    d.estimate = estimate;
    d.labels = prng.chance(0.3) ? ['bau', prng.pick(['tech-debt', 'customer', 'perf'])] : ['bau'];
    if (timeline.category === 'in_progress') d.updatedAt = new Date(Math.max(d.updatedAt.getTime(), now.getTime() - prng.int(1, 48) * 3_600_000));
    d.epicIndex = epic !== null && prng.chance(0.7) ? epic : null;
    made.push(drafts.push(d) - 1);
    cursor = finish;
  }
  return made;
}

/** Business as usual of every team, plus a backlog of queued items the weekly replay pulls from. */
function buildBau(ctx: DraftContext, drafts: Draft[], epics: readonly (readonly number[])[]): LinkPlan[] {
  const { prng, now } = ctx;
  const links: LinkPlan[] = [];
  ctx.teams.forEach((team, teamIndex) => {
    const epic = epics[teamIndex]?.[0] ?? null;
    const lanes = Array.from({ length: BAU_LANES }, (_, lane) => buildLane(ctx, teamIndex, lane, epic, drafts));
    for (let b = 0; b < BAU_BACKLOG; b++) {
      const created = new Date(now.getTime() - prng.int(2, 30) * DAY_MS - prng.int(0, 86_399) * 1000);
      const d = makeDraft(ctx, 'bau', teamIndex, fixedTimeline(team.tracker, created, { category: 'todo' }), prng.chance(0.5) ? prng.pick(ctx.people[teamIndex] ?? []) : null);
      d.estimate = nearestPoints(boundedLognormal(prng, BAU_CYCLE_DAYS / team.daysPerPoint, 0.25));
      d.labels = ['bau'];
      d.epicIndex = epic !== null && prng.chance(0.5) ? epic : null;
      lanes[b % BAU_LANES]?.push(drafts.push(d) - 1);
    }
    // A few hand-offs inside the team (follow-ups), and loose references across lanes.
    for (const lane of lanes) {
      for (let k = 3; k + 1 < lane.length; k += 5) links.push({ kind: 'blocks', from: lane[k] as number, to: lane[k + 1] as number });
    }
    const all = lanes.flat();
    for (let r = 0; r < 2; r++) links.push({ kind: 'relates', from: prng.pick(all), to: prng.pick(all) });
  });
  return links.filter((l) => l.from !== l.to);
}

interface SideState {
  readonly done: 'old' | 'recent' | 'progress' | 'todo';
}

const SIDE_PLAN: readonly SideState[] = [{ done: 'old' }, { done: 'recent' }, { done: 'progress' }, { done: 'todo' }, { done: 'todo' }];

function sideTimeline(ctx: DraftContext, team: TeamSpec, state: SideState, days: number): Timeline {
  const { prng, now } = ctx;
  const created = new Date(now.getTime() - prng.int(25, 60) * DAY_MS - prng.int(0, 86_399) * 1000);
  if (state.done === 'todo') return fixedTimeline(team.tracker, created, { category: 'todo' });
  let start: Date;
  let span = Math.max(1, Math.round(days));
  if (state.done === 'progress') {
    // Started a few days ago and not due to finish before tomorrow.
    const elapsed = prng.int(1, 4);
    start = morningOf(shiftWorkingDays(now, -elapsed), prng);
    span = Math.max(span, elapsed + 2);
  } else {
    const finishDay = shiftWorkingDays(now, -(state.done === 'old' ? prng.int(12, 25) : prng.int(2, 8)));
    start = morningOf(shiftWorkingDays(finishDay, -(span - 1)), prng);
  }
  return spanTimeline(team.tracker, new Date(Math.min(created.getTime(), start.getTime() - DAY_MS)), start, finishOfSpan(start, span, prng), now, false);
}

/**
 * Launch side work, five items a team (see the file comment), and its links. `chain` is the main
 * chain in order; `chainByTeam[t]` the main-chain item of team t that side work feeds.
 */
function buildSide(ctx: DraftContext, drafts: Draft[], chainByTeam: readonly number[], launchProjects: readonly (string | null)[]): { links: LinkPlan[]; side: number[][] } {
  const { prng, now } = ctx;
  const links: LinkPlan[] = [];
  const side = ctx.teams.map((team, teamIndex) =>
    SIDE_PLAN.map((state, s) => {
      const estimate = prng.pick([2, 3] as const);
      const days = boundedLognormal(prng, estimate * team.daysPerPoint, Math.min(team.sigma, MAX_SIGMA));
      const timeline = sideTimeline(ctx, team, state, days);
      const d = makeDraft(ctx, 'side', teamIndex, timeline, prng.pick(ctx.people[teamIndex] ?? []));
      d.title = SIDE_TITLES[teamIndex % SIDE_TITLES.length]?.[s] ?? d.title;
      d.estimate = estimate;
      d.labels = ['launch'];
      d.projectId = launchProjects[teamIndex] ?? null;
      // Planned generously: side work has weeks of float before the main chain needs it.
      const planned = timeline.completedAt ?? shiftWorkingDays(now, Math.ceil(days * 1.5) + (state.done === 'todo' ? 4 * s : 3));
      d.dueDate = isoDay(shiftWorkingDays(planned, prng.int(1, 4)));
      if (timeline.category === 'in_progress') d.updatedAt = new Date(now.getTime() - prng.int(1, 30) * 3_600_000);
      return drafts.push(d) - 1;
    }),
  );
  ctx.teams.forEach((team, t) => {
    const mine = side[t] as number[];
    // Side work feeds the team's own late main-chain item (a same-team hand-off)...
    links.push({ kind: 'blocks', from: mine[4] as number, to: chainByTeam[t] as number });
    // ...and waits on a neighbour's work in the same tracker.
    const next = ctx.teams.findIndex((u, i) => i !== t && u.tracker === team.tracker && i > t);
    const partner = next >= 0 ? next : ctx.teams.findIndex((u, i) => i !== t && u.tracker === team.tracker);
    if (partner >= 0) links.push({ kind: 'blocks', from: (side[partner] as number[])[2] as number, to: mine[3] as number });
    links.push({ kind: 'relates', from: mine[0] as number, to: mine[1] as number });
  });
  return { links, side };
}

export function buildDemoWork(
  ctx: DraftContext,
  drafts: Draft[],
  epics: readonly (readonly number[])[],
  chain: readonly number[],
): DemoWork {
  const { prng, now, teams } = ctx;
  const chainByTeam = teams.map((_, t) => [...chain].reverse().find((i) => (drafts[i] as Draft).teamIndex === t) as number);
  const launchProjects = teams.map((_, t) => ctx.linearProjects[t]?.[0] ?? null);
  const { links, side } = buildSide(ctx, drafts, chainByTeam, launchProjects);
  const jira = teams.map((t, i) => ({ t, i })).filter(({ t }) => t.tracker === 'jira').map(({ i }) => i);
  const [first, second, third] = [jira[0] ?? 0, jira[1] ?? 0, jira[2] ?? jira[0] ?? 0];
  const sideOf = (team: number, s: number) => (side[team] as number[])[s] as number;

  // Stale: in progress for weeks, nobody has touched it since.
  const stale = drafts[sideOf(second, 2)] as Draft;
  const team = teams[second] as TeamSpec;
  const startedAt = morningOf(new Date(now.getTime() - prng.int(33, 40) * DAY_MS), prng);
  stale.timeline = fixedTimeline(team.tracker, new Date(startedAt.getTime() - 4 * DAY_MS), { category: 'in_progress', startedAt });
  stale.updatedAt = new Date(now.getTime() - prng.int(24, 28) * DAY_MS);

  // Date inversion: a blocker due after the item that waits on it.
  const blocker = drafts[sideOf(third, 3)] as Draft;
  const waiting = drafts[sideOf(first, 4)] as Draft;
  links.push({ kind: 'blocks', from: sideOf(third, 3), to: sideOf(first, 4) });
  blocker.dueDate = isoDay(shiftWorkingDays(new Date(`${waiting.dueDate ?? isoDay(now)}T00:00:00Z`), 5));

  // Moved: a queued item handed from one Jira project to another last week.
  const moved = drafts[sideOf(first, 3)] as Draft;
  moved.teamIndex = second;
  moved.movedAt = new Date(now.getTime() - prng.int(3, 6) * DAY_MS + prng.int(0, 28_800) * 1000);
  moved.updatedAt = new Date(Math.max(moved.updatedAt.getTime(), moved.movedAt.getTime()));

  // Deleted: a duplicate someone filed and then removed.
  const deletedAt = new Date(now.getTime() - prng.int(2, 8) * DAY_MS);
  const deleted = makeDraft(ctx, 'side', third, fixedTimeline('jira', new Date(deletedAt.getTime() - 3 * DAY_MS), { category: 'todo' }), null);
  deleted.title = `${(drafts[sideOf(third, 4)] as Draft).title} (duplicate)`;
  deleted.labels = ['launch'];
  deleted.estimate = 2;
  deleted.deleted = true;
  deleted.updatedAt = deletedAt;
  drafts.push(deleted);

  // The work that waits on another department's Jira project (see generate-program.ts).
  const external = makeDraft(ctx, 'side', first, fixedTimeline('jira', new Date(now.getTime() - 20 * DAY_MS), { category: 'todo' }), prng.pick(ctx.people[first] ?? []));
  external.title = 'Security sign-off on card tokenization';
  external.labels = ['launch'];
  external.estimate = 1;
  external.dueDate = isoDay(shiftWorkingDays(now, 25));
  const waitsOnExternal = drafts.push(external) - 1;

  links.push(...buildBau(ctx, drafts, epics));
  return { links, waitsOnExternal };
}

/**
 * The demo's chain: the done items finished one after the other over the last weeks at their
 * team's pace, the first open one started the day after, the rest queued. Open items get their
 * due dates from planDemoChain once the teams' history exists.
 */
export function buildDemoChain(ctx: DraftContext, drafts: Draft[]): number[] {
  const { prng, now, spec } = ctx;
  const length = spec.chainDone + spec.chainOpen;
  const teamOf = (i: number) => ctx.teams[i % 5] as TeamSpec;
  const pointsOf = (i: number) => DEMO_CHAIN_POINTS[i % DEMO_CHAIN_POINTS.length] as number;
  // Walk the done items backwards from the day before the first open item started.
  const firstOpenStart = morningOf(shiftWorkingDays(now, -1), prng);
  const doneSpans: { start: Date; finish: Date }[] = [];
  let lastDay = shiftWorkingDays(firstOpenStart, -1);
  for (let i = spec.chainDone - 1; i >= 0; i--) {
    const days = Math.max(1, Math.round(pointsOf(i) * teamOf(i).daysPerPoint));
    const start = morningOf(shiftWorkingDays(lastDay, -(days - 1)), prng);
    doneSpans[i] = { start, finish: finishOfSpan(start, days, prng) };
    lastDay = shiftWorkingDays(start, -prng.int(1, 2));
  }
  const chain: number[] = [];
  for (let i = 0; i < length; i++) {
    const team = teamOf(i);
    const estimate = pointsOf(i);
    const span = doneSpans[i];
    const anchor = span?.start ?? (i === spec.chainDone ? firstOpenStart : now);
    const createdAt = new Date(Math.min(anchor.getTime(), now.getTime() - 40 * DAY_MS) - prng.int(0, 20) * DAY_MS - prng.int(0, 86_399) * 1000);
    const timeline = span
      ? spanTimeline(team.tracker, createdAt, span.start, span.finish, now, false)
      : i === spec.chainDone
        ? fixedTimeline(team.tracker, createdAt, { category: 'in_progress', startedAt: firstOpenStart })
        : fixedTimeline(team.tracker, createdAt, { category: 'todo' });
    const draft = makeDraft(ctx, 'chain', i % 5, timeline, prng.pick(ctx.people[i % 5] ?? []));
    draft.title = CHAIN_TITLES[i % CHAIN_TITLES.length] as string;
    draft.estimate = estimate;
    draft.labels = ['launch'];
    draft.projectId = ctx.linearProjects[i % 5]?.[0] ?? null;
    if (span) draft.dueDate = isoDay(shiftWorkingDays(span.finish, prng.int(1, 3)));
    else draft.updatedAt = new Date(Math.max(draft.updatedAt.getTime(), now.getTime() - prng.int(1, 72) * 3_600_000));
    if (i === spec.chainDone + 3) draft.assignee = null;
    chain.push(drafts.push(draft) - 1);
  }
  return chain;
}

/**
 * Due dates of the demo's open main-chain items, the last one being the program's target: each
 * item planned at estimate × its team's days-per-point *as measured from the generated history*
 * (median of cycle time / estimate over finished work, cycle time in working days counting both
 * ends — what Seams derives) × the history's mean/median skew, plus DEMO_PLAN_SLACK, laid end to
 * end from today. Capacity contention and parallel paths are what the slack leaves to chance.
 */
export function planDemoChain(ctx: DraftContext, drafts: readonly Draft[], chain: readonly number[]): void {
  const ratios = ctx.teams.map(() => [] as number[]);
  const cycles = ctx.teams.map(() => [] as number[]);
  const windowStart = ctx.now.getTime() - HISTORY_DAYS * DAY_MS;
  for (const d of drafts) {
    const { startedAt, completedAt } = d.timeline;
    if (!startedAt || !completedAt || completedAt.getTime() < windowStart || d.deleted || d.type === 'Epic') continue;
    const days = inclusiveWorkingDays(startedAt, completedAt);
    cycles[d.teamIndex]?.push(days);
    if (d.estimate !== null) ratios[d.teamIndex]?.push(days / d.estimate);
  }
  // A duration is drawn from the team's right-skewed history scaled to its median, so an item's
  // expected duration is the typical one × the history's mean / median.
  const pace = ctx.teams.map((team, t) => {
    const c = cycles[t] ?? [];
    const skew = c.length > 0 ? c.reduce((sum, v) => sum + v, 0) / c.length / medianOf(c) : 1;
    return (ratios[t]?.length ? medianOf(ratios[t]) : team.daysPerPoint) * skew;
  });
  let plannedDays = 0;
  for (const index of chain) {
    const draft = drafts[index] as Draft;
    if (draft.timeline.category === 'done') continue;
    plannedDays += (draft.estimate ?? 0) * (pace[draft.teamIndex] ?? 1) * (1 + DEMO_PLAN_SLACK);
    draft.dueDate = isoDay(shiftWorkingDays(ctx.now, Math.ceil(plannedDays)));
  }
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Working days from the day of `from` to the day of `to`, both counted (UTC dates). */
function inclusiveWorkingDays(from: Date, to: Date): number {
  let days = 0;
  for (let ms = Math.floor(from.getTime() / DAY_MS) * DAY_MS; ms <= to.getTime(); ms += DAY_MS) {
    const weekday = new Date(ms).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days++;
  }
  return Math.max(1, days);
}
