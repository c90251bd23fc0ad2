import { describe, expect, it } from 'vitest';
import { normalizeIssueLinks, normalizeRemoteLinks, parentLink } from '../../../../services/connectors/jira/jira-links.js';
import { formatJqlDate, passJql } from '../../../../services/connectors/jira/jira-jql.js';
import { resolveCategory } from '../../../../services/connectors/jira/jira-metadata.js';

const self = { sourceName: 'j', externalId: '1', key: 'A-1' };
const other = (id: string, key: string) => ({ id, key });
const type = (name: string, inward: string, outward: string) => ({ name, inward, outward });
const short = (l: { from: { key?: string }; to: { key?: string }; kind: string }) => `${l.from.key} ${l.kind} ${l.to.key}`;

describe('normalizeIssueLinks', () => {
  it('normalizes both ends of Blocks to blocker -> blocked', () => {
    const out = normalizeIssueLinks(self, [
      { type: type('Blocks', 'is blocked by', 'blocks'), outwardIssue: other('2', 'A-2') },
      { type: type('Blocks', 'is blocked by', 'blocks'), inwardIssue: other('3', 'X-3') },
    ], 'j');
    expect(out.links.map(short)).toEqual(['A-1 blocks A-2', 'X-3 blocks A-1']);
  });

  it('reads custom dependency wording, keeps relates canonical, skips unknown types', () => {
    const out = normalizeIssueLinks(self, [
      { type: type('Dependency', 'is depended on by', 'depends on'), outwardIssue: other('2', 'A-2') },
      { type: type('Dependency', 'is depended on by', 'depends on'), inwardIssue: other('4', 'A-4') },
      { type: type('Relates', 'relates to', 'relates to'), inwardIssue: other('5', 'A-5') },
      { type: type('Duplicate', 'is duplicated by', 'duplicates'), inwardIssue: other('6', 'A-6') },
      { type: type('Cloners', 'is cloned by', 'clones'), outwardIssue: other('7', 'A-7') },
      { type: type('Problem/Incident', 'is caused by', 'causes'), outwardIssue: other('8', 'A-8') },
      { nonsense: true },
    ], 'j');
    expect(out.links.map(short)).toEqual(['A-2 blocks A-1', 'A-1 blocks A-4', 'A-5 relates A-1', 'A-6 duplicates A-1']);
    expect(out.skipped.map((s) => s.typeName)).toEqual(['Cloners', 'Problem/Incident', '?']);
  });

  it('parent link points from parent to child', () => {
    expect(parentLink(self, { id: '9', key: 'A-9' }, 'j')).toEqual({ from: { sourceName: 'j', externalId: '9', key: 'A-9' }, to: self, kind: 'parent', origin: 'parent' });
  });

  it('remote links: Linear URLs become cross-tracker links, others are ignored', () => {
    const links = normalizeRemoteLinks(self, [
      { relationship: 'blocks', object: { url: 'https://linear.app/acme/issue/MOB-3/x', title: 'MOB-3' } },
      { relationship: 'mentioned in', object: { url: 'https://github.com/acme/app/pull/1', title: 'PR' } },
      { object: { title: 'no url' } },
    ], { linearWorkspaces: { acme: 'lin' } });
    expect(links).toEqual([{ from: self, to: { sourceName: 'lin', key: 'MOB-3' }, kind: 'blocks', origin: 'jira:remotelink' }]);
  });
});

describe('JQL', () => {
  it('formats in the user zone, across DST', () => {
    expect(formatJqlDate(new Date('2026-07-01T10:07:59Z'), 'America/New_York')).toBe('2026-07-01 06:07');
    expect(formatJqlDate(new Date('2026-01-01T10:07:59Z'), 'America/New_York')).toBe('2026-01-01 05:07');
    expect(formatJqlDate(new Date('2026-01-01T23:30:00Z'), null)).toBe('2026-01-01 23:30');
  });
  it('subtracts the overlap and quotes keys', () => {
    expect(passJql({ projects: ['PAY'], updatedSince: new Date('2026-01-01T00:03:00Z'), overlapMinutes: 5, timeZone: 'UTC', keys: ['PAY-1'] })).toBe(
      'project in ("PAY") AND issuekey in ("PAY-1") AND updated >= "2025-12-31 23:58" ORDER BY updated ASC, id ASC',
    );
  });
});

describe('resolveCategory', () => {
  const metadata = { statusById: new Map([['7', 'done' as const]]), statusByName: new Map([['shipped', 'done' as const]]) };
  it('prefers overrides, then the own category key, then the status list by id and name', () => {
    expect(resolveCategory({ name: 'In Review', jiraKey: 'indeterminate' }, metadata, { 'in review': 'done' })).toBe('done');
    expect(resolveCategory({ name: 'Doing', jiraKey: 'indeterminate' }, metadata, {})).toBe('in_progress');
    expect(resolveCategory({ id: '7', name: 'Whatever' }, metadata, {})).toBe('done');
    expect(resolveCategory({ name: 'Shipped' }, metadata, {})).toBe('done');
    expect(resolveCategory({ name: 'Mystery' }, metadata, {})).toBe('unknown');
  });
});
