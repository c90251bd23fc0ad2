/** Loads the recorded Jira Cloud payloads under test/fixtures/jira and builds the connector the tests share. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SyncStore } from '../../../../services/connectors/connector-types.js';
import { createJiraConnector, type JiraConnectorDeps } from '../../../../services/connectors/jira/jira-connector.js';
import type { Timing } from '../../../../services/connectors/rate-limit.js';

export const BASE_URL = 'https://acme.atlassian.net';
export const API_TOKEN = 'ATATT3xFfGF0-secret-token-value';

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../../fixtures/jira/${name}`, import.meta.url)), 'utf8')) as T;
}

/** A clock that advances on sleep, so rate-limit waits take no real time. */
export function fakeTiming(): Timing & { slept: number[] } {
  let now = Date.parse('2026-02-12T12:00:00Z');
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => { slept.push(ms); now += ms; } };
}

export function connectorFor(store: SyncStore, extra: Partial<JiraConnectorDeps> = {}) {
  return createJiraConnector({
    source: { name: 'jira-acme', baseUrl: `${BASE_URL}/`, email: 'sync-bot@acme.example', apiToken: API_TOKEN },
    options: { projects: ['PAY', 'CORE'], linearWorkspaces: { acme: 'linear-acme' } },
    store,
    timing: fakeTiming(),
    now: () => new Date('2026-02-12T12:00:00Z'),
    ...extra,
  });
}

export interface SearchBody {
  jql: string;
  nextPageToken?: string;
  fields?: string[];
  expand?: string;
  maxResults?: number;
}
