/**
 * The connectors against payloads recorded from, or published for, the real Jira Cloud and
 * Linear APIs (../shared/real-payloads beside the repository; see its README for sources). They
 * are read at run time and never copied here. Every file is accounted for: a file the read side
 * consumes must parse and normalize; one it does not consume is named with the reason, so a new
 * recording cannot slip by unchecked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ItemRef, NormalizedLink } from '../../../services/connectors/connector-types.js';
import { parseHistories, statusTransitions } from '../../../services/connectors/jira/jira-changelog.js';
import { normalizeIssue, type NormalizeContext } from '../../../services/connectors/jira/jira-issue-normalize.js';
import { createLinkTypeResolver, type JiraLinkType } from '../../../services/connectors/jira/jira-link-types.js';
import { normalizeIssueLinks, normalizeRemoteLinks } from '../../../services/connectors/jira/jira-links.js';
import { categoryFromJiraKey } from '../../../services/connectors/jira/jira-metadata.js';
import { jiraSourceOptionsSchema } from '../../../services/connectors/jira/jira-options.js';
import {
  bulkChangelogSchema,
  changelogPageSchema,
  embeddedChangelogSchema,
  fieldListSchema,
  issueEnvelopeSchema,
  myselfSchema,
  statusListSchema,
} from '../../../services/connectors/jira/jira-payload-schemas.js';
import { linearTouchedItems, linearWebhookSchema } from '../../../services/http/webhook-verification.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const REAL = `${ROOT}../shared/real-payloads`;
const read = (path: string): unknown => JSON.parse(readFileSync(`${REAL}/${path}`, 'utf8'));
const record = (value: unknown): Record<string, unknown> => value as Record<string, unknown>;

const statuses = statusListSchema.parse(read('jira/go-jira.all_statuses.json'));
const context: NormalizeContext = {
  sourceName: 'jira-real',
  baseUrl: 'https://your-domain.atlassian.net',
  options: jiraSourceOptionsSchema.parse({ projects: ['EX', 'PR'] }),
  metadata: {
    storyPointsFieldIds: [],
    teamFieldId: null,
    statusById: new Map(statuses.map((s) => [s.id, categoryFromJiraKey(s.statusCategory?.key)])),
    statusByName: new Map(statuses.map((s) => [s.name.toLowerCase(), categoryFromJiraKey(s.statusCategory?.key)])),
    timeZone: null,
  },
  resolveLinkType: createLinkTypeResolver(),
};

/** Parses and normalizes one issue the way a sync page does, failing on anything dropped. */
function normalizeRealIssue(raw: unknown) {
  const issue = issueEnvelopeSchema.parse(raw);
  const embedded = issue.changelog === undefined ? { histories: [] } : embeddedChangelogSchema.parse(issue.changelog);
  const { histories, malformed } = parseHistories(embedded.histories);
  expect(malformed, `${issue.key}: changelog entries dropped`).toBe(0);
  const result = normalizeIssue(issue, histories, context);
  // The published examples leave fields out (a problem recorded, the item still stored); anything
  // present must be read. Epoch datetimes (Atlassian's `"updated": 1`) are issue 26's to accept.
  const unread = result.problems.filter((p) => !p.reason.startsWith('missing field') && !/^invalid field (updated|created): .*received number/.test(p.reason));
  expect(unread, issue.key).toEqual([]);
  expect(result.skippedLinks, issue.key).toEqual([]);
  expect(result.item).toMatchObject({ externalId: issue.id, key: issue.key });
  return result;
}

const issueFiles: Readonly<Record<string, (json: unknown) => unknown[]>> = {
  'jira/atlassian-spec.search-jql-post.example.json': (json) => record(json)['issues'] as unknown[],
  'jira/atlassian-spec.get-issue.example.json': (json) => [json],
  'jira/go-jira.issue-get.json': (json) => [json],
  'jira/go-jira.issues_in_sprint.json': (json) => record(json)['issues'] as unknown[],
};

