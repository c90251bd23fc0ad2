/**
 * Reads configuration once at start: environment variables plus seams.config.yaml, validated
 * with zod and frozen. Errors name the file and the path inside it; secret values are read from
 * the environment variables the file names and never appear in any message.
 */
import { readFileSync } from 'node:fs';
import { parseDocument, type YAMLError } from 'yaml';
import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { configErrorMap } from './config-messages.js';
import { configFileSchema, type ConfigFile } from './config-schema.js';
import { Secret } from './secret.js';

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url().optional())
  .optional();

const envSchema = z.object({
  DATABASE_URL: optionalUrl,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  REDIS_URL: optionalUrl,
  SMTP_URL: optionalUrl,
  SEAMS_CONFIG: z.string().default('seams.config.yaml'),
  SEAMS_DATA_DIR: z.string().default('.seams'),
  SEAMS_PUBLIC_URL: z.url().default('http://localhost:8080'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAIL_FROM: z.string().default('Seams <seams@localhost>'),
  SEAMS_DASHBOARD_SECRET: z.string().min(16, 'expected at least 16 characters').optional(),
  SEAMS_SIGNING_KEY: z.string().min(16, 'expected at least 16 characters').optional(),
  SEAMS_METRICS_TOKEN: z.string().min(16, 'expected at least 16 characters').optional(),
  LINEAR_WEBHOOK_SECRET: z.string().optional(),
  JIRA_WEBHOOK_SECRET: z.string().optional(),
});

export interface RuntimeSettings {
  readonly databaseUrl: string | undefined;
  /** PostgreSQL connections this process may hold: each worker or server replica counts once. */
  readonly databasePoolSize: number;
  readonly redisUrl: string | undefined;
  readonly smtpUrl: Secret | undefined;
  readonly configPath: string;
  readonly dataDir: string;
  readonly publicUrl: string;
  readonly port: number;
  readonly host: string;
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  readonly mailFrom: string;
  readonly dashboardSecret: Secret | undefined;
  readonly signingKey: Secret | undefined;
  /** Bearer token for /metrics; the dashboard secret when unset. */
  readonly metricsToken: Secret | undefined;
  readonly linearWebhookSecret: Secret | undefined;
  readonly jiraWebhookSecret: Secret | undefined;
}

export interface AppConfig {
  readonly runtime: RuntimeSettings;
  readonly file: ConfigFile;
  /** Tracker credentials by source name. */
  readonly credentials: ReadonlyMap<string, Secret>;
}

type Env = Readonly<Record<string, string | undefined>>;

function issuePath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

function toIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: issuePath(i.path), message: i.message }));
}

export function parseRuntimeSettings(env: Env): RuntimeSettings {
  const parsed = envSchema.safeParse(env, { error: configErrorMap });
  if (!parsed.success) throw new ConfigError('environment', toIssues(parsed.error));
  const e = parsed.data;
  const secret = (v: string | undefined) => (v === undefined ? undefined : new Secret(v));
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL,
    smtpUrl: secret(e.SMTP_URL),
    configPath: e.SEAMS_CONFIG,
    dataDir: e.SEAMS_DATA_DIR,
    publicUrl: e.SEAMS_PUBLIC_URL.replace(/\/$/, ''),
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    mailFrom: e.MAIL_FROM,
    dashboardSecret: secret(e.SEAMS_DASHBOARD_SECRET),
    signingKey: secret(e.SEAMS_SIGNING_KEY),
    metricsToken: secret(e.SEAMS_METRICS_TOKEN),
    linearWebhookSecret: secret(e.LINEAR_WEBHOOK_SECRET),
    jiraWebhookSecret: secret(e.JIRA_WEBHOOK_SECRET),
  });
}

/** Validates an already-parsed config document (from YAML or built in code, e.g. the demo). */
export function parseConfigFile(document: unknown, file: string): ConfigFile {
  const parsed = configFileSchema.safeParse(document ?? {}, { error: configErrorMap });
  if (!parsed.success) throw new ConfigError(file, toIssues(parsed.error));
  return deepFreeze(parsed.data);
}

export function readConfigFile(file: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(file, [
      { path: '', message: code === 'ENOENT' ? 'file not found (copy seams.config.example.yaml to start)' : `cannot read (${code})` },
    ]);
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) throw new ConfigError(file, doc.errors.map((e) => describeYamlError(e, text)));
  return parseConfigFile(doc.toJS(), file);
}

/** "line 4, column 3: Map keys must be unique (key "epics")" instead of the bare error code. */
function describeYamlError(error: YAMLError, text: string): { path: string; message: string } {
  const at = error.linePos?.[0];
  const summary = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  const key = error.code === 'DUPLICATE_KEY' ? /^\s*(?:-\s*)?["']?([^"':\n]+)/.exec(text.slice(error.pos[0]))?.[1] : undefined;
  return {
    path: at ? `line ${at.line}, column ${at.col}` : '(YAML)',
    message: `YAML syntax: ${summary}${key ? ` (key "${key.trim()}")` : ''}`,
  };
}

/** Resolves each source's token from the environment variable the config names. */
export function resolveCredentials(file: ConfigFile, env: Env, fileName: string): ReadonlyMap<string, Secret> {
  const credentials = new Map<string, Secret>();
  const missing: { path: string; message: string }[] = [];
  file.sources.forEach((source, i) => {
    const value = env[source.tokenEnv];
    if (value === undefined || value.trim() === '') {
      missing.push({
        path: `sources[${i}].tokenEnv`,
        message: `environment variable ${source.tokenEnv} is not set (it holds the token of source "${source.name}")`,
      });
    } else {
      credentials.set(source.name, new Secret(value.trim()));
    }
  });
  if (missing.length > 0) throw new ConfigError(fileName, missing);
  return credentials;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const runtime = parseRuntimeSettings(env);
  const file = readConfigFile(runtime.configPath);
  const credentials = resolveCredentials(file, env, runtime.configPath);
  return Object.freeze({ runtime, file, credentials });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
