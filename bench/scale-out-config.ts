/** The scale-out harness's deployment: 3 sources, 4 programs, 3 subscribers each, built in code. */
import { parseConfigFile, parseRuntimeSettings, type AppConfig } from '../services/config/load-config.js';

export const SCALE_OUT_SOURCES = ['jira-a', 'jira-b', 'linear-c'] as const;
export const SCALE_OUT_PROGRAMS = ['atlas', 'borealis', 'cygnus', 'draco'] as const;
export const SUBSCRIBERS_PER_PROGRAM = 3;

/** What a worker process reports: one line per sync, rebuild or email, with who did it. */
export interface ScaleOutEvent {
  readonly worker: string;
  readonly op: 'sync' | 'rebuild' | 'email';
  readonly key: string;
}

export function scaleOutConfig(env: Record<string, string> = {}): Pick<AppConfig, 'runtime' | 'file'> {
  const file = parseConfigFile(
    {
      sources: [
        { kind: 'jira', name: 'jira-a', baseUrl: 'https://a.atlassian.net', email: 'bot@acme.test', tokenEnv: 'JIRA_A_TOKEN', projects: ['AAA'] },
        { kind: 'jira', name: 'jira-b', baseUrl: 'https://b.atlassian.net', email: 'bot@acme.test', tokenEnv: 'JIRA_B_TOKEN', projects: ['BBB'] },
        { kind: 'linear', name: 'linear-c', tokenEnv: 'LINEAR_TOKEN', teams: ['CCC'] },
      ],
      programs: SCALE_OUT_PROGRAMS.map((name, i) => ({ name, targetDate: '2026-09-30', timezone: 'UTC', scope: { keys: [`AAA-${i + 1}`] } })),
      subscriptions: SCALE_OUT_PROGRAMS.flatMap((program) =>
        Array.from({ length: SUBSCRIBERS_PER_PROGRAM }, (_, k) => ({
          email: `reader-${k + 1}.${program}@acme.test`,
          program,
          audience: k === 0 ? 'leadership' : 'tpm',
        })),
      ),
    },
    'scale-out',
  );
  const runtime = parseRuntimeSettings({
    SEAMS_SIGNING_KEY: 'scale-out-signing-key-0123456789abcdef',
    SEAMS_PUBLIC_URL: 'https://seams.example.test',
    MAIL_FROM: 'Seams <reports@seams.example.test>',
    ...env,
  });
  return { runtime, file };
}
