import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../services/config/config-error.js';
import { loadConfig, parseRuntimeSettings, readConfigFile } from '../../../services/config/load-config.js';

function writeConfig(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'seams-config-'));
  const file = join(dir, 'seams.config.yaml');
  writeFileSync(file, text);
  return file;
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
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
    const err = errorOf(() => readConfigFile(file));
    expect(err.message).toContain(file);
    expect(err.message).toContain('programs[0].targetDate');
    expect(err.message).toContain('YYYY-MM-DD');
  });

  it('rejects unknown top-level keys and dangling subscriptions', () => {
    const file = writeConfig(`
programz: []
subscriptions:
  - { email: a@b.co, program: nope, audience: tpm }
`);
    const err = errorOf(() => readConfigFile(file));
    expect(err.message).toMatch(/programz/);
    expect(err.message).toContain('subscriptions[0].program');
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
    const err = errorOf(() => readConfigFile(writeConfig(program('1.5'))));
    expect(err.message).toContain('programs[0].teamCapacityShare.PAY');
    expect(err.message).toContain('at most 1');
  });

  it('reports YAML syntax errors with a line', () => {
    const file = writeConfig('sources: [\n  - kind: jira\n');
    expect(errorOf(() => readConfigFile(file)).message).toMatch(/line \d+: YAML syntax/);
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
    const err = errorOf(() => loadConfig({ SEAMS_CONFIG: file, LINEAR_API_KEY: token }));
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
    const missing = errorOf(() => loadConfig({ SEAMS_CONFIG: ok }));
    expect(missing.message).toContain('sources[0].tokenEnv: environment variable LINEAR_API_KEY is not set');
  });

  it('validates environment settings', () => {
    const err = errorOf(() => parseRuntimeSettings({ PORT: 'eighty' }));
    expect(err.message).toContain('environment');
    expect(err.message).toContain('PORT');
    expect(parseRuntimeSettings({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });

  it('says where to start when the file is missing', () => {
    expect(errorOf(() => readConfigFile('/nonexistent/seams.config.yaml')).message).toContain('seams.config.example.yaml');
  });
});
