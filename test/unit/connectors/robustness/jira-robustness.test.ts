/**
 * Issue 26 (and issue 16 item 1) on the Jira side: bulk changelog entries with an epoch `created`
 * are read, entries without one are counted and logged, completed never precedes started, a
 * repeating nextPageToken stops the pass, and "not last" without a token is counted as truncated.
 */
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PagingStalledError } from '../../../../services/connectors/cursor-guard.js';
import type { ConnectorLogger } from '../../../../services/connectors/sync-types.js';
import { normalizeIssue, type NormalizeContext } from '../../../../services/connectors/jira/jira-issue-normalize.js';
import { jiraSourceOptionsSchema } from '../../../../services/connectors/jira/jira-options.js';
import { bulkChangelogSchema, historySchema, issueEnvelopeSchema } from '../../../../services/connectors/jira/jira-payload-schemas.js';
import { parseHistories } from '../../../../services/connectors/jira/jira-changelog.js';
import { createMemorySyncStore, type MemorySyncStore } from '../../../helpers/memory-sync-store.js';
import { BASE_URL, connectorFor, fixture, type SearchBody } from '../jira/jira-fixtures.js';
import { createLinkTypeResolver } from '../../../../services/connectors/jira/jira-link-types.js';

/** Atlassian's published example of POST /rest/api/3/changelog/bulkfetch (read at run time). */
const ATLASSIAN_BULK = new URL('../../../../../shared/real-payloads/jira/atlassian-spec.bulkfetch.example.json', import.meta.url);

function issue(n: number, extra: { changelogTotal?: number; status?: object; resolutiondate?: string } = {}) {
  return {
    id: String(40_000 + n),
    key: `PAY-${n}`,
    changelog: { startAt: 0, maxResults: 0, total: extra.changelogTotal ?? 0, histories: [] },
    fields: {
      summary: `Issue ${n}`,
      status: extra.status ?? { id: '10000', name: 'To Do', statusCategory: { key: 'new' } },
      project: { id: '10000', key: 'PAY', name: 'Payments' },
      labels: [],
      issuelinks: [],
      created: '2026-01-01T00:00:00.000+0000',
      updated: '2026-02-01T00:00:00.000+0000',
      ...(extra.resolutiondate ? { resolutiondate: extra.resolutiondate } : {}),
    },
  };
}

const statusChange = (id: string, created: unknown, to: string, toId: string) => ({
  id,
  ...(created === undefined ? {} : { created }),
  items: [{ field: 'status', fieldId: 'status', fromString: 'To Do', toString: to, to: toId }],
});

function metadataMocks(scope = nock(BASE_URL)): nock.Scope {
  return scope
    .get('/rest/api/3/field').reply(200, fixture('fields.json'))
    .get('/rest/api/3/status').reply(200, fixture('statuses.json'))
    .get('/rest/api/3/myself').reply(200, fixture('myself.json'));
}

function recordingLogger(lines: Array<{ obj: Record<string, unknown>; msg: string }>): ConnectorLogger {
  const push = (obj: object, msg: string) => void lines.push({ obj: obj as Record<string, unknown>, msg });
  return { info: () => undefined, debug: () => undefined, warn: push, error: push };
}

