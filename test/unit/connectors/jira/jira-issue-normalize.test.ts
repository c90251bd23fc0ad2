import { describe, expect, it } from 'vitest';
import { normalizeIssue, type NormalizeContext } from '../../../../services/connectors/jira/jira-issue-normalize.js';
import { createLinkTypeResolver } from '../../../../services/connectors/jira/jira-link-types.js';
import { jiraSourceOptionsSchema, type JiraSourceOptionsInput } from '../../../../services/connectors/jira/jira-options.js';
import { issueEnvelopeSchema } from '../../../../services/connectors/jira/jira-payload-schemas.js';

const metadata = { storyPointsFieldIds: [] as string[], teamFieldId: 'customfield_10001', statusById: new Map(), statusByName: new Map(), timeZone: null };

function ctx(teamMapping: NormalizeContext['options']['teamMapping'], extra: Partial<JiraSourceOptionsInput> = {}): NormalizeContext {
  return {
    sourceName: 'j',
    baseUrl: 'https://acme.atlassian.net',
    options: { ...jiraSourceOptionsSchema.parse({ projects: ['PAY', 'WEB'], ...extra }), teamMapping },
    metadata,
    resolveLinkType: createLinkTypeResolver(),
  };
}

const issue = (fields: Record<string, unknown>) =>
  issueEnvelopeSchema.parse({
    id: 10,
    key: 'PAY-10',
    fields: {
      summary: 's',
      status: { id: '1', name: 'Done', statusCategory: { key: 'done' } },
      project: { id: '100', key: 'PAY', name: 'Payments' },
      created: '2026-01-01T00:00:00.000+0000',
      updated: '2026-01-02T00:00:00.000+0000',
      ...fields,
    },
  });

describe('normalizeIssue', () => {
  it('maps teams by component, label prefix and Atlassian team field', () => {
    const fields = {
      components: [{ id: '5', name: 'ledger' }],
      labels: ['backend', 'team-payments'],
      customfield_10001: { id: 'ari-team-1', name: 'Payments Squad' },
    };
    expect(normalizeIssue(issue(fields), [], ctx({ by: 'component' })).team).toEqual({ externalId: 'component:5', key: 'ledger', name: 'ledger' });
    expect(normalizeIssue(issue(fields), [], ctx({ by: 'label', prefix: 'team-' })).team).toEqual({ externalId: 'label:payments', key: 'payments', name: 'payments' });
    expect(normalizeIssue(issue(fields), [], ctx({ by: 'field', fieldId: 'customfield_10001' })).item.teamExternalId).toBe('field:ari-team-1');
    expect(normalizeIssue(issue(fields), [], ctx({ by: 'project' })).item.teamExternalId).toBe('100');
  });

  it('a done issue without resolution completes at its last transition into done; a reopened one is not completed', () => {
    const h = (at: string, from: string, to: string, toId: string) => ({
      id: at, created: new Date(at), items: [{ field: 'status', fieldId: 'status', fromString: from, toString: to, to: toId }],
    });
    const histories = [h('2026-01-01T10:00:00Z', 'To Do', 'Done', '1'), h('2026-01-01T11:00:00Z', 'Done', 'In Progress', '3'), h('2026-01-01T12:00:00Z', 'In Progress', 'Done', '1')];
    const meta = { ...metadata, statusById: new Map([['3', 'in_progress' as const]]) };
    const c = { ...ctx({ by: 'project' }), metadata: meta };
    const done = normalizeIssue(issue({}), histories, c);
    expect(done.item.completedAt?.toISOString()).toBe('2026-01-01T12:00:00.000Z');
    expect(done.item.startedAt?.toISOString()).toBe('2026-01-01T11:00:00.000Z');
    const reopened = normalizeIssue(issue({ status: { id: '3', name: 'In Progress', statusCategory: { key: 'indeterminate' } }, resolutiondate: '2026-01-01T10:00:00.000+0000' }), histories, c);
    expect(reopened.item.completedAt).toBeNull();
  });

  it('converts original estimate seconds to points at hoursPerPoint', () => {
    expect(normalizeIssue(issue({ timeoriginalestimate: 4 * 3600 }), [], ctx({ by: 'project' })).item.estimate).toBe(0.5);
  });

  it('takes the story points field each issue fills when the site has both, or the project\'s configured one', () => {
    // Company-managed projects fill "Story Points", team-managed ones "Story point estimate".
    const both = { ...ctx({ by: 'project' }), metadata: { ...metadata, storyPointsFieldIds: ['customfield_10026', 'customfield_10016'] } };
    expect(normalizeIssue(issue({ customfield_10026: null, customfield_10016: 5 }), [], both).item.estimate).toBe(5);
    expect(normalizeIssue(issue({ customfield_10026: 3, customfield_10016: null }), [], both).item.estimate).toBe(3);
    expect(normalizeIssue(issue({ customfield_10026: 3, customfield_10016: 8 }), [], both).item.estimate).toBe(3);

    const configured = {
      ...ctx({ by: 'project' }, { storyPointsFieldByProject: { PAY: 'customfield_10016' } }),
      metadata: { ...metadata, storyPointsFieldIds: ['customfield_10026'] },
    };
    expect(normalizeIssue(issue({ customfield_10026: 3, customfield_10016: 8 }), [], configured).item.estimate).toBe(8);
  });
});
