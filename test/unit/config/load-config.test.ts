import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseRuntimeSettings, readConfigFile } from '../../../services/config/load-config.js';
import { configErrorOf } from '../../helpers/config-error-of.js';

function writeConfig(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'seams-config-'));
  const file = join(dir, 'seams.config.yaml');
  writeFileSync(file, text);
  return file;
}

describe('configuration', () => {
  it('accepts the shipped example, documented line by line', () => {
    const cfg = readConfigFile('seams.config.example.yaml');
    expect(cfg.sources.map((s) => s.name)).toEqual(['jira-main', 'linear']);
    expect(cfg.programs[0]?.targetDate).toBe('2027-03-15');
    expect(cfg.thresholds.greenConfidence).toBe(0.8);
    expect(Object.isFrozen(cfg.programs[0])).toBe(true);
  });

  it('names the file, the path inside it and what was expected', () => {
    const file = writeConfig(`
programs:
  - name: checkout
    targetDate: 15 July
    scope: { epics: [PAY-1] }
`);
    const err = configErrorOf(() => readConfigFile(file));
    expect(err.message).toContain(file);
    expect(err.message).toContain('programs[0].targetDate');
    expect(err.message).toContain('YYYY-MM-DD');
  });

  it('scopes a program to a release by fix versions named with their project', () => {
    const ok = readConfigFile(writeConfig(`
programs:
  - name: fedora
    targetDate: 2010-08-20
    scope: { fixVersions: ["FCREPO Fedora 3.4"] }
`));
    expect(ok.programs[0]?.scope.fixVersions).toEqual(['FCREPO Fedora 3.4']);
    // Without fixVersions the stored scope definition keeps its shape (no "scope changed" on upgrade).
    expect(readConfigFile('seams.config.example.yaml').programs[0]?.scope).not.toHaveProperty('fixVersions');
    const file = writeConfig(`
programs:
  - name: fedora
    targetDate: 2010-08-20
    scope: { fixVersions: ["3.4"] }
`);
    const err = configErrorOf(() => readConfigFile(file));
    expect(err.message).toContain('programs[0].scope.fixVersions[0]');
    expect(err.message).toContain('expected "<PROJECT> <version>"');
  });

  it('rejects unknown top-level keys and dangling subscriptions', () => {
    const file = writeConfig(`
programz: []
subscriptions:
  - { email: a@b.co, program: nope, audience: tpm }
`);
    const err = configErrorOf(() => readConfigFile(file));
    expect(err.message).toMatch(/programz/);
    expect(err.message).toContain('subscriptions[0].program');
  });

  it('rejects per-team calendars by name instead of ignoring them', () => {
    const file = writeConfig(`
teams:
  - { team: "jira-main:PAY", timezone: Europe/Berlin, holidays: [2026-12-24] }
`);
    const err = configErrorOf(() => readConfigFile(file));
    expect(err.message).toContain('teams');
    expect(err.message).toMatch(/per-team calendars are not supported/);
  });

  it('reads Jira link type mappings and per-project story point fields from the example', () => {
    const jira = readConfigFile('seams.config.example.yaml').sources.find((s) => s.kind === 'jira');
    expect(jira?.kind === 'jira' && jira.linkTypes).toEqual({ Prerequisite: { kind: 'blocks', blockerIs: 'outward' } });
    const file = writeConfig(`
sources:
  - kind: jira
    name: jira-main
    baseUrl: https://acme.atlassian.net
    email: bot@acme.com
    tokenEnv: JIRA_API_TOKEN
    projects: [PAY]
    linkTypes: { Dependent: { kind: blocks, blockerIs: sideways } }
`);
    expect(configErrorOf(() => readConfigFile(file)).message).toContain('sources[0].linkTypes.Dependent.blockerIs');
  });

  it("takes a team's share of capacity for a program, between 0 and 1", () => {
    const program = (share: string) => `
programs:
  - name: checkout
    targetDate: 2027-07-15
    scope: { epics: [PAY-1] }
    teamCapacityShare: { PAY: ${share} }
`;
    expect(readConfigFile(writeConfig(program('0.5'))).programs[0]?.teamCapacityShare).toEqual({ PAY: 0.5 });
    const err = configErrorOf(() => readConfigFile(writeConfig(program('1.5'))));
    expect(err.message).toContain('programs[0].teamCapacityShare.PAY');
    expect(err.message).toContain('at most 1');
  });

  it('reports YAML syntax errors with line, column and what is wrong, not a bare code', () => {
    const file = writeConfig('sources: [\n  - kind: jira\n');
    const message = configErrorOf(() => readConfigFile(file)).message;
    expect(message).toMatch(/line \d+, column \d+: YAML syntax: \w+ /);
    expect(message).not.toMatch(/YAML syntax: [A-Z_]+$/m);
  });

  it('names the duplicated key of a YAML mapping', () => {
    const file = writeConfig('programs:\n  - name: a\n    targetDate: 2027-01-04\n    targetDate: 2027-02-01\n');
    const message = configErrorOf(() => readConfigFile(file)).message;
    expect(message).toContain('line 4, column 5');
    expect(message).toContain('key "targetDate"');
  });

  it('rejects unknown keys at every level with a suggestion for near misses', () => {
    const file = writeConfig(`
programs:
  - name: checkout
    targetDate: 2027-03-15
    scope: { epic: [PAY-1], labels: [launch] }
thresholds: { greenConfidense: 0.9 }
forecast: { trails: 5000 }
`);
    const message = configErrorOf(() => readConfigFile(file)).message;
    expect(message).toContain('programs[0].scope: unknown key "epic" (did you mean "epics"?)');
    expect(message).toContain('thresholds: unknown key "greenConfidense" (did you mean "greenConfidence"?)');
    expect(message).toContain('forecast: unknown key "trails" (did you mean "trials"?)');
  });

  it('lists the known keys when an unknown key is not a near miss', () => {
    const file = writeConfig('forecast: { colour: red }\n');
    expect(configErrorOf(() => readConfigFile(file)).message).toMatch(/unknown key "colour" \(expected one of: trials, historyWeeks/);
  });

  it('rejects dates that do not exist and thresholds in the wrong order', () => {
    const file = writeConfig(`
programs:
  - name: checkout
    targetDate: 2027-02-30
    scope: { epics: [PAY-1] }
thresholds: { greenConfidence: 0.4, redConfidence: 0.6 }
`);
    const message = configErrorOf(() => readConfigFile(file)).message;
    expect(message).toContain('programs[0].targetDate: expected a real calendar date');
    expect(message).toContain('thresholds.greenConfidence: greenConfidence must be above redConfidence');
  });

  it('says a required field is missing instead of "received undefined"', () => {
    const file = writeConfig(`
sources:
  - kind: linear
    name: linear
    teams: [MOB]
`);
    const message = configErrorOf(() => readConfigFile(file)).message;
    expect(message).toContain('sources[0].tokenEnv: required (expected string), but missing');
    expect(message).not.toContain('received undefined');
  });

  it('resolves tokens from the named env var and never prints them', () => {
    const file = writeConfig(`
sources:
  - kind: linear
    name: linear
    tokenEnv: LINEAR_API_KEY
    teams: [MOB]
  - kind: jira
    name: jira-main
    baseUrl: https://acme.atlassian.net
    email: bot@acme.com
    tokenEnv: JIRA_API_TOKEN
    projects: [pay]
`);
    const token = 'lin_api_verysecretvalue123';
    const err = configErrorOf(() => loadConfig({ SEAMS_CONFIG: file, LINEAR_API_KEY: token }));
    expect(err.message).toContain('sources[1].projects[0]');
    expect(err.message).not.toContain(token);

    const ok = writeConfig(`
sources:
  - kind: linear
    name: linear
    tokenEnv: LINEAR_API_KEY
    teams: [MOB]
`);
    const cfg = loadConfig({ SEAMS_CONFIG: ok, LINEAR_API_KEY: token });
    expect(cfg.credentials.get('linear')?.reveal()).toBe(token);
    expect(JSON.stringify(cfg)).not.toContain(token);
    const missing = configErrorOf(() => loadConfig({ SEAMS_CONFIG: ok }));
    expect(missing.message).toContain('sources[0].tokenEnv: environment variable LINEAR_API_KEY is not set');
  });

  it('validates environment settings', () => {
    const err = configErrorOf(() => parseRuntimeSettings({ PORT: 'eighty' }));
    expect(err.message).toContain('environment');
    expect(err.message).toContain('PORT');
    expect(parseRuntimeSettings({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });

  it('says where to start when the file is missing', () => {
    expect(configErrorOf(() => readConfigFile('/nonexistent/seams.config.yaml')).message).toContain('seams.config.example.yaml');
  });
});
