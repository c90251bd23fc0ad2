/**
 * Validation of the offline forecast's input files. The graph uses the same schema as
 * `seams analyze` (services/graph/graph-schema.ts) so both commands accept the same files; the
 * finished-work history (TeamHistoryFile) is specific to the forecast. Errors name the path.
 */
import { z } from 'zod';
import { programGraphSchema } from '../graph/graph-schema.js';
import type { ProgramGraph, TeamHistoryFile } from '../graph/graph-types.js';
import { ForecastInputError } from './forecast-errors.js';

const isoDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, 'expected an ISO timestamp')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a valid timestamp');

export const teamHistorySchema = z.object({
  finished: z.array(
    z.object({
      team: z.string().min(1),
      startedAt: isoDateTime,
      finishedAt: isoDateTime,
      estimate: z.number().nonnegative().nullable().optional(),
      fromCreation: z.boolean().optional(),
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
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}
