/**
 * zod schemas for the offline forecast's input files: `seams export` output (ProgramGraph) and
 * the finished-work history (TeamHistoryFile). Optional descriptive fields default to null so
 * hand-written files stay short; everything the simulation reads is checked.
 */
import { z } from 'zod';
import type { ProgramGraph, TeamHistoryFile } from '../graph/graph-types.js';
import { ForecastInputError } from './forecast-errors.js';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a calendar date');
const isoDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, 'expected an ISO timestamp')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a valid timestamp');
const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'unknown IANA timezone');
const nullableString = z.string().nullable().default(null);

const calendarSchema = z.object({
  weekendDays: z.array(z.number().int().min(0).max(6)).max(6).default([0, 6]),
  holidays: z.array(isoDate).default([]),
  timezone: timezone.default('UTC'),
});

const itemSchema = z.object({
  id: z.string().min(1),
  key: z.string().min(1),
  title: z.string().default(''),
  url: nullableString,
  source: nullableString,
  team: nullableString,
  assignee: nullableString,
  status: nullableString,
  statusCategory: z.enum(['todo', 'in_progress', 'done', 'unknown']),
  estimate: z.number().nonnegative().nullable().default(null),
  durationDays: z.number().nonnegative().nullable().optional(),
  dueDate: isoDate.nullable().default(null),
  createdAt: isoDateTime.nullable().default(null),
  startedAt: isoDateTime.nullable().default(null),
  completedAt: isoDateTime.nullable().default(null),
  updatedAt: isoDateTime.nullable().default(null),
  inScope: z.boolean().default(true),
  placeholder: z.boolean().default(false),
});

const teamProfileSchema = z.object({
  team: z.string().min(1),
  cycleTimes: z.array(z.number().positive()),
  daysPerPoint: z.number().positive().nullable().default(null),
  weeklyThroughput: z.array(z.number().nonnegative()).default([]),
  wipLimit: z.number().int().min(1).default(1),
});

export const programGraphSchema = z.object({
  version: z.literal(1),
  program: z.string().min(1),
  asOf: isoDate,
  targetDate: isoDate.nullable().default(null),
  calendar: calendarSchema.default({ weekendDays: [0, 6], holidays: [], timezone: 'UTC' }),
  items: z.array(itemSchema),
  links: z.array(z.object({ from: z.string().min(1), to: z.string().min(1), kind: z.enum(['blocks', 'relates', 'duplicates', 'parent']) })),
  teams: z.array(teamProfileSchema).default([]),
});

export const teamHistorySchema = z.object({
  finished: z.array(
    z.object({
      team: z.string().min(1),
      startedAt: isoDateTime,
      finishedAt: isoDateTime,
      estimate: z.number().nonnegative().nullable().optional(),
    }),
  ),
});

export function parseProgramGraph(json: unknown): ProgramGraph {
  return parseOrThrow(programGraphSchema, json, 'graph');
}

export function parseTeamHistory(json: unknown): TeamHistoryFile {
  return parseOrThrow(teamHistorySchema, json, 'history');
}

function parseOrThrow<T>(schema: z.ZodType<T>, json: unknown, file: 'graph' | 'history'): T {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const first = issues[0];
  const path = first ? formatPath(first.path) : '';
  const details = issues
    .slice(0, 5)
    .map((issue) => `${formatPath(issue.path) || '(root)'}: ${issue.message}`)
    .join('; ');
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  throw new ForecastInputError(`invalid ${file} file: ${details}${more}`, file, path);
}

/** `items[3].statusCategory`, the way a person would point at the field. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}
