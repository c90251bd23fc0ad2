import { describe, expect, it } from 'vitest';
import { parseHistories, trackedFieldChanges } from '../../../../services/connectors/jira/jira-changelog.js';

describe('trackedFieldChanges', () => {
  it('keeps fix version, story point and link changes in time order, nothing else', () => {
    const { histories } = parseHistories([
      {
        id: '2',
        created: '2012-03-02T10:00:00.000-0600',
        items: [
          { field: 'Story Points', fieldtype: 'custom', fieldId: 'customfield_10023', from: null, fromString: '2', to: null, toString: '5' },
          { field: 'Link', fieldtype: 'jira', from: null, fromString: null, to: 'FCREPO-9', toString: 'This issue depends on FCREPO-9' },
          { field: 'summary', fieldtype: 'jira', fromString: 'a', toString: 'b' },
        ],
      },
      {
        id: '1',
        created: '2012-03-01T10:00:00.000-0600',
        items: [{ field: 'Fix Version', fieldtype: 'jira', fieldId: 'fixVersions', from: null, fromString: null, to: '10110', toString: '3.6.0' }],
      },
    ]);
    expect(trackedFieldChanges(histories, ['customfield_10023'])).toEqual([
      { at: '2012-03-01T16:00:00.000Z', field: 'fixVersion', from: null, to: '3.6.0' },
      { at: '2012-03-02T16:00:00.000Z', field: 'estimate', from: '2', to: '5' },
      { at: '2012-03-02T16:00:00.000Z', field: 'link', from: null, to: 'FCREPO-9' },
    ]);
  });
});