let store: MemorySyncStore;
beforeEach(() => {
  nock.disableNetConnect();
  store = createMemorySyncStore();
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('Jira changelog dates', () => {
  it("reads Atlassian's bulk changelog example, whose `created` is an epoch number, as seconds", () => {
    const page = bulkChangelogSchema.parse(JSON.parse(readFileSync(ATLASSIAN_BULK, 'utf8')));
    const parsed = parseHistories(page.issueChangeLogs[0]?.changeHistories ?? []);
    expect(parsed.malformed).toBe(0);
    // 1492070429 is seconds by magnitude (as milliseconds it would be 18 January 1970).
    expect(parsed.histories.map((h) => h.created.toISOString())).toEqual(['2017-04-13T08:00:29.000Z', '2017-04-13T08:17:09.000Z']);
  });

  it('reads epoch milliseconds and Jira datetime strings too', () => {
    expect(historySchema.parse({ created: 1492070429000, items: [] }).created.toISOString()).toBe('2017-04-13T08:00:29.000Z');
    expect(historySchema.parse({ created: '2017-04-13T18:00:29.000+1000', items: [] }).created.toISOString()).toBe('2017-04-13T08:00:29.000Z');
  });

  it('stores status changes from a bulk changelog with epoch dates and counts and logs entries without a date', async () => {
    const lines: Array<{ obj: Record<string, unknown>; msg: string }> = [];
    metadataMocks()
      .post('/rest/api/3/search/jql')
      .reply(200, { issues: [issue(1, { changelogTotal: 25 })], isLast: true })
      .post('/rest/api/3/changelog/bulkfetch')
      .reply(200, {
        issueChangeLogs: [
          {
            issueId: '40001',
            changeHistories: [statusChange('1', 1767261600, 'In Progress', '3'), statusChange('2', undefined, 'Done', '10001')],
          },
        ],
      });
    const summary = await connectorFor(store, { logger: recordingLogger(lines) }).sync({ mode: 'full' });
    expect(summary.transitions).toBe(1);
    expect([...store.transitions.values()].map((t) => [t.toStatus, t.at.toISOString()])).toEqual([['In Progress', '2026-01-01T10:00:00.000Z']]);
    expect(summary.dropped).toBe(1);
    expect(summary.problems).toEqual([expect.objectContaining({ key: 'PAY-1', kind: 'dropped', reason: expect.stringMatching(/1 unreadable changelog entries dropped \(created/) })]);
    expect(lines.some((l) => l.obj.issue === 'PAY-1' && /unreadable changelog/.test(l.msg))).toBe(true);
    expect(store.results.at(-1)).toMatchObject({ ok: true });
  });
});

describe('Jira completed and started', () => {
  const metadata = { storyPointsFieldIds: [], teamFieldId: null, statusById: new Map([['3', 'in_progress' as const], ['10001', 'done' as const]]), statusByName: new Map(), timeZone: null };
  const ctx: NormalizeContext = { sourceName: 'j', baseUrl: BASE_URL, options: jiraSourceOptionsSchema.parse({ projects: ['PAY'] }), metadata, resolveLinkType: createLinkTypeResolver() };
  const h = (at: string, to: string, toId: string) => ({ id: at, created: new Date(at), items: [{ field: 'status', fieldId: 'status', fromString: 'x', toString: to, to: toId }] });

  it('completes at the last entry into done, not at a stale resolutiondate, and never before started', () => {
    const done = { id: '10001', name: 'Done', statusCategory: { key: 'done' } };
    const envelope = issueEnvelopeSchema.parse(issue(1, { status: done, resolutiondate: '2026-01-05T00:00:00.000+0000' }));
    // Resolved on 5 January, reopened, started again on 10 January and done on 12 January.
    const histories = [h('2026-01-10T00:00:00Z', 'In Progress', '3'), h('2026-01-12T00:00:00Z', 'Done', '10001')];
    const { item } = normalizeIssue(envelope, histories, ctx);
    expect(item.completedAt?.toISOString()).toBe('2026-01-12T00:00:00.000Z');
    expect(item.startedAt?.toISOString()).toBe('2026-01-10T00:00:00.000Z');
  });

  it('without a done entry in the changelog, uses resolutiondate and drops a start that came after it', () => {
    const done = { id: '10001', name: 'Done', statusCategory: { key: 'done' } };
    const envelope = issueEnvelopeSchema.parse(issue(1, { status: done, resolutiondate: '2026-01-05T00:00:00.000+0000' }));
    const { item } = normalizeIssue(envelope, [h('2026-01-10T00:00:00Z', 'In Progress', '3')], ctx);
    expect(item.completedAt?.toISOString()).toBe('2026-01-05T00:00:00.000Z');
    expect(item.startedAt).toBeNull();
  });
});

describe('Jira paging against a misbehaving server', () => {
  it('stops with a clear error when the search answers the same nextPageToken again', async () => {
    let searches = 0;
    metadataMocks()
      .post('/rest/api/3/search/jql')
      .times(1000)
      .reply(200, () => {
        searches++;
        return { issues: [issue(searches)], nextPageToken: 'same', isLast: false };
      });
    const error = await connectorFor(store).sync({ mode: 'full' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PagingStalledError);
    expect(searches).toBeLessThanOrEqual(3);
    expect(store.results.at(-1)).toMatchObject({ ok: false });
  });

  it('stops when the bulk changelog answers the same nextPageToken again', async () => {
    let bulk = 0;
    metadataMocks()
      .post('/rest/api/3/search/jql')
      .reply(200, { issues: [issue(1, { changelogTotal: 25 })], isLast: true })
      .post('/rest/api/3/changelog/bulkfetch')
      .times(1000)
      .reply(200, () => {
        bulk++;
        return { issueChangeLogs: [{ issueId: '40001', changeHistories: [statusChange(String(bulk), 1767261600, 'In Progress', '3')] }], nextPageToken: 'again' };
      });
    await expect(connectorFor(store).sync({ mode: 'full' })).rejects.toThrow(/bulk changelog stopped: the server answered a cursor it had already given/);
    expect(bulk).toBeLessThanOrEqual(3);
  });

  it('counts "not the last page" without a nextPageToken as truncated', async () => {
    metadataMocks()
      .post('/rest/api/3/search/jql', (b: SearchBody) => !b.nextPageToken)
      .reply(200, { issues: [issue(1)], isLast: false });
    const summary = await connectorFor(store).sync({ mode: 'full' });
    expect(summary).toMatchObject({ items: 1, truncated: 1 });
  });
});
