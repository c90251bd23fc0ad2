/**
 * Both sandbox trackers in a process of their own, so a benchmark's syncing process measures
 * only the connectors and the database (the generated program alone takes hundreds of MB).
 *
 *   npx tsx services/sandbox/sandbox-main.ts --size bench --seed 7 [--jira-port N] [--now ISO]
 *
 * Prints one JSON line `{ ready, jiraUrl, linearUrl, configDocument, env }` on stdout, then
 * answers newline-delimited JSON commands from stdin, one JSON line per command:
 *   {"op":"touch","share":0.01,"seed":3}  → {"ok":true,"touched":N}
 *   {"op":"stats"}                        → {"ok":true,"jira":{total,byRoute},"linear":{requests,complexityUsed},"cpuMs"}
 *   {"op":"resetStats"}                   → {"ok":true}
 * Exits when stdin ends or on SIGTERM/SIGINT.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { ProgramSize } from './program-sizes.js';
import { touchIssues } from './program-mutations.js';
import { startSandboxTrackers } from './sandbox-trackers.js';

/** The first stdout line: where the trackers listen and the config that syncs from them. */
export interface SandboxReadyLine {
  readonly ready: true;
  readonly jiraUrl: string;
  readonly linearUrl: string;
  readonly configDocument: Record<string, unknown>;
  readonly env: Record<string, string>;
}

/** Request counts and CPU time of this process since start or the last `resetStats`. */
export interface SandboxRequestStats {
  readonly jira: { readonly total: number; readonly byRoute: Readonly<Record<string, number>> };
  readonly linear: { readonly requests: number; readonly complexityUsed: number };
  readonly cpuMs: number;
}

const SandboxCommandSchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('touch'),
    share: z.number().min(0).max(1),
    seed: z.number().int(),
    /** ISO timestamp the edits carry; defaults to the moment of the command. */
    at: z.iso.datetime().optional(),
  }),
  z.object({ op: z.literal('stats') }),
  z.object({ op: z.literal('resetStats') }),
]);

export type SandboxCommand = z.input<typeof SandboxCommandSchema>;

export type SandboxReply =
  | { readonly ok: true; readonly touched: number }
  | ({ readonly ok: true } & SandboxRequestStats)
  | { readonly ok: true }
  | { readonly ok: false; readonly error: string };

function parseSize(text: string): ProgramSize {
  if (text === 'demo' || text === 'small' || text === 'bench') return text;
  // Custom sizes as `<items>x<links>`, e.g. `5000x10000`.
  const match = /^(\d+)x(\d+)$/.exec(text);
  if (!match) throw new Error(`--size must be demo, small, bench or <items>x<links>, got "${text}"`);
  return { items: Number(match[1]), links: Number(match[2]) };
}

function parseCli(argv: readonly string[]): { size: ProgramSize; seed: number; jiraPort?: number; now?: Date } {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      size: { type: 'string', default: 'demo' },
      seed: { type: 'string', default: '7' },
      'jira-port': { type: 'string' },
      now: { type: 'string' },
    },
    strict: true,
  });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${values.seed}"`);
  const jiraPort = values['jira-port'] === undefined ? undefined : Number(values['jira-port']);
  if (jiraPort !== undefined && !(Number.isInteger(jiraPort) && jiraPort > 0 && jiraPort < 65_536)) {
    throw new Error(`--jira-port must be a TCP port, got "${values['jira-port']}"`);
  }
  const now = values.now === undefined ? undefined : new Date(values.now);
  if (now && Number.isNaN(now.getTime())) throw new Error(`--now must be an ISO date, got "${values.now}"`);
  return { size: parseSize(values.size), seed, jiraPort, now };
}

async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2));
  const sandbox = await startSandboxTrackers(cli);
  // The Linear server has no reset of its own: counts are reported relative to a baseline.
  let linearBase = { requests: 0, complexityUsed: 0 };
  let cpuBase = process.cpuUsage();
  const cpuMsSince = (base: NodeJS.CpuUsage): number => {
    const used = process.cpuUsage(base);
    return Math.round((used.user + used.system) / 1000);
  };

  const write = (line: object): void => {
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };
  const handle = (command: z.output<typeof SandboxCommandSchema>): SandboxReply => {
    switch (command.op) {
      case 'touch': {
        const at = command.at ? new Date(command.at) : new Date();
        const touched = touchIssues(sandbox.program, command.share, command.seed, at).length;
        // The Linear server indexes the program's ordering keys; edits in place need a re-read.
        sandbox.linear.reindex();
        return { ok: true, touched };
      }
      case 'stats': {
        const jira = sandbox.jira.stats;
        const linear = sandbox.linear.stats;
        return {
          ok: true,
          jira: { total: jira.total, byRoute: jira.byRoute },
          linear: { requests: linear.requests - linearBase.requests, complexityUsed: linear.complexityUsed - linearBase.complexityUsed },
          // CPU this process spent since resetStats: what serving the trackers cost a benchmark.
          cpuMs: cpuMsSince(cpuBase),
        };
      }
      case 'resetStats': {
        sandbox.jira.resetStats();
        const linear = sandbox.linear.stats;
        linearBase = { requests: linear.requests, complexityUsed: linear.complexityUsed };
        cpuBase = process.cpuUsage();
        return { ok: true };
      }
    }
  };

  let closing: Promise<void> | null = null;
  const shutdown = (): Promise<void> =>
    (closing ??= sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`sandbox close failed: ${String(error)}\n`);
        process.exit(1);
      },
    ));
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());

  const ready: SandboxReadyLine = {
    ready: true,
    jiraUrl: sandbox.jira.url,
    linearUrl: sandbox.linear.url,
    configDocument: sandbox.configDocument,
    env: sandbox.env,
  };
  write(ready);

  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    let reply: SandboxReply;
    try {
      const parsed = SandboxCommandSchema.safeParse(JSON.parse(line));
      reply = parsed.success ? handle(parsed.data) : { ok: false, error: `bad command: ${parsed.error.message}` };
    } catch (error) {
      reply = { ok: false, error: (error as Error).message };
    }
    write(reply);
  });
  lines.on('close', () => void shutdown());
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
