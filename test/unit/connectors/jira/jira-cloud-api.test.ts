import * as Cloud from 'jira.js/cloud';
import { describe, expect, it } from 'vitest';
import * as api from '../../../../services/connectors/jira/jira-cloud-api.js';

describe('jira.js Cloud functions loaded group by group', () => {
  it('are the very functions jira.js/cloud exports (a jira.js update that moves one fails here)', () => {
    const names = Object.keys(api) as (keyof typeof api)[];
    for (const name of names) {
      expect(api[name], name).toBeTypeOf('function');
      expect(api[name], name).toBe(Cloud[name]);
    }
  });
});