const linkTypeFiles: Readonly<Record<string, (json: unknown) => JiraLinkType[]>> = {
  'jira/go-jira.all_issuelinktypes.json': (json) => json as JiraLinkType[],
  'jira/atlassian-spec.issuelinktypes.example.json': (json) => record(json)['issueLinkTypes'] as JiraLinkType[],
};

const otherReadFiles: Readonly<Record<string, (json: unknown) => void>> = {
  'jira/atlassian-spec.changelog-page.example.json': (json) => {
    const page = changelogPageSchema.parse(json);
    expect(parseHistories(page.values).malformed).toBe(0);
  },
  'jira/go-jira.issue-changelog.json': (json) => {
    const changelog = embeddedChangelogSchema.parse(record(json)['changelog']);
    const { histories, malformed } = parseHistories(changelog.histories);
    expect(malformed).toBe(0);
    expect(statusTransitions({ sourceName: 'j', externalId: '10002' }, histories, () => 'unknown')).toEqual([]);
  },
  'jira/atlassian-spec.remotelinks.example.json': (json) => remoteLinksParse(json),
  'jira/go-jira.remote_links.json': (json) => remoteLinksParse(json),
  'jira/atlassian-spec.fields.example.json': (json) => expect(fieldListSchema.parse(json).length).toBeGreaterThan(0),
  'jira/go-jira.all_fields.json': (json) => expect(fieldListSchema.parse(json).length).toBeGreaterThan(0),
  'jira/atlassian-spec.statuses.example.json': (json) => statusesParse(json),
  'jira/go-jira.all_statuses.json': (json) => statusesParse(json),
  'jira/go-jira.all_statuscategories.json': (json) => {
    const keys = (json as { key: string }[]).map((c) => [c.key, categoryFromJiraKey(c.key)]).sort();
    expect(keys).toEqual([['done', 'done'], ['indeterminate', 'in_progress'], ['new', 'todo'], ['undefined', 'unknown']]);
  },
  'jira/atlassian-spec.myself.example.json': (json) => expect(myselfSchema.parse(json).timeZone).toBe('Australia/Sydney'),
  'linear/port-docs.issue-create.webhook.json': (json) => {
    // The queued id must be the UUID the connector filters on, not the identifier "POR-5".
    expect(linearTouchedItems(linearWebhookSchema.parse(json))).toEqual(['d62a755d-5389-4dbd-98bb-3db03f239d9d']);
  },
  'linear/linear-sdk-test.comment-create.webhook.json': (json) => {
    const event = linearWebhookSchema.parse(json);
    expect(linearTouchedItems(event)).toEqual([String(record(record(json)['data'])['issueId'])]);
  },
};

/** Every status gets a category; only Jira's "No Category" (key `undefined`) stays unknown. */
function statusesParse(json: unknown): void {
  for (const status of statusListSchema.parse(json)) {
    const key = status.statusCategory?.key;
    expect(categoryFromJiraKey(key) === 'unknown', `${status.name} (${key})`).toBe(key === 'undefined');
  }
}

function remoteLinksParse(json: unknown): void {
  const self: ItemRef = { sourceName: 'jira-real', externalId: '1', key: 'EX-1' };
  // Neither recording points at a configured tracker: they parse, and become no links.
  expect(normalizeRemoteLinks(self, json, { linearWorkspaces: { acme: 'linear' } })).toEqual([]);
}

/** Files the sync connectors do not read, with what does (or why nothing does). */
const notReadBySync: Readonly<Record<string, string>> = {
  'jira/atlassian-docs.rate-limit-429.headers.json': 'headers: http-retry tests',
  'jira/github-issues.jira-cloud-errors.recorded.json': 'error bodies: connector-errors / http-retry tests',
  'jira/atlassian-spec.error-examples.json': 'error bodies: connector-errors / http-retry tests',
  'linear/github-issues.linear-errors.recorded.json': 'error bodies: linear-transport tests',
  'linear/linear-rate-limit.headers.json': 'headers: linear-transport tests',
  'linear/linear-sdk.error-types.json': 'error types: linear-transport tests',
};
/** Bulk changelog: its epoch `created` dates are issue 26's to accept (see the last test). */
const BULK_CHANGELOG = 'jira/atlassian-spec.bulkfetch.example.json';
/** Write-side recordings (comments, labels, properties, ADF): the write-back work, not the sync. */
const WRITE_SIDE = /comment|edit-issue|property|write-|adf|mention|n8n\./i;

