/**
 * The shape of seams.config.yaml. Connector-specific options are validated again by each
 * connector's own schema at start, with paths reported relative to this file.
 */
import { z } from 'zod';
import { jiraSourceOptionsSchema } from '../connectors/jira/jira-options.js';
import { alertPrefsSchema } from '../alerts/alert-rules.js';
import { linearSourceOptionsSchema } from '../connectors/linear/linear-options.js';
import { writeBackSchema } from '../writeback/writeback-config.js';

/** True for a YYYY-MM-DD string naming a day that exists (2027-02-30 does not). */
function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine(isCalendarDate, 'expected a real calendar date (this day does not exist)');
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

export const programScopeSchema = z
  .object({
    epics: z.array(z.string()).default([]),
    labels: z.array(z.string()).default([]),
    linearProjects: z.array(z.string()).default([]),
    /** Whole teams: `<source>:<team key>`. */
    teams: z.array(z.string()).default([]),
    /** Item keys picked by hand. */
    keys: z.array(z.string()).default([]),
    /**
     * A release: Jira fix versions named `<PROJECT> <version>` (as `seams backtest --version`
     * names them). Optional without a default, so configs without it keep their stored scope
     * definition unchanged.
     */
    fixVersions: z.array(z.string().regex(/^\S+ \S/, 'expected "<PROJECT> <version>", e.g. "PAY 2.0"')).optional(),
  })
  .strict()
  .refine((s) => s.epics.length + s.labels.length + s.linearProjects.length + s.teams.length + s.keys.length + (s.fixVersions?.length ?? 0) > 0, {
    message: 'expected at least one of epics, labels, linearProjects, teams, keys or fixVersions',
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
      time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour)').default('08:00'),
    })
    .strict()
    .default({ weekday: 'monday', time: '08:00' }),
  decisions: z
    .array(z.object({ title: z.string(), owner: z.string(), dueDate: isoDate }).strict())
    .default([]),
  /** Write-back into the trackers (issue 20); absent = off. */
  writeBack: writeBackSchema.optional(),
  // --- issue 17: forecast capacity ---
  /** Share (0..1] of a team's capacity that works on this program, by team key; default 1. */
  teamCapacityShare: z.record(z.string().min(1), z.number().gt(0, 'expected a share above 0').max(1, 'expected a share of at most 1')).optional(),
  // --- end issue 17 ---
  // RACI (issue 19): shown in the report header; Responsible owns a team's unassigned risks,
  // Accountable owns program-wide ones and is the escalation target.
  raci: z
    .object({
      accountable: z.string().trim().min(1).max(200).optional(),
      /** Team (or workstream) name → the person responsible for it. */
      responsible: z.record(z.string().min(1).max(200), z.string().trim().min(1).max(200)).default({}),
      consulted: z.array(z.string().trim().min(1).max(200)).default([]),
      informed: z.array(z.string().trim().min(1).max(200)).default([]),
    })
    .strict()
    .optional(),
}).strict();

export const subscriptionSchema = z.object({
  email: z.email(),
  program: z.string(),
  audience: z.enum(['tpm', 'leadership', 'team']),
  timezone: timezone.optional(),
  /** Emails after a rebuild, between weekly ones: `{ p85MovedDays: 5, colourChange: true, confidenceBelow: 0.7 }`. */
  alerts: alertPrefsSchema.optional(),
  /** Required for the `team` audience: the team (as named in reports) whose own report is sent. */
  team: z.string().trim().min(1).max(200).optional(),
}).strict();

export const thresholdsSchema = z
  .object({
    greenConfidence: z.number().min(0).max(1).default(0.8),
    redConfidence: z.number().min(0).max(1).default(0.5),
    staleWorkingDays: z.number().int().min(1).default(5),
    nearCriticalSlackDays: z.number().min(0).default(3),
    scopeCreepPercent: z.number().min(0).default(10),
    slippingForecastDays: z.number().min(0).default(5),
    blockedMinSeverity: z.enum(['low', 'medium', 'high', 'critical']).default('medium'),
    // Risk precision (issue 18): a blocked item is raised only when its late start is this close.
    blockedHorizonDays: z.number().min(0).default(10),
  })
  .strict()
  .refine((t) => t.greenConfidence > t.redConfidence, {
    message: 'greenConfidence must be above redConfidence (Green needs more confidence than Red)',
    path: ['greenConfidence'],
  })
  .default({
    greenConfidence: 0.8,
    redConfidence: 0.5,
    staleWorkingDays: 5,
    nearCriticalSlackDays: 3,
    scopeCreepPercent: 10,
    slippingForecastDays: 5,
    blockedMinSeverity: 'medium',
    blockedHorizonDays: 10,
  });

