/**
 * Validation of everything people write into the register and the decision log, at the edge
 * (CLI flags, dashboard forms, JSON API alike). Limits keep a pasted novel out of a report;
 * a failed check names every field that was wrong and nothing is stored.
 */
import { z } from 'zod';
import { RISK_SORTS, RISK_STATUSES } from './register-types.js';

export const LIMITS = Object.freeze({ name: 200, text: 4000, question: 1000, option: 500, options: 20, links: 50 });

/** Bad input from a person: every problem, by field. */
export class RegisterInputError extends Error {
  override readonly name = 'RegisterInputError';
  constructor(readonly issues: readonly { readonly field: string; readonly message: string }[]) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join('; '));
  }
}

/** An id that names no risk or decision of the program (or no program). */
export class RegisterNotFoundError extends Error {
  override readonly name = 'RegisterNotFoundError';
}

/** A change that the current state forbids, e.g. resolving a decision twice. */
export class RegisterConflictError extends Error {
  override readonly name = 'RegisterConflictError';
}

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((d) => {
    const parsed = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === d;
  }, 'not a real calendar date');

const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`);
const required = (max: number) => text(max).min(1, 'must not be empty');
/** Empty clears the field. */
const clearable = (max: number) => text(max).transform((v) => (v === '' ? null : v));
const clearableDate = z.union([z.literal('').transform(() => null), isoDate]);

export const riskUpdateSchema = z
  .object({
    owner: clearable(LIMITS.name).optional(),
    mitigation: clearable(LIMITS.text).optional(),
    status: z.enum(RISK_STATUSES, { message: `expected one of ${RISK_STATUSES.join(', ')}` }).optional(),
    snoozeUntil: clearableDate.optional(),
    note: required(LIMITS.text).optional(),
  })
  .strict()
  .refine((u) => Object.values(u).some((v) => v !== undefined), 'nothing to change: give at least one field');
export type RiskUpdate = z.output<typeof riskUpdateSchema>;

export const decisionInputSchema = z
  .object({
    question: required(LIMITS.question),
    options: z.array(required(LIMITS.option)).max(LIMITS.options, `at most ${LIMITS.options} options`).default([]),
    recommendation: clearable(LIMITS.text).optional(),
    decider: clearable(LIMITS.name).optional(),
    due: clearableDate.optional(),
    riskIds: z.array(z.number().int().positive()).max(LIMITS.links).default([]),
    itemKeys: z.array(required(100)).max(LIMITS.links).default([]),
  })
  .strict();
export type DecisionInput = z.output<typeof decisionInputSchema>;

export const decisionResolveSchema = z
  .object({ outcome: required(LIMITS.text), decidedBy: clearable(LIMITS.name).optional() })
  .strict();
export type DecisionResolve = z.output<typeof decisionResolveSchema>;

export const actorSchema = required(LIMITS.name);

/** Filters of the register listing (CLI flags and dashboard query alike); empty means "any". */
export const riskFilterSchema = z
  .object({
    status: z.enum(RISK_STATUSES, { message: `expected one of ${RISK_STATUSES.join(', ')}` }).optional(),
    team: text(LIMITS.name).optional(),
    severity: z.enum(['low', 'medium', 'high', 'critical'], { message: 'expected one of low, medium, high, critical' }).optional(),
    owner: text(LIMITS.name).optional(),
    rule: text(100).optional(),
    text: text(200).optional(),
    sort: z.enum(RISK_SORTS, { message: `expected one of ${RISK_SORTS.join(', ')}` }).optional(),
  })
  .strict();

/** Drops empty values (an "any" choice in a form) before validation. */
export function withoutEmpty(input: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== ''));
}

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new RegisterInputError(
    parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'input', message: i.message })),
  );
}

/** A positive integer id from a path segment or CLI argument. */
export function parseId(kind: 'risk' | 'decision', value: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) === 0) {
    throw new RegisterInputError([{ field: `${kind} id`, message: `expected a positive whole number, got "${value.slice(0, 40)}"` }]);
  }
  return Number(value);
}
