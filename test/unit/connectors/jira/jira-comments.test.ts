import { readFileSync } from 'node:fs';
import Ajv04 from 'ajv-draft-04';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WritebackTarget } from '../../../../db/writeback.js';
import { TrackerAuthError } from '../../../../services/connectors/connector-errors.js';
import { createJiraCommentWriter } from '../../../../services/connectors/jira/jira-comments.js';
import { CommentGoneError } from '../../../../services/writeback/tracker-writer.js';
import { statusDoc, unblockDoc } from '../../../../services/writeback/writeback-plan.js';
import { API_TOKEN, BASE_URL, fakeTiming } from './jira-fixtures.js';

const JIRA = new URL('../../../../../shared/real-payloads/jira/', import.meta.url);
const real = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(name, JIRA), 'utf8')) as Record<string, unknown>;
const JSON_HEADERS = { 'Content-Type': 'application/json;charset=UTF-8' };

const TARGET: WritebackTarget = {
  rowId: 1,
  graphId: 'jira-acme:10001',
  sourceName: 'jira-acme',
  kind: 'jira',
  externalId: '10001',
  key: 'PAY-1',
  jiraAccountId: '5b10a2844c20165700ede21g',
  assignee: 'Mia Krystof',
  deleted: false,
};
const PROGRAM = { name: 'launch', title: 'Checkout launch', dashboardUrl: 'https://seams.example.com/programs/launch' };
const DOC = statusDoc(PROGRAM, { critical: true, nearCritical: false, slack: 0, blocks: [] });

let isAdf: (doc: unknown) => boolean;
beforeAll(() => {
  isAdf = new Ajv04.default({ strict: false }).compile(real('atlaskit-adf-schema.v1-full.schema.json'));
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

function writer(timing = fakeTiming()) {
  return createJiraCommentWriter({
    source: { name: 'jira-acme', baseUrl: BASE_URL, email: 'sync-bot@acme.example', apiToken: API_TOKEN },
    timing,
    retryPolicy: { baseDelayMs: 1, maxDelayMs: 2 },
  });
}

describe('Jira write-back through jira.js', () => {
  it('adds a comment with a valid ADF body (no visibility) and reads the id from the real 201 answer', async () => {
    let sent: Record<string, unknown> = {};
    nock(BASE_URL)
      .post('/rest/api/3/issue/10001/comment', (body: Record<string, unknown>) => {
        sent = body;
        return true;
      })
      .reply(201, real('atlassian-spec.add-comment.response-201.example.json'), JSON_HEADERS);
    expect(await writer().createComment(TARGET, unblockDoc(PROGRAM, { itemId: 'x', blockers: [{ key: 'PAY-3', url: null }] }, {
      name: 'Mia Krystof',
      jiraAccountId: '5b10a2844c20165700ede21g',
      linearProfileUrl: null,
    }))).toBe('10000');
    expect(Object.keys(sent)).toEqual(['body']);
    expect(isAdf(sent['body'])).toBe(true);
    expect(JSON.stringify(sent['body'])).toContain('{"type":"mention","attrs":{"id":"5b10a2844c20165700ede21g","text":"@Mia Krystof"}}');
  });

  it('updates in place without notifying watchers, and reports a deleted comment as gone', async () => {
    nock(BASE_URL)
      .put('/rest/api/3/issue/10001/comment/10000', (body: Record<string, unknown>) => isAdf(body['body']))
      .query({ notifyUsers: 'false' })
      .reply(200, real('atlassian-spec.update-comment.response-200.example.json'), JSON_HEADERS);
    await writer().updateComment(TARGET, '10000', DOC);

    nock(BASE_URL)
      .put('/rest/api/3/issue/10001/comment/10000')
      .query(true)
      .reply(404, { errorMessages: ['Can not find a comment for the id: 10000.'], errors: {} }, JSON_HEADERS);
    await expect(writer().updateComment(TARGET, '10000', DOC)).rejects.toBeInstanceOf(CommentGoneError);
  });

  it('adds and removes one label with the edit-issue update verbs', async () => {
    const bodies: unknown[] = [];
    nock(BASE_URL)
      .put('/rest/api/3/issue/10001', (body: unknown) => {
        bodies.push(body);
        return true;
      })
      .times(2)
      .reply(204);
    const w = writer();
    await w.addLabel(TARGET, 'seams-critical');
    await w.removeLabel(TARGET, 'seams-critical');
    expect(bodies).toEqual([{ update: { labels: [{ add: 'seams-critical' }] } }, { update: { labels: [{ remove: 'seams-critical' }] } }]);
  });

  it('waits out a 429 with Retry-After, retries a 503, and refuses to retry a 403', async () => {
    const timing = fakeTiming();
    nock(BASE_URL)
      .post('/rest/api/3/issue/10001/comment')
      .reply(429, '<!DOCTYPE html><html><title>Oops - an error has occurred</title></html>', { 'Retry-After': '7', 'Content-Type': 'text/html' })
      .post('/rest/api/3/issue/10001/comment')
      .reply(503, { errorMessages: ['Service unavailable'] }, JSON_HEADERS)
      .post('/rest/api/3/issue/10001/comment')
      .reply(201, real('atlassian-spec.add-comment.response-201.example.json'), JSON_HEADERS);
    const w = writer(timing);
    expect(await w.createComment(TARGET, DOC)).toBe('10000');
    expect(timing.slept).toContain(7_000);
    expect(w.requests()).toBe(3);

    nock(BASE_URL).post('/rest/api/3/issue/10001/comment').reply(403, { errorMessages: ['You do not have the permission to comment on this issue.'] }, JSON_HEADERS);
    await expect(writer().createComment(TARGET, DOC)).rejects.toBeInstanceOf(TrackerAuthError);
  });
});
