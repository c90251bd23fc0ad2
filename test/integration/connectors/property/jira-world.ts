/**
 * A generated Jira Cloud site served on loopback in the shapes of Atlassian's REST v3 schemas
 * (SearchAndReconcileResults, IssueBean with an embedded PageOfChangelogs, BulkChangelogResponseBean,
 * StatusDetails, UserDetails): fast-check builds the issues, their links and histories (ordinary
 * values mostly, with the odd value a misbehaving server or proxy sends: NUL, lone surrogates,
 * year 0000, epoch numbers, histories without `created`) and the server's paging quirks.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';

export const REQUEST_CAP = 2000;

export type SearchQuirk = 'none' | 'repeatToken' | 'missingToken' | 'freshTokensForever';
export type BulkQuirk = 'none' | 'repeatToken';

/** Status ids of the site's status list: id → [name, statusCategory key]. */
export const STATUSES: Readonly<Record<string, readonly [string, string]>> = {
  '1': ['To Do', 'new'],
  '3': ['In Progress', 'indeterminate'],
  '10001': ['Done', 'done'],
};

export interface JiraHistoryEntry {
  readonly id: string;
  /** As sent: a Jira datetime string, an epoch number, garbage, or absent (undefined). */
  readonly created: string | number | undefined;
  readonly toId: string;
  readonly toString: string;
}

export interface JiraWorldIssue {
  readonly id: string;
  readonly key: string;
  readonly summary: string;
  readonly statusId: string;
  readonly created: string;
  readonly updated: string;
  readonly resolutiondate: string | null;
  readonly duedate: string | null;
  readonly labels: readonly string[];
  readonly links: ReadonlyArray<{ readonly id: string; readonly target: number; readonly outward: boolean }>;
  readonly histories: readonly JiraHistoryEntry[];
  /** Histories the search embeds (the rest needs the bulk changelog). */
  readonly embedded: number;
}

export interface JiraWorld {
  readonly issues: readonly JiraWorldIssue[];
  readonly pageSize: number;
  readonly searchQuirk: SearchQuirk;
  readonly bulkQuirk: BulkQuirk;
}

const ODD_TEXT = ['\u0000', '\ud800', '\udfff', 'x'.repeat(3000), '', 'a\u0000\udc00b'];
const text = fc.oneof(
  { weight: 10, arbitrary: fc.string({ maxLength: 10 }) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 4 }), fc.constantFrom(...ODD_TEXT)).map(([a, b]) => a + b) },
);
const instantMs = fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2026-05-01T00:00:00Z') });
export const jiraDateTime = (ms: number): string => new Date(ms).toISOString().replace('Z', '+0000');
const dateTime = fc.oneof(
  { weight: 10, arbitrary: instantMs.map(jiraDateTime) },
  { weight: 1, arbitrary: fc.constantFrom('0000-01-01T00:00:00.000+0000', '2024-02-30T10:00:00.000+0000', 'yesterday', '+010000-01-01T00:00:00.000Z') },
);
const historyCreated = fc.oneof(
  { weight: 6, arbitrary: instantMs.map(jiraDateTime) },
  { weight: 2, arbitrary: instantMs.map((ms) => Math.floor(ms / 1000)) },
  { weight: 2, arbitrary: instantMs },
  { weight: 1, arbitrary: fc.constantFrom<string | number | undefined>(undefined, 'garbage', '0000-01-01T00:00:00.000+0000', 1e20) },
);
const statusId = fc.constantFrom(...Object.keys(STATUSES));

