import { describe, expect, it } from 'vitest';
import {
  classifyRelationPhrase,
  parseJiraIssueUrl,
  parseLinearIssueUrl,
  resolveCrossLink,
} from '../../../../services/connectors/cross-links.js';

describe('classifyRelationPhrase', () => {
  it.each([
    ['blocks', { kind: 'blocks', thisIs: 'from' }],
    ['is blocked by', { kind: 'blocks', thisIs: 'to' }],
    ['depends on', { kind: 'blocks', thisIs: 'to' }],
    ['is depended on by', { kind: 'blocks', thisIs: 'from' }],
    // Atlassian's own "Dependent" example words its outward end this way.
    ['is depended by', { kind: 'blocks', thisIs: 'from' }],
    ['is depended upon by', { kind: 'blocks', thisIs: 'from' }],
    ['duplicates', { kind: 'duplicates', thisIs: 'from' }],
    ['is duplicated by', { kind: 'duplicates', thisIs: 'to' }],
    ['relates to', { kind: 'relates', thisIs: 'from' }],
  ])('%s', (phrase, expected) => {
    expect(classifyRelationPhrase(phrase)).toEqual(expected);
  });

  it('returns null for unknown phrases', () => {
    expect(classifyRelationPhrase('clones')).toBeNull();
    expect(classifyRelationPhrase('is caused by')).toBeNull();
    expect(classifyRelationPhrase(null)).toBeNull();
  });
});

describe('parseLinearIssueUrl', () => {
  it('reads workspace and identifier with or without slug', () => {
    expect(parseLinearIssueUrl('https://linear.app/Acme/issue/mob-7/fix-login')).toEqual({ workspace: 'acme', identifier: 'MOB-7' });
    expect(parseLinearIssueUrl('https://linear.app/acme/issue/MOB-12')).toEqual({ workspace: 'acme', identifier: 'MOB-12' });
  });
  it('rejects other URLs', () => {
    expect(parseLinearIssueUrl('https://linear.app/acme/project/roadmap-1')).toBeNull();
    expect(parseLinearIssueUrl('https://example.com/acme/issue/MOB-1')).toBeNull();
  });
});

describe('parseJiraIssueUrl', () => {
  const bases = ['https://acme.atlassian.net/'];
  it('reads browse and board URLs', () => {
    expect(parseJiraIssueUrl('https://acme.atlassian.net/browse/PAY-12', bases)).toEqual({ baseUrl: 'https://acme.atlassian.net', key: 'PAY-12' });
    expect(parseJiraIssueUrl('https://acme.atlassian.net/jira/software/projects/PAY/boards/1?selectedIssue=PAY-3', bases)?.key).toBe('PAY-3');
    expect(parseJiraIssueUrl('https://acme.atlassian.net/jira/software/projects/PAY/issues/PAY-4', bases)?.key).toBe('PAY-4');
  });
  it('ignores other hosts and non-keys', () => {
    expect(parseJiraIssueUrl('https://other.atlassian.net/browse/PAY-12', bases)).toBeNull();
    expect(parseJiraIssueUrl('https://acme.atlassian.net/browse/not-a-key', bases)).toBeNull();
  });
});

describe('resolveCrossLink', () => {
  const from = { sourceName: 'jira', externalId: '10001' };
  const targets = { linearWorkspaces: { acme: 'linear' }, jiraBaseUrls: { 'https://acme.atlassian.net': 'jira' } };

  it('normalizes "is blocked by" to other -> this', () => {
    expect(
      resolveCrossLink({ from, url: 'https://linear.app/acme/issue/MOB-7/x', relation: 'is blocked by', targets, origin: 'jira:remotelink' }),
    ).toEqual({ from: { sourceName: 'linear', key: 'MOB-7' }, to: from, kind: 'blocks', origin: 'jira:remotelink' });
  });
  it('falls back to the title, then to relates', () => {
    expect(resolveCrossLink({ from, url: 'https://linear.app/acme/issue/MOB-7', title: 'blocks', targets, origin: 'o' })?.kind).toBe('blocks');
    expect(resolveCrossLink({ from, url: 'https://linear.app/acme/issue/MOB-7', title: 'MOB-7 Fix login', targets, origin: 'o' })).toEqual({
      from,
      to: { sourceName: 'linear', key: 'MOB-7' },
      kind: 'relates',
      origin: 'o',
    });
  });
  it('resolves Jira URLs for the Linear side and skips unknown workspaces', () => {
    const linearFrom = { sourceName: 'linear', externalId: 'uuid-1' };
    expect(resolveCrossLink({ from: linearFrom, url: 'https://acme.atlassian.net/browse/PAY-1', relation: 'blocks', targets, origin: 'linear:attachment' })?.to).toEqual({
      sourceName: 'jira',
      key: 'PAY-1',
    });
    expect(resolveCrossLink({ from, url: 'https://linear.app/other/issue/MOB-7', targets, origin: 'o' })).toBeNull();
  });
});
