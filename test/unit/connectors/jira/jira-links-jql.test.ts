import { describe, expect, it } from 'vitest';
import { normalizeIssueLinks, normalizeRemoteLinks, parentLink } from '../../../../services/connectors/jira/jira-links.js';
import { createLinkTypeResolver } from '../../../../services/connectors/jira/jira-link-types.js';
import { formatJqlDate, passJql } from '../../../../services/connectors/jira/jira-jql.js';
import { resolveCategory } from '../../../../services/connectors/jira/jira-metadata.js';

const self = { sourceName: 'j', externalId: '1', key: 'A-1' };
const other = (id: string, key: string) => ({ id, key });
const type = (name: string, inward: string, outward: string) => ({ name, inward, outward });
const defaults = createLinkTypeResolver();
const short = (l: { from: { key?: string }; to: { key?: string }; kind: string }) => `${l.from.key} ${l.kind} ${l.to.key}`;

describe('normalizeIssueLinks', () => {
  it('normalizes both ends of Blocks to blocker -> blocked', () => {
    const out = normalizeIssueLinks(self, [
      { type: type('Blocks', 'is blocked by', 'blocks'), outwardIssue: other('2', 'A-2') },
      { type: type('Blocks', 'is blocked by', 'blocks'), inwardIssue: other('3', 'X-3') },
    ], 'j', defaults);
    expect(out.links.map(short)).toEqual(['A-1 blocks A-2', 'X-3 blocks A-1']);
  });

  it('reads custom dependency wording, keeps relates canonical, maps common names, skips unknown types', () => {
    const out = normalizeIssueLinks(self, [
      { type: type('Dependency', 'is depended on by', 'depends on'), outwardIssue: other('2', 'A-2') },
      { type: type('Dependency', 'is depended on by', 'depends on'), inwardIssue: other('4', 'A-4') },
      { type: type('Relates', 'relates to', 'relates to'), inwardIssue: other('5', 'A-5') },
      { type: type('Duplicate', 'is duplicated by', 'duplicates'), inwardIssue: other('6', 'A-6') },
      { type: type('Cloners', 'is cloned by', 'clones'), outwardIssue: other('7', 'A-7') },
      { type: type('Problem/Incident', 'is caused by', 'causes'), outwardIssue: other('8', 'A-8') },
      { type: type('Zaps', 'is zapped by', 'zaps'), outwardIssue: other('9', 'A-9') },
      { nonsense: true },
    ], 'j', defaults);
    expect(out.links.map(short)).toEqual([
      'A-2 blocks A-1', 'A-1 blocks A-4', 'A-5 relates A-1', 'A-6 duplicates A-1', 'A-1 relates A-7', 'A-1 relates A-8',
    ]);
    expect(out.skipped.map((s) => [s.typeName, s.unknownType ?? false])).toEqual([['Zaps', true], ['?', false]]);
  });

  it("reads Atlassian's \"Dependent\" (outward \"is depended by\") the same from both ends", () => {
    const dependent = type('Dependent', 'depends on', 'is depended by');
    // A-1 is depended by A-2 (A-2 waits for A-1); A-2's payload shows the same link from the other end.
    const fromA1 = normalizeIssueLinks(self, [{ type: dependent, outwardIssue: other('2', 'A-2') }], 'j', defaults);
    const fromA2 = normalizeIssueLinks({ sourceName: 'j', externalId: '2', key: 'A-2' }, [{ type: dependent, inwardIssue: other('1', 'A-1') }], 'j', defaults);
    expect(fromA1.links.map(short)).toEqual(['A-1 blocks A-2']);
    expect(fromA2.links.map(short)).toEqual(['A-1 blocks A-2']);
  });

  it('reads Duraspace\'s "Dependency" (inward "required by", no "is") the same from both ends, and "Addresses" as related', () => {
    const dependency = type('Dependency', 'required by', 'depends on');
    // A-1 depends on A-2: A-1 is the source, A-2 blocks it.
    const fromA1 = normalizeIssueLinks(self, [{ type: dependency, outwardIssue: other('2', 'A-2') }], 'j', defaults);
    const fromA2 = normalizeIssueLinks({ sourceName: 'j', externalId: '2', key: 'A-2' }, [{ type: dependency, inwardIssue: other('1', 'A-1') }], 'j', defaults);
    expect(fromA1.links.map(short)).toEqual(['A-2 blocks A-1']);
    expect(fromA2.links.map(short)).toEqual(['A-2 blocks A-1']);
    const addresses = normalizeIssueLinks(self, [{ type: type('Addresses', 'addressed by', 'addresses'), outwardIssue: other('2', 'A-2') }], 'j', defaults);
    expect(addresses.links.map(short)).toEqual(['A-1 relates A-2']);
    expect(addresses.skipped).toEqual([]);
  });

  it('config mappings override wording and defaults, and can ignore a type', () => {
    const resolve = createLinkTypeResolver({ zaps: { kind: 'blocks', blockerIs: 'inward' }, Cloners: { kind: 'ignore' } });
    const out = normalizeIssueLinks(self, [
      { type: type('Zaps', 'is zapped by', 'zaps'), outwardIssue: other('9', 'A-9') },
      { type: type('Cloners', 'is cloned by', 'clones'), outwardIssue: other('7', 'A-7') },
    ], 'j', resolve);
    expect(out.links.map(short)).toEqual(['A-9 blocks A-1']);
    expect(out.skipped).toEqual([]);
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
