/**
 * zod schema of the plain-JSON ProgramGraph (see README.md). Parsing reports every problem
 * with the path that holds it (`items[3].statusCategory: …`), including dangling link ids.
 * A graph goes through a hand-checked fast path first (graph-fast-path.ts); zod judges it only
 * when that path has a doubt, so zod's report is what users see for a bad file.
 */
import { z } from 'zod';
import { checkProgramGraph } from './graph-fast-path.js';
import { inYearRange, isIsoDateText, isIsoDateTimeText, YEAR_RANGE_TEXT } from './graph-format-checks.js';
import type { ProgramGraph } from './graph-types.js';
import { MAX_DURATION_DAYS } from './schedule-limits.js';

// Plain refinements rather than superRefine: they are checked for every date of 100k items, and
// `abort` keeps the year check from running on text that is not a date.
const isoDate = z
  .string()
  .refine(isIsoDateText, { message: 'expected an ISO date YYYY-MM-DD', abort: true })
  .refine(inYearRange, { message: `expected ${YEAR_RANGE_TEXT}` });
const isoDateTime = z
  .string()
  .refine(isIsoDateTimeText, { message: 'expected an ISO timestamp', abort: true })
  .refine(inYearRange, { message: `expected ${YEAR_RANGE_TEXT}` });
const nullableDate = isoDate.nullable().default(null);
const nullableDateTime = isoDateTime.nullable().default(null);
const nullableString = z.string().nullable().default(null);

export const workCalendarSchema = z.object({
  weekendDays: z.array(z.number().int().min(0).max(6)).max(6).default([0, 6]),
  holidays: z.array(isoDate).default([]),
  timezone: z.string().min(1).default('UTC'),
});

export const graphItemSchema = z
  .object({
    id: z.string().min(1),
    key: z.string().optional(),
    title: z.string().optional(),
    url: nullableString,
    source: nullableString,
    team: nullableString,
    assignee: nullableString,
    status: nullableString,
    statusCategory: z.enum(['todo', 'in_progress', 'done', 'unknown']),
    estimate: z.number().nonnegative().nullable().default(null),
    durationDays: z.number().nonnegative().nullable().default(null),
    dueDate: nullableDate,
    createdAt: nullableDateTime,
    startedAt: nullableDateTime,
    completedAt: nullableDateTime,
    updatedAt: nullableDateTime,
    inScope: z.boolean().default(false),
    placeholder: z.boolean().default(false),
  })
  .transform((item) => ({ ...item, key: item.key ?? item.id, title: item.title ?? item.key ?? item.id }));

export const graphLinkSchema = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  kind: z.enum(['blocks', 'relates', 'duplicates', 'parent']),
});

export const teamProfileSchema = z.object({
  team: z.string().min(1),
  calendar: workCalendarSchema.optional(),
  cycleTimes: z.array(z.number().nonnegative()).default([]),
  daysPerPoint: z.number().nonnegative().nullable().default(null),
  weeklyThroughput: z.array(z.number().nonnegative()).default([]),
  wipLimit: z.number().min(1).default(1),
  estimates: z.array(z.number().nonnegative().nullable()).optional(),
  throughputPerDay: z.number().nonnegative().optional(),
  historyWeeks: z.number().nonnegative().optional(),
  capacity: z.number().positive().optional(),
  leadTimeShare: z.number().min(0).max(1).optional(),
});

export const programGraphSchema = z
  .object({
    version: z.literal(1),
    program: z.string().min(1),
    asOf: isoDate,
    targetDate: nullableDate,
    calendar: workCalendarSchema.default({ weekendDays: [0, 6], holidays: [], timezone: 'UTC' }),
    items: z.array(graphItemSchema),
    links: z.array(graphLinkSchema).default([]),
    teams: z.array(teamProfileSchema).default([]),
  })
  .superRefine((graph, ctx) => {
    const seen = new Set<string>();
    graph.items.forEach((item, i) => {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: `duplicate item id ${item.id}` });
      if (item.durationDays !== null && item.durationDays > MAX_DURATION_DAYS) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'durationDays'], message: `item ${item.id}: ${item.durationDays} working days exceeds the limit of ${MAX_DURATION_DAYS}` });
      }
      seen.add(item.id);
    });
    graph.links.forEach((link, i) => {
      if (!seen.has(link.from)) ctx.addIssue({ code: 'custom', path: ['links', i, 'from'], message: `unknown item id ${link.from}` });
      if (!seen.has(link.to)) ctx.addIssue({ code: 'custom', path: ['links', i, 'to'], message: `unknown item id ${link.to}` });
    });
    const teams = new Set<string>();
    graph.teams.forEach((team, i) => {
      if (teams.has(team.team)) ctx.addIssue({ code: 'custom', path: ['teams', i, 'team'], message: `duplicate team ${team.team}` });
      teams.add(team.team);
    });
  });

/** Raised for a graph file that does not match the format; `problems` are `path: message` lines. */
export class GraphFormatError extends Error {
  override readonly name = 'GraphFormatError';
  constructor(readonly problems: readonly string[]) {
    const shown = problems.slice(0, 20);
    const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
    super(`invalid program graph:\n  ${shown.join('\n  ')}${more}`);
  }
}

/**
 * Validates a parsed JSON graph and fills its defaults. The result may share item and link objects
 * with `json` (the fast path keeps those already in their final shape); graphs are read-only.
 */
export function parseProgramGraph(json: unknown): ProgramGraph {
  const checked = checkProgramGraph(json);
  if (checked) return checked;
  const result = programGraphSchema.safeParse(json);
  if (!result.success) {
    throw new GraphFormatError(result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`));
  }
  return result.data;
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}
