/**
 * The shape of seams.config.yaml. Connector-specific options are validated again by each
 * connector's own schema at start, with paths reported relative to this file.
 */
import { z } from 'zod';
import { jiraSourceOptionsSchema } from '../connectors/jira/jira-options.js';
import { linearSourceOptionsSchema } from '../connectors/linear/linear-options.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const envVarName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected the NAME of an environment variable, e.g. JIRA_API_TOKEN');
const sourceName = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase name such as jira-main');
const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'expected an IANA timezone such as Europe/Berlin');

/**
 * A source entry is the connector's own options (one schema, one place for defaults) plus
 * where and how to connect. Cross-tracker link targets are derived from the other sources.
 */
export const jiraSourceSchema = jiraSourceOptionsSchema
  .omit({ linearWorkspaces: true, scope: true })
  .extend({
    kind: z.literal('jira'),
    name: sourceName,
    baseUrl: z.url('expected the site URL, e.g. https://acme.atlassian.net'),
    email: z.email('expected the Atlassian account email the API token belongs to'),
    tokenEnv: envVarName,
    syncEveryMinutes: z.number().int().min(1).default(15),
  })
  .strict();

export const linearSourceSchema = linearSourceOptionsSchema
  .omit({ jiraSites: true, scope: true })
  .extend({
    kind: z.literal('linear'),
    name: sourceName,
    apiUrl: z.url().optional(),
    /** Workspace url key: issue URLs look like https://linear.app/<workspace>/issue/MOB-7. */
    workspace: z.string().regex(/^[a-z0-9-]+$/, 'expected the workspace url key, e.g. acme').optional(),
    tokenEnv: envVarName,
    syncEveryMinutes: z.number().int().min(1).default(15),
  })
  .strict();

export const sourceSchema = z.discriminatedUnion('kind', [jiraSourceSchema, linearSourceSchema]);

export const teamCalendarSchema = z.object({
  /** `<source>:<team key>`, e.g. `jira-main:PAY`. */
  team: z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9_-]+$/, 'expected <source name>:<team key>, e.g. jira-main:PAY'),
  name: z.string().optional(),
  timezone: timezone.default('UTC'),
  weekendDays: z.array(z.number().int().min(0).max(6)).max(6).default([0, 6]),
  holidays: z.array(isoDate).default([]),
});

export const programScopeSchema = z
  .object({
    epics: z.array(z.string()).default([]),
    labels: z.array(z.string()).default([]),
    linearProjects: z.array(z.string()).default([]),
    /** Whole teams: `<source>:<team key>`. */
    teams: z.array(z.string()).default([]),
    /** Item keys picked by hand. */
    keys: z.array(z.string()).default([]),
  })
  .refine((s) => s.epics.length + s.labels.length + s.linearProjects.length + s.teams.length + s.keys.length > 0, {
    message: 'expected at least one of epics, labels, linearProjects, teams or keys',
  });

const weekday = z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);

export const programSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase name such as checkout-v2'),
  title: z.string().optional(),
  owner: z.string().optional(),
  targetDate: isoDate,
  timezone: timezone.default('UTC'),
  scope: programScopeSchema,
  report: z
    .object({
      weekday: weekday.default('monday'),
      time: z.string().regex(/^\d{2}:\d{2}$/, 'expected HH:MM').default('08:00'),
    })
    .default({ weekday: 'monday', time: '08:00' }),
  decisions: z
    .array(z.object({ title: z.string(), owner: z.string(), dueDate: isoDate }))
    .default([]),
});

export const subscriptionSchema = z.object({
  email: z.email(),
  program: z.string(),
  audience: z.enum(['tpm', 'leadership', 'team']),
  timezone: timezone.optional(),
});

export const thresholdsSchema = z
  .object({
    greenConfidence: z.number().min(0).max(1).default(0.8),
    redConfidence: z.number().min(0).max(1).default(0.5),
    staleWorkingDays: z.number().int().min(1).default(5),
    nearCriticalSlackDays: z.number().min(0).default(3),
    scopeCreepPercent: z.number().min(0).default(10),
    slippingForecastDays: z.number().min(0).default(5),
    blockedMinSeverity: z.enum(['low', 'medium', 'high', 'critical']).default('medium'),
  })
  .default({
    greenConfidence: 0.8,
    redConfidence: 0.5,
    staleWorkingDays: 5,
    nearCriticalSlackDays: 3,
    scopeCreepPercent: 10,
    slippingForecastDays: 5,
    blockedMinSeverity: 'medium',
  });

