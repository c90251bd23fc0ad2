import { describe, expect, it } from 'vitest';
import { JqlError, parseJql } from '../../../services/sandbox/jira/jql.js';

describe('sandbox JQL parser', () => {
  it('parses the connector queries', () => {
    expect(parseJql('project in (PAY, "CORE") AND updated >= "2026-03-05 09:30" ORDER BY updated ASC, id ASC')).toEqual({
      clauses: [
        { field: 'project', values: ['PAY', 'CORE'] },
        { field: 'updated', op: '>=', at: Date.UTC(2026, 2, 5, 9, 30) },
      ],
      orderBy: [
        { field: 'updated', desc: false },
        { field: 'id', desc: false },
      ],
    });
    expect(parseJql('(key in (PAY-1,PAY-2)) and id = 10001 order by key desc')).toEqual({
      clauses: [
        { field: 'key', values: ['PAY-1', 'PAY-2'] },
        { field: 'id', values: ['10001'] },
      ],
      orderBy: [{ field: 'key', desc: true }],
    });
  });

  it.each(['project = PAY OR project = CORE', 'assignee = currentUser()', 'updated >= "yesterday"', 'project in (PAY', 'project = "PAY'])(
    'rejects %s',
    (jql) => {
      expect(() => parseJql(jql)).toThrow(JqlError);
    },
  );
});