describe('real Jira Cloud and Linear payloads', () => {
  it('every recorded file is accounted for', () => {
    const files = ['jira', 'linear'].flatMap((dir) => readdirSync(`${REAL}/${dir}`).map((name) => `${dir}/${name}`));
    const unaccounted = files.filter(
      (f) => f !== BULK_CHANGELOG && !(f in issueFiles) && !(f in linkTypeFiles) && !(f in otherReadFiles) && !(f in notReadBySync) && !WRITE_SIDE.test(f),
    );
    expect(unaccounted).toEqual([]);
  });

  it.each(Object.keys(issueFiles))('%s: every issue parses and normalizes', (file) => {
    const issues = issueFiles[file]?.(read(file)) ?? [];
    expect(issues.length).toBeGreaterThan(0);
    for (const raw of issues) normalizeRealIssue(raw);
  });

  it.each(Object.keys(otherReadFiles))('%s parses', (file) => {
    otherReadFiles[file]?.(read(file));
  });

  it("Atlassian's examples: the Dependent links come out in one direction from both ends", () => {
    // ED-1 "is depended by" PR-2 (outward) and "depends on" PR-3 (inward).
    const { links, linkedItems } = normalizeRealIssue(read('jira/atlassian-spec.get-issue.example.json'));
    expect(links.map(short)).toEqual(['ED-1 blocks PR-2', 'PR-3 blocks ED-1']);
    // What the link embeds about PR-2 (outside the synced projects) is kept for its placeholder.
    expect(linkedItems.find((l) => l.ref.key === 'PR-2')).toMatchObject({
      // The example's status carries no category and the site's status list has no "Open".
      url: 'https://your-domain.atlassian.net/browse/PR-2', status: 'Open', statusCategory: 'unknown',
    });
    // PR-2's payload shows the same link from its end: ED-1 is its inward issue.
    const fromPr2 = normalizeIssueLinks({ sourceName: 'jira-real', externalId: '10004', key: 'PR-2' }, [
      { type: { name: 'Dependent', inward: 'depends on', outward: 'is depended by' }, inwardIssue: { id: '10002', key: 'ED-1' } },
    ], 'jira-real', createLinkTypeResolver());
    expect(fromPr2.links.map(short)).toEqual(['ED-1 blocks PR-2']);
  });

  it.each(Object.keys(linkTypeFiles))('%s: every link type is understood, the same from both ends', (file) => {
    const resolve = createLinkTypeResolver();
    const types = linkTypeFiles[file]?.(read(file)) ?? [];
    expect(types.length).toBeGreaterThan(0);
    for (const type of types) {
      expect(resolve(type), type.name).not.toBeNull();
      const a: ItemRef = { sourceName: 'j', externalId: '1', key: 'A-1' };
      const b: ItemRef = { sourceName: 'j', externalId: '2', key: 'B-2' };
      // A is the link's source: its payload names B `outwardIssue`; B's payload names A `inwardIssue`.
      const fromA = normalizeIssueLinks(a, [{ type, outwardIssue: { id: '2', key: 'B-2' } }], 'j', resolve).links;
      const fromB = normalizeIssueLinks(b, [{ type, inwardIssue: { id: '1', key: 'A-1' } }], 'j', resolve).links;
      expect(fromA.map(short), type.name).toEqual(fromB.map(short));
      expect(fromA, type.name).toHaveLength(1);
    }
  });

  it(`${BULK_CHANGELOG}: every entry parses`, () => {
    const page = bulkChangelogSchema.parse(read(BULK_CHANGELOG));
    for (const log of page.issueChangeLogs) expect(parseHistories(log.changeHistories).malformed).toBe(0);
  });
});

function short(link: NormalizedLink): string {
  const name = (ref: ItemRef) => ref.key ?? ('externalId' in ref ? ref.externalId : '?');
  return `${name(link.from)} ${link.kind} ${name(link.to)}`;
}
