/**
 * The register and decisions from the terminal: `seams risks`, `seams risk update|show`,
 * `seams decisions`, `seams decision add|resolve`. Changes are recorded under `--as NAME`
 * (default $SEAMS_USER, else the login name); input is validated before anything is written.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { loadConfig, type AppConfig } from '../config/load-config.js';
import { createPeopleDirectory, roleAllows } from '../people/people.js';
import { RegisterInputError, parseId, parseInput, riskFilterSchema } from '../register/register-input.js';
import type { RegisterService } from '../register/register-service.js';
import { decisionText, decisionsText, historyText, risksText } from '../register/register-text.js';
import { RISK_SORTS, RISK_STATUSES, type RiskFilter } from '../register/register-types.js';
import { decisionsCsv, risksCsv } from '../reports/csv-exports.js';
import { loggerFor, openMigratedDatabase } from './cli-context.js';

function defaultActor(): string {
  const fromEnv = process.env.SEAMS_USER?.trim();
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username;
  } catch {
    return 'cli';
  }
}

/** A person listed as a viewer may not change anything, from the CLI either. */
function writer(config: AppConfig, as: string | undefined): string {
  const name = (as ?? defaultActor()).trim();
  const actor = createPeopleDirectory({ people: config.file.people, access: config.file.access }).resolve({ kind: 'name', name });
  if (actor === null) throw new RegisterInputError([{ field: '--as', message: 'must name who makes the change' }]);
  if (!roleAllows(actor.role, 'editor')) {
    throw new RegisterInputError([{ field: '--as', message: `${actor.name} is a ${actor.role} in seams.config.yaml and may not make changes` }]);
  }
  return actor.name;
}