export const forecastSettingsSchema = z
  .object({
    trials: z.number().int().min(100).max(1_000_000).default(10_000),
    historyWeeks: z.number().int().min(2).max(104).default(26),
    minHistoryItems: z.number().int().min(1).default(8),
    seed: z.number().int().default(42),
  })
  .default({ trials: 10_000, historyWeeks: 26, minHistoryItems: 8, seed: 42 });

// --- worker: job locks and stalled-job recovery (issue 14) ---------------------------------------

const WORKER_DEFAULTS = {
  jobLockSeconds: 15,
  stalledCheckSeconds: 5,
  maxStalledCount: 1,
  sourceLockSeconds: 15,
  busySourceRetrySeconds: 5,
} as const;

/**
 * How fast a killed worker's jobs are taken over, against how long a worker's event loop may be
 * blocked before a live job is wrongly taken over (README, "Worker locks and recovery"). A job's
 * lock is renewed every jobLockSeconds / 2; a job whose lock has expired is put back by the next
 * stalled check; its source lock (renewed every sourceLockSeconds / 3) must have expired too
 * before the new run can start. Recovery after kill -9 takes at most about
 * max(jobLockSeconds + stalledCheckSeconds, sourceLockSeconds + busySourceRetrySeconds).
 */
export const workerSettingsSchema = z
  .object({
    /** BullMQ lockDuration. */
    jobLockSeconds: z.number().int().min(5).max(3600).default(WORKER_DEFAULTS.jobLockSeconds),
    /** BullMQ stalledInterval. */
    stalledCheckSeconds: z.number().int().min(1).max(3600).default(WORKER_DEFAULTS.stalledCheckSeconds),
    /** Takeovers a job survives before it fails ("job stalled more than allowable limit"). */
    maxStalledCount: z.number().int().min(1).max(10).default(WORKER_DEFAULTS.maxStalledCount),
    /** Lease of the per-source sync mutex. */
    sourceLockSeconds: z.number().int().min(5).max(3600).default(WORKER_DEFAULTS.sourceLockSeconds),
    /** How long a sync job waits before trying a source that another sync holds. */
    busySourceRetrySeconds: z.number().int().min(1).max(600).default(WORKER_DEFAULTS.busySourceRetrySeconds),
  })
  .strict()
  .refine((w) => w.stalledCheckSeconds <= w.jobLockSeconds, {
    path: ['stalledCheckSeconds'],
    message: 'expected at most jobLockSeconds: checking less often than a lock lasts only delays recovery',
  })
  .default(WORKER_DEFAULTS);

// --------------------------------------------------------------------------------------------------

export const configFileSchema = z
  .object({
    sources: z.array(sourceSchema).default([]),
    teams: z.array(teamCalendarSchema).default([]),
    programs: z.array(programSchema).default([]),
    subscriptions: z.array(subscriptionSchema).default([]),
    thresholds: thresholdsSchema,
    forecast: forecastSettingsSchema,
    worker: workerSettingsSchema,
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const duplicate = (names: string[], path: string) => {
      const seen = new Set<string>();
      names.forEach((n, i) => {
        if (seen.has(n)) ctx.addIssue({ code: 'custom', path: [path, i, 'name'], message: `duplicate name "${n}"` });
        seen.add(n);
      });
    };
    duplicate(cfg.sources.map((s) => s.name), 'sources');
    duplicate(cfg.programs.map((p) => p.name), 'programs');
    const programs = new Set(cfg.programs.map((p) => p.name));
    cfg.subscriptions.forEach((s, i) => {
      if (!programs.has(s.program))
        ctx.addIssue({ code: 'custom', path: ['subscriptions', i, 'program'], message: `no program named "${s.program}"` });
    });
  });

export type ConfigFile = z.infer<typeof configFileSchema>;
export type SourceConfig = z.infer<typeof sourceSchema>;
export type JiraSourceConfig = z.infer<typeof jiraSourceSchema>;
export type LinearSourceConfig = z.infer<typeof linearSourceSchema>;
export type ProgramConfig = z.infer<typeof programSchema>;
export type ProgramScopeConfig = z.infer<typeof programScopeSchema>;
export type SubscriptionConfig = z.infer<typeof subscriptionSchema>;
export type TeamCalendarConfig = z.infer<typeof teamCalendarSchema>;
export type ThresholdsConfig = z.infer<typeof thresholdsSchema>;
export type ForecastSettings = z.infer<typeof forecastSettingsSchema>;
export type WorkerSettings = z.infer<typeof workerSettingsSchema>;
