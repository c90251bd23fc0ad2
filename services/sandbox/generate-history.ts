/**
 * Status histories for generated items. Timings are drawn in working days (Mon–Fri, UTC) so a
 * team's history-derived cycle times and days-per-point come out at the generator's parameters.
 */
import type { SandboxCategory, SandboxStatusChange, SandboxTracker } from './program-model.js';
import type { Prng } from './prng.js';

const DAY_MS = 86_400_000;

/** Status names per tracker, in workflow order. */
export const STATUS_NAMES: Readonly<Record<SandboxTracker, { todo: string; progress: string; review: string; done: string }>> = {
  jira: { todo: 'To Do', progress: 'In Progress', review: 'In Review', done: 'Done' },
  linear: { todo: 'Todo', progress: 'In Progress', review: 'In Review', done: 'Done' },
};

function isWeekend(ms: number): boolean {
  const weekday = new Date(ms).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** Moves an instant off a weekend to the same time on the next Monday. */
export function rollToWorkday(at: Date): Date {
  let ms = at.getTime();
  while (isWeekend(ms)) ms += DAY_MS;
  return new Date(ms);
}

/** Adds fractional working days: whole days skip weekends, the fraction is spread over 24 h. */
export function addWorkingDays(at: Date, days: number): Date {
  let ms = rollToWorkday(at).getTime();
  let whole = Math.floor(days);
  while (whole > 0) {
    ms += DAY_MS;
    if (!isWeekend(ms)) whole--;
  }
  return rollToWorkday(new Date(ms + (days - Math.floor(days)) * DAY_MS));
}

/** A random instant `daysAgo` calendar days before `now`, moved into working hours on a weekday. */
export function businessInstant(now: Date, daysAgo: number, prng: Prng): Date {
  const day = Math.floor((now.getTime() - daysAgo * DAY_MS) / DAY_MS) * DAY_MS;
  const minutes = prng.int(8 * 60, 18 * 60);
  const at = rollToWorkday(new Date(day + minutes * 60_000));
  return at.getTime() > now.getTime() ? new Date(now.getTime() - prng.int(1, 3_600) * 1_000) : at;
}

export interface Timeline {
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly completedAt: Date | null;
  readonly category: SandboxCategory;
  readonly status: string;
  readonly history: SandboxStatusChange[];
}

/**
 * Builds the history To Do → In Progress → In Review → Done up to `now`. `cycleDays` is the
 * working-day span from start to done; review starts at 70% of it. With `rework` the item goes
 * back from review to progress once, which real histories do and cycle-time maths must survive.
 */
export function buildTimeline(
  tracker: SandboxTracker,
  createdAt: Date,
  startAt: Date | null,
  cycleDays: number,
  now: Date,
  rework: boolean,
): Timeline {
  const names = STATUS_NAMES[tracker];
  const history: SandboxStatusChange[] = [{ at: createdAt, from: null, to: names.todo, toCategory: 'todo' }];
  if (startAt === null || startAt.getTime() > now.getTime()) {
    return { createdAt, startedAt: null, completedAt: null, category: 'todo', status: names.todo, history };
  }
  const steps: { at: Date; to: string; category: SandboxCategory }[] = [
    { at: startAt, to: names.progress, category: 'in_progress' },
  ];
  if (rework) {
    steps.push(
      { at: addWorkingDays(startAt, cycleDays * 0.5), to: names.review, category: 'in_progress' },
      { at: addWorkingDays(startAt, cycleDays * 0.6), to: names.progress, category: 'in_progress' },
      { at: addWorkingDays(startAt, cycleDays * 0.85), to: names.review, category: 'in_progress' },
    );
  } else {
    steps.push({ at: addWorkingDays(startAt, cycleDays * 0.7), to: names.review, category: 'in_progress' });
  }
  const doneAt = addWorkingDays(startAt, cycleDays);
  steps.push({ at: doneAt, to: names.done, category: 'done' });

  let status = names.todo;
  let category: SandboxCategory = 'todo';
  for (const step of steps) {
    if (step.at.getTime() > now.getTime()) break;
    history.push({ at: step.at, from: status, to: step.to, toCategory: step.category });
    status = step.to;
    category = step.category;
  }
  return {
    createdAt,
    startedAt: startAt,
    completedAt: category === 'done' ? doneAt : null,
    category,
    status,
    history,
  };
}

/** A timeline forced into a given state at given instants (main chain, stale items). */
export function fixedTimeline(
  tracker: SandboxTracker,
  createdAt: Date,
  state: { readonly category: SandboxCategory; readonly startedAt?: Date; readonly completedAt?: Date },
): Timeline {
  const names = STATUS_NAMES[tracker];
  const history: SandboxStatusChange[] = [{ at: createdAt, from: null, to: names.todo, toCategory: 'todo' }];
  if (state.category === 'todo' || state.startedAt === undefined) {
    return { createdAt, startedAt: null, completedAt: null, category: 'todo', status: names.todo, history };
  }
  history.push({ at: state.startedAt, from: names.todo, to: names.progress, toCategory: 'in_progress' });
  if (state.category === 'in_progress' || state.completedAt === undefined) {
    return { createdAt, startedAt: state.startedAt, completedAt: null, category: 'in_progress', status: names.progress, history };
  }
  const span = state.completedAt.getTime() - state.startedAt.getTime();
  history.push(
    { at: new Date(state.startedAt.getTime() + span * 0.7), from: names.progress, to: names.review, toCategory: 'in_progress' },
    { at: state.completedAt, from: names.review, to: names.done, toCategory: 'done' },
  );
  return { createdAt, startedAt: state.startedAt, completedAt: state.completedAt, category: 'done', status: names.done, history };
}

/** Midnight (UTC) of the working day `workingDays` after the day of `at` (negative: before). */
export function shiftWorkingDays(at: Date, workingDays: number): Date {
  let ms = Math.floor(at.getTime() / DAY_MS) * DAY_MS;
  const step = workingDays < 0 ? -DAY_MS : DAY_MS;
  let left = Math.abs(Math.round(workingDays));
  while (isWeekend(ms)) ms += step;
  while (left > 0) {
    ms += step;
    if (!isWeekend(ms)) left--;
  }
  return new Date(ms);
}

/** A morning instant (07:00–10:59 UTC) on the day of `day`. */
export function morningOf(day: Date, prng: Prng): Date {
  return new Date(Math.floor(day.getTime() / DAY_MS) * DAY_MS + prng.int(7 * 60, 11 * 60 - 1) * 60_000);
}

/**
 * When work started at `start` and spanning `days` working days — counting both the first and
 * the last day, the way cycle time is measured from history — is finished: an afternoon instant
 * (12:00–16:59 UTC) on its last working day.
 */
export function finishOfSpan(start: Date, days: number, prng: Prng): Date {
  const lastDay = shiftWorkingDays(start, Math.max(1, Math.round(days)) - 1);
  return new Date(Math.max(lastDay.getTime() + prng.int(12 * 60, 17 * 60 - 1) * 60_000, start.getTime() + 3_600_000));
}

/**
 * To Do → In Progress → In Review → Done at given instants, cut off at `now` (a finish after
 * `now` leaves the item in progress). Review starts three quarters into the span; with `rework`
 * the item bounces back from review once.
 */
export function spanTimeline(
  tracker: SandboxTracker,
  createdAt: Date,
  startAt: Date | null,
  finishAt: Date | null,
  now: Date,
  rework: boolean,
): Timeline {
  if (startAt === null || finishAt === null || startAt.getTime() > now.getTime()) {
    return fixedTimeline(tracker, createdAt, { category: 'todo' });
  }
  const names = STATUS_NAMES[tracker];
  const span = finishAt.getTime() - startAt.getTime();
  const at = (share: number) => new Date(startAt.getTime() + Math.round(span * share));
  const steps: { at: Date; to: string; category: SandboxCategory }[] = [{ at: startAt, to: names.progress, category: 'in_progress' }];
  if (rework) {
    steps.push(
      { at: at(0.55), to: names.review, category: 'in_progress' },
      { at: at(0.65), to: names.progress, category: 'in_progress' },
      { at: at(0.85), to: names.review, category: 'in_progress' },
    );
  } else {
    steps.push({ at: at(0.75), to: names.review, category: 'in_progress' });
  }
  steps.push({ at: finishAt, to: names.done, category: 'done' });
  const history: SandboxStatusChange[] = [{ at: createdAt, from: null, to: names.todo, toCategory: 'todo' }];
  let status = names.todo;
  let category: SandboxCategory = 'todo';
  for (const step of steps) {
    if (step.at.getTime() > now.getTime()) break;
    history.push({ at: step.at, from: status, to: step.to, toCategory: step.category });
    status = step.to;
    category = step.category;
  }
  return { createdAt, startedAt: startAt, completedAt: category === 'done' ? finishAt : null, category, status, history };
}