async function withRegister<T>(command: string, run: (register: RegisterService, config: AppConfig) => Promise<T>): Promise<T> {
  const { createRegisterService } = await import('../register/register-service.js');
  const config = loadConfig();
  const logger = loggerFor(config, { command });
  const handle = await openMigratedDatabase(config, logger);
  try {
    return await run(createRegisterService({ db: handle.db, programs: config.file.programs }), config);
  } finally {
    await handle.close();
  }
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const print = (json: boolean | undefined, data: unknown, text: string) => console.log(json ? JSON.stringify(data, null, 2) : text);

export function registerRegisterCommands(program: Command): void {
  program
    .command('risks')
    .description("list a program's risk register (filters combine)")
    .requiredOption('--program <name>', 'program name from seams.config.yaml')
    .option('--status <status>', `review status: ${RISK_STATUSES.join(' | ')}`)
    .option('--team <team>', 'risks about this team’s items')
    .option('--severity <severity>', 'low | medium | high | critical')
    .option('--owner <name>', 'current owner')
    .option('--rule <rule>', 'risk rule, e.g. blocked')
    .option('--search <text>', 'text in title, evidence, mitigation, owner or item keys')
    .option('--sort <order>', RISK_SORTS.join(' | '), 'severity')
    .option('--json', 'print JSON')
    .option('--csv', 'print CSV')
    .action(async (opts: { program: string; status?: string; team?: string; severity?: string; owner?: string; rule?: string; search?: string; sort?: string; json?: boolean; csv?: boolean }) => {
      const { program: name, json, csv, search, ...rest } = opts;
      const filter: RiskFilter = parseInput(riskFilterSchema, { ...rest, ...(search !== undefined ? { text: search } : {}) });
      const risks = await withRegister('risks', (register) => register.listRisks(name, filter));
      if (csv) process.stdout.write(risksCsv(risks));
      else print(json, { risks }, risksText(risks));
    });

  const risk = program.command('risk').description('one risk of the register');
  risk
    .command('update <id>')
    .description('set owner, mitigation, status or snooze of a risk, or add a note; empty text clears a field')
    .option('--owner <name>', 'owner override ("" to clear)')
    .option('--mitigation <text>', 'mitigation ("" to clear)')
    .option('--status <status>', RISK_STATUSES.join(' | '))
    .option('--snooze-until <date>', 'YYYY-MM-DD ("" to clear): out of the colour calculation until then')
    .option('--note <text>', 'a note for the history')
    .option('--as <name>', 'who makes the change (default $SEAMS_USER or your login name)')
    .option('--json', 'print JSON')
    .action(async (idArg: string, opts: { owner?: string; mitigation?: string; status?: string; snoozeUntil?: string; note?: string; as?: string; json?: boolean }) => {
      const id = parseId('risk', idArg);
      const { as, json, ...fields } = opts;
      const result = await withRegister('risk update', (register, config) => register.updateRisk(id, fields, writer(config, as)));
      print(json, result, result.changed.length === 0 ? `Risk ${id}: nothing changed.` : `Risk ${id}: updated ${result.changed.join(', ')}.\n${risksText([result.risk])}`);
    });
  risk
    .command('show <id>')
    .description('a risk with its full history')
    .option('--json', 'print JSON')
    .action(async (idArg: string, opts: { json?: boolean }) => {
      const id = parseId('risk', idArg);
      const result = await withRegister('risk show', (register) => register.getRisk(id));
      print(opts.json, result, `${risksText([result.risk])}\n\nHistory:\n${historyText(result.history)}`);
    });

  program
    .command('decisions')
    .description("list a program's recorded decisions and the ones the engine proposes")
    .requiredOption('--program <name>', 'program name from seams.config.yaml')
    .option('--json', 'print JSON')
    .option('--csv', 'print the recorded decisions as CSV')
    .action(async (opts: { program: string; json?: boolean; csv?: boolean }) => {
      const result = await withRegister('decisions', async (register) => ({
        decisions: await register.listDecisions(opts.program),
        proposed: await register.proposedDecisions(opts.program),
      }));
      if (opts.csv) process.stdout.write(decisionsCsv(result.decisions));
      else print(opts.json, result, decisionsText(result.decisions, result.proposed));
    });

  const decision = program.command('decision').description('record and resolve decisions');
  decision
    .command('add')
    .description('record a decision to be taken (or one the engine proposed, with --from-risk)')
    .requiredOption('--program <name>', 'program name from seams.config.yaml')
    .option('--question <text>', 'what must be decided')
    .option('--option <text>', 'an option (repeat for each)', collect, [])
    .option('--recommendation <text>', 'the recommended option')
    .option('--decider <name>', 'who decides')
    .option('--due <date>', 'decision needed by (YYYY-MM-DD)')
    .option('--risk <id>', 'a risk this decision concerns (repeat)', collect, [])
    .option('--item <key>', 'an item this decision concerns (repeat)', collect, [])
    .option('--from-risk <id>', "record the engine's proposed decision for this risk")
    .option('--as <name>', 'who records it (default $SEAMS_USER or your login name)')
    .option('--json', 'print JSON')
    .action(async (opts: { program: string; question?: string; option: string[]; recommendation?: string; decider?: string; due?: string; risk: string[]; item: string[]; fromRisk?: string; as?: string; json?: boolean }) => {
      const fromRisk = opts.fromRisk === undefined ? undefined : parseId('risk', opts.fromRisk);
      if (fromRisk === undefined && opts.question === undefined) {
        throw new RegisterInputError([{ field: '--question', message: 'required (or use --from-risk ID)' }]);
      }
      const input = {
        question: opts.question,
        options: opts.option,
        ...(opts.recommendation !== undefined ? { recommendation: opts.recommendation } : {}),
        ...(opts.decider !== undefined ? { decider: opts.decider } : {}),
        ...(opts.due !== undefined ? { due: opts.due } : {}),
        riskIds: opts.risk.map((r) => parseId('risk', r)),
        itemKeys: opts.item,
      };
      const recorded = await withRegister('decision add', (register, config) => {
        const actor = writer(config, opts.as);
        return fromRisk === undefined ? register.addDecision(opts.program, input, actor) : register.recordProposedDecision(opts.program, fromRisk, actor);
      });
      print(opts.json, recorded, `Recorded decision ${recorded.id}.\n${decisionText(recorded)}`);
    });
  decision
    .command('resolve <id>')
    .description('record the outcome of a decision (with today’s date)')
    .requiredOption('--outcome <text>', 'what was decided')
    .option('--decided-by <name>', 'who decided (default: the decision’s decider)')
    .option('--as <name>', 'who records it (default $SEAMS_USER or your login name)')
    .option('--json', 'print JSON')
    .action(async (idArg: string, opts: { outcome: string; decidedBy?: string; as?: string; json?: boolean }) => {
      const id = parseId('decision', idArg);
      const input = { outcome: opts.outcome, ...(opts.decidedBy !== undefined ? { decidedBy: opts.decidedBy } : {}) };
      const resolved = await withRegister('decision resolve', (register, config) => register.resolveDecision(id, input, writer(config, opts.as)));
      print(opts.json, resolved, `Decision ${id} resolved.\n${decisionText(resolved)}`);
    });
  decision
    .command('show <id>')
    .description('a decision with its history')
    .option('--json', 'print JSON')
    .action(async (idArg: string, opts: { json?: boolean }) => {
      const id = parseId('decision', idArg);
      const result = await withRegister('decision show', (register) => register.getDecision(id));
      print(opts.json, result, `${decisionText(result.decision)}\n\nHistory:\n${historyText(result.history)}`);
    });
}

