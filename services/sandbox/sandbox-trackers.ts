/**
 * Both sandbox trackers on loopback, serving one generated program, plus the Seams
 * configuration that points at them. The demo, the e2e tests and the benchmarks start here.
 */
import { createServer } from 'node:net';
import type { ProgramConfig } from '../config/config-schema.js';
import { generateProgram, type ProgramSize } from './generate-program.js';
import { startJiraSandbox, type JiraSandbox } from './jira/jira-server.js';
import { startLinearSandbox, type LinearSandbox } from './linear/linear-server.js';
import type { SandboxProgram } from './program-model.js';

export const SANDBOX_WORKSPACE = 'seams-demo';
export const SANDBOX_JIRA_EMAIL = 'demo@seams.local';
/** Sandbox-only credentials: the demo's servers accept nothing else. */
export const SANDBOX_JIRA_TOKEN = 'sandbox-jira-api-token';
export const SANDBOX_LINEAR_KEY = 'lin_api_sandbox_key';
export const SANDBOX_PROGRAM_NAME = 'launch';

export interface SandboxTrackers {
  readonly program: SandboxProgram;
  readonly jira: JiraSandbox;
  readonly linear: LinearSandbox;
  /** A seams.config.yaml document (before validation) pointing at the sandboxes. */
  readonly configDocument: Record<string, unknown>;
  /** Environment variables holding the sandbox tokens named by the config. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

export interface SandboxTrackersOptions {
  readonly seed?: number;
  readonly size?: ProgramSize;
  readonly now?: Date;
  /** Use an existing program (e.g. one being replayed week by week). */
  readonly program?: SandboxProgram;
  readonly jiraPort?: number;
  /** The Linear sandbox's port (its issue pages are the Linear links the demo stores). */
  readonly linearPort?: number;
}

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * The demo program: everything labelled `launch` (the engine adds what it depends on), due on
 * the plan's target date (generate-program.ts) or, for programs without one, with the last
 * `launch` item. Business-as-usual work stays out of scope; it only feeds team history.
 */
export function sandboxProgramConfig(program: SandboxProgram): ProgramConfig {
  const lastDue = program.issues
    .filter((i) => !i.deleted && i.labels.includes('launch') && i.dueDate)
    .map((i) => i.dueDate!)
    .sort()
    .at(-1);
  const targetDate = program.targetDate ?? lastDue ?? program.now.toISOString().slice(0, 10);
  // The scope decision is due four weeks after the program's "today" (the end of a `--weeks 4` replay).
  const decisionDue = new Date(program.now.getTime() + 28 * 86_400_000).toISOString().slice(0, 10);
  return {
    name: SANDBOX_PROGRAM_NAME,
    title: 'Checkout launch',
    owner: 'Dana Scully (TPM)',
    targetDate,
    timezone: 'Europe/Berlin',
    scope: { epics: [], labels: ['launch'], linearProjects: [], teams: [], keys: [] },
    report: { weekday: 'monday', time: '08:00' },
    decisions: [{ title: 'Cut gift cards from the launch scope', owner: 'VP Product', dueDate: decisionDue }],
  };
}

export async function startSandboxTrackers(options: SandboxTrackersOptions = {}): Promise<SandboxTrackers> {
  const jiraPort = options.jiraPort ?? (await freeLoopbackPort());
  const program =
    options.program ??
    generateProgram({
      seed: options.seed ?? 7,
      size: options.size ?? 'demo',
      now: options.now,
      jiraBaseUrl: `http://127.0.0.1:${jiraPort}`,
      linearWorkspaceUrl: `https://linear.app/${SANDBOX_WORKSPACE}`,
    });
  const jira = await startJiraSandbox({ program, port: jiraPort, email: SANDBOX_JIRA_EMAIL, apiToken: SANDBOX_JIRA_TOKEN });
  const linear = await startLinearSandbox({ program, apiKey: SANDBOX_LINEAR_KEY, port: options.linearPort ?? 0, servesIssuePages: true });
  const jiraProjects = program.teams.filter((t) => t.tracker === 'jira').map((t) => t.key);
  const linearTeams = program.teams.filter((t) => t.tracker === 'linear').map((t) => t.key);
  const programConfig = sandboxProgramConfig(program);
  const configDocument = {
    sources: [
      {
        kind: 'jira',
        name: 'jira',
        baseUrl: jira.url,
        email: SANDBOX_JIRA_EMAIL,
        tokenEnv: 'SEAMS_SANDBOX_JIRA_TOKEN',
        projects: jiraProjects,
      },
      {
        kind: 'linear',
        name: 'linear',
        apiUrl: linear.url,
        workspace: SANDBOX_WORKSPACE,
        tokenEnv: 'SEAMS_SANDBOX_LINEAR_KEY',
        teams: linearTeams,
      },
    ],
    programs: [programConfig],
    subscriptions: [
      { email: 'dana.scully@example.com', program: programConfig.name, audience: 'tpm' },
      { email: 'vp.engineering@example.com', program: programConfig.name, audience: 'leadership' },
    ],
  };
  return {
    program,
    jira,
    linear,
    configDocument,
    env: { SEAMS_SANDBOX_JIRA_TOKEN: SANDBOX_JIRA_TOKEN, SEAMS_SANDBOX_LINEAR_KEY: SANDBOX_LINEAR_KEY },
    async close() {
      await Promise.all([jira.close(), linear.close()]);
    },
  };
}