export const forecastSettingsSchema = z
  .object({
    trials: z.number().int().min(100).max(1_000_000).default(10_000),
    historyWeeks: z.number().int().min(2).max(104).default(26),
    minHistoryItems: z.number().int().min(1).default(8),
    seed: z.number().int().default(42),
  })
  .strict()
  .default({ trials: 10_000, historyWeeks: 26, minHistoryItems: 8, seed: 42 });

// --- People and roles (issue 19) ---------------------------------------------------------
export const ROLES = ['viewer', 'editor', 'admin'] as const;

/** Someone who may sign in to the dashboard: a one-time link goes to `email`. */
export const personSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: z.email().optional(),
    role: z.enum(ROLES).default('viewer'),
  })
  .strict();

export const accessSchema = z
  .object({
    /** Role of someone who signs in with the shared secret under a name not listed in `people`. */
    sharedSecretRole: z.enum(ROLES).default('editor'),
    /** Lifetime of an emailed one-time sign-in link. */
    loginLinkMinutes: z.number().int().min(1).max(24 * 60).default(15),
  })
  .strict()
  .default({ sharedSecretRole: 'editor', loginLinkMinutes: 15 });
// --- end people and roles ------------------------------------------------------------------

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
    programs: z.array(programSchema).default([]),
    subscriptions: z.array(subscriptionSchema).default([]),
    /**
     * Email domains the subscription API may add without asking the recipient; any other address
     * gets a confirmation email first. Empty: the domains of the configured subscriptions.
     */
    subscriptionDomains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'expected a domain such as acme.com')).default([]),
    thresholds: thresholdsSchema,
    forecast: forecastSettingsSchema,
    /**
     * Per-team working calendars were once accepted here but never applied: CPM and the forecast
     * count every team's work on the program's calendar. Rejected by name, so a config that relies
     * on them learns it instead of being silently ignored.
     */
    teams: z
      .never({ error: 'per-team calendars are not supported: CPM and the forecast use the program calendar (programs[].timezone, Saturday and Sunday off); remove "teams"' })
      .optional(),
    people: z.array(personSchema).default([]),
    access: accessSchema,
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
    duplicate(cfg.people.map((p) => p.name.toLowerCase()), 'people');
    const emails = new Set<string>();
    cfg.people.forEach((p, i) => {
      const email = p.email?.toLowerCase();
      if (email && emails.has(email)) ctx.addIssue({ code: 'custom', path: ['people', i, 'email'], message: `duplicate email "${p.email}"` });
      if (email) emails.add(email);
    });
    const programs = new Set(cfg.programs.map((p) => p.name));
    cfg.subscriptions.forEach((s, i) => {
      if (s.audience === 'team' && s.team === undefined)
        ctx.addIssue({ code: 'custom', path: ['subscriptions', i, 'team'], message: 'the team audience needs the team whose report to send' });
      if (s.audience !== 'team' && s.team !== undefined)
        ctx.addIssue({ code: 'custom', path: ['subscriptions', i, 'team'], message: 'only a team subscription names a team' });
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
export type ThresholdsConfig = z.infer<typeof thresholdsSchema>;
export type ForecastSettings = z.infer<typeof forecastSettingsSchema>;

/** Domains whose addresses the subscription API adds without a confirmation click. */
export function allowedSubscriptionDomains(file: Pick<ConfigFile, 'subscriptionDomains' | 'subscriptions'>): readonly string[] {
  const listed = file.subscriptionDomains.length > 0 ? file.subscriptionDomains : file.subscriptions.map((s) => s.email.split('@')[1] ?? '');
  return [...new Set(listed.map((d) => d.toLowerCase()).filter((d) => d !== ''))];
}

export type PersonConfig = z.infer<typeof personSchema>;
export type Role = (typeof ROLES)[number];
export type AccessConfig = z.infer<typeof accessSchema>;

export type WorkerSettings = z.infer<typeof workerSettingsSchema>;