function issueArbitrary(index: number, size: number): fc.Arbitrary<JiraWorldIssue> {
  const history = fc.record({
    id: fc.integer({ min: 1, max: 1e9 }).map(String),
    created: historyCreated,
    toId: statusId,
    toString: fc.oneof({ weight: 8, arbitrary: statusId.map((id) => STATUSES[id]![0]) }, { weight: 1, arbitrary: text }),
  });
  return fc
    .record({
      idKind: fc.constantFrom('plain', 'plain', 'plain', 'plain', 'plain', 'plain', 'plain', 'plain', 'long', 'nul'),
      summary: text,
      statusId,
      created: dateTime,
      updated: instantMs.map(jiraDateTime),
      resolutiondate: fc.option(dateTime, { nil: null }),
      duedate: fc.oneof(fc.constant(null), instantMs.map((ms) => new Date(ms).toISOString().slice(0, 10)), fc.constantFrom('2026-02-30', '0000-01-01')),
      labels: fc.array(text.map((l) => l.replace(/\s/g, '_')), { maxLength: 4 }),
      links: fc.array(fc.record({ id: fc.integer({ min: 1, max: 1e9 }).map(String), target: fc.integer({ min: 0, max: size - 1 }), outward: fc.boolean() }), { maxLength: 5 }),
      histories: fc.array(history, { maxLength: 30 }),
      embedRatio: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map((r) => {
      const histories = [...new Map(r.histories.map((h) => [h.id, h])).values()];
      return {
        id: r.idKind === 'long' ? `${'7'.repeat(1100)}${index}` : r.idKind === 'nul' ? `${20_000 + index}\u0000` : String(20_000 + index),
        key: r.idKind === 'long' ? `PAY-${'7'.repeat(3000)}${index}` : `PAY-${index + 1}`,
        summary: r.summary,
        statusId: r.statusId,
        created: r.created,
        updated: r.updated,
        resolutiondate: r.resolutiondate,
        duedate: r.duedate,
        labels: r.labels,
        links: r.links,
        histories,
        // Jira embeds at most 20.
        embedded: Math.min(20, Math.floor(histories.length * r.embedRatio)),
      };
    });
}

export const jiraWorldArbitrary: fc.Arbitrary<JiraWorld> = fc.integer({ min: 1, max: 12 }).chain((size) =>
  fc.record({
    issues: fc.tuple(...Array.from({ length: size }, (_, i) => issueArbitrary(i, size))),
    pageSize: fc.integer({ min: 1, max: 5 }),
    searchQuirk: fc.constantFrom<SearchQuirk>('none', 'none', 'none', 'none', 'repeatToken', 'missingToken', 'freshTokensForever'),
    bulkQuirk: fc.constantFrom<BulkQuirk>('none', 'none', 'none', 'none', 'repeatToken'),
  }),
);

export interface ServedJira {
  readonly url: string;
  readonly served: Set<number>;
  requests: number;
  close(): Promise<void>;
}

function historyJson(entry: JiraHistoryEntry) {
  return {
    id: entry.id,
    author: { accountId: '5b10a2844c20165700ede21g', displayName: 'Mia Krystof', active: true },
    ...(entry.created === undefined ? {} : { created: entry.created }),
    items: [{ field: 'status', fieldId: 'status', fieldtype: 'jira', from: '1', fromString: 'To Do', to: entry.toId, toString: entry.toString }],
  };
}

export async function serveJira(world: JiraWorld): Promise<ServedJira> {
  const byId = new Map(world.issues.map((issue, index) => [issue.id, index]));
  const served = new Set<number>();
  let fresh = 0;

  const issueJson = (index: number) => {
    const w = world.issues[index]!;
    const [statusName, category] = STATUSES[w.statusId]!;
    return {
      id: w.id,
      key: w.key,
      self: `http://jira.invalid/rest/api/3/issue/${index}`,
      fields: {
        summary: w.summary,
        issuetype: { id: '10001', name: 'Story' },
        status: { id: w.statusId, name: statusName, statusCategory: { id: 2, key: category } },
        project: { id: '10000', key: 'PAY', name: 'Payments' },
        labels: w.labels,
        issuelinks: w.links.map((l) => {
          const target = world.issues[l.target]!;
          const ref = { id: target.id, key: target.key, fields: { summary: target.summary } };
          return { id: l.id, type: { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' }, ...(l.outward ? { outwardIssue: ref } : { inwardIssue: ref }) };
        }),
        created: w.created,
        updated: w.updated,
        ...(w.resolutiondate ? { resolutiondate: w.resolutiondate } : {}),
        ...(w.duedate ? { duedate: w.duedate } : {}),
      },
      changelog: { startAt: 0, maxResults: w.embedded, total: w.histories.length, histories: w.histories.slice(0, w.embedded).map(historyJson) },
    };
  };

  const search = (body: { nextPageToken?: string; maxResults?: number }) => {
    const offset = body.nextPageToken ? Number(body.nextPageToken.split('#')[0]!.slice(1)) : 0;
    const size = Math.min(body.maxResults ?? 50, world.pageSize);
    const page = world.issues.map((_, i) => i).slice(offset, offset + size);
    for (const i of page) served.add(i);
    const more = offset + size < world.issues.length;
    const issues = page.map(issueJson);
    const next = `t${offset + page.length}`;
    switch (world.searchQuirk) {
      case 'repeatToken':
        return more ? { issues, nextPageToken: 't1', isLast: false } : { issues, isLast: true };
      case 'missingToken':
        return { issues, isLast: !more };
      case 'freshTokensForever':
        return { issues, nextPageToken: more ? next : `t${world.issues.length}#${++fresh}`, isLast: false };
      case 'none':
        return more ? { issues, nextPageToken: next, isLast: false } : { issues, isLast: true };
    }
  };

  const bulk = (body: { issueIdsOrKeys?: string[]; nextPageToken?: string }) => {
    const issueChangeLogs = (body.issueIdsOrKeys ?? []).flatMap((id) => {
      const index = byId.get(id);
      return index === undefined ? [] : [{ issueId: id, changeHistories: world.issues[index]!.histories.map(historyJson) }];
    });
    // With the quirk, the first page points at itself: a second answer repeats the token.
    if (world.bulkQuirk === 'repeatToken') return { issueChangeLogs: body.nextPageToken ? [] : issueChangeLogs, nextPageToken: 'b-again' };
    return { issueChangeLogs };
  };

  const state: ServedJira = {
    url: '',
    served,
    requests: 0,
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
  const http: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      state.requests++;
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (state.requests > REQUEST_CAP) return reply(400, { errorMessages: ['request cap reached'], errors: {} });
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, never>) : {};
      if (path === '/rest/api/3/field') return reply(200, [{ id: 'summary', name: 'Summary', custom: false }]);
      if (path === '/rest/api/3/status') {
        return reply(200, Object.entries(STATUSES).map(([id, [name, key]]) => ({ id, name, statusCategory: { id: 2, key } })));
      }
      if (path === '/rest/api/3/myself') return reply(200, { accountId: 'bot', timeZone: 'UTC' });
      if (path === '/rest/api/3/search/jql') return reply(200, search(body));
      if (path === '/rest/api/3/changelog/bulkfetch') return reply(200, bulk(body));
      return reply(404, { errorMessages: [`no route ${path}`], errors: {} });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  (state as { url: string }).url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return state;
}
