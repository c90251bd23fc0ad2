/**
 * A what-if scenario from a web form or query string: the CLI's options by name (`slip`,
 * `estimate`, `done`, `cut`, `addLink`, `removeLink`, `capacity`, `target`), several values per
 * field separated by commas or new lines. Unknown fields are refused by name.
 */
import { z } from 'zod';
import type { ScenarioArgs } from './scenario.js';

export const SCENARIO_FIELDS = ['slip', 'estimate', 'done', 'cut', 'addLink', 'removeLink', 'capacity'] as const;

const values = z.string().max(4000, 'at most 4000 characters');

export const scenarioQuerySchema = z
  .object({
    ...Object.fromEntries(SCENARIO_FIELDS.map((f) => [f, values.optional()])),
    target: z.string().max(10, 'expected YYYY-MM-DD').optional(),
  } as Record<(typeof SCENARIO_FIELDS)[number] | 'target', z.ZodOptional<z.ZodString>>)
  .strict();

export type ScenarioQuery = z.infer<typeof scenarioQuerySchema>;

const split = (value: string | undefined): string[] => (value ?? '').split(/[,\n\r]+/).map((v) => v.trim()).filter((v) => v !== '');

/** True when the query asks for nothing (the page then shows the empty form). */
export function isEmptyScenario(query: ScenarioQuery): boolean {
  return SCENARIO_FIELDS.every((f) => split(query[f]).length === 0) && !query.target?.trim();
}

export function scenarioArgsOf(query: ScenarioQuery): ScenarioArgs {
  const target = query.target?.trim();
  return {
    slip: split(query.slip),
    estimate: split(query.estimate),
    done: split(query.done),
    cut: split(query.cut),
    addLink: split(query.addLink),
    removeLink: split(query.removeLink),
    capacity: split(query.capacity),
    ...(target ? { target } : {}),
  };
}
