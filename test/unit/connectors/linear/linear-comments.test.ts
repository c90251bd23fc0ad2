import { readFileSync } from 'node:fs';
import { buildSchema, getOperationAST, getVariableValues, parse, validate, type GraphQLSchema } from 'graphql';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WritebackTarget } from '../../../../db/writeback.js';
import { TrackerAuthError } from '../../../../services/connectors/connector-errors.js';
import { WRITE_DOCUMENTS } from '../../../../services/connectors/linear/linear-comment-documents.js';
import { createLinearCommentWriter } from '../../../../services/connectors/linear/linear-comments.js';
import { CommentGoneError } from '../../../../services/writeback/tracker-writer.js';
import { statusDoc } from '../../../../services/writeback/writeback-plan.js';
import { API, API_KEY, fakeTiming, JSON_HEADERS, type GraphQLBody } from './linear-test-kit.js';

const SHARED = new URL('../../../../../shared/', import.meta.url);
const shared = (path: string): string => readFileSync(new URL(path, SHARED), 'utf8');
let schema: GraphQLSchema;

beforeAll(() => {
  schema = buildSchema(shared('specs/linear-schema.graphql'));
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

const TARGET: WritebackTarget = {
  rowId: 1,
  graphId: 'linear:5b0f2bd1-2a54-4d7c-9d0e-8b7f1b2c3d4e',
  sourceName: 'linear',
  kind: 'linear',
  externalId: '5b0f2bd1-2a54-4d7c-9d0e-8b7f1b2c3d4e',
  key: 'MOB-7',
  jiraAccountId: null,
  assignee: 'Ada',
  deleted: false,
};
const DOC = statusDoc(
  { name: 'launch', title: 'Checkout launch', dashboardUrl: 'https://seams.example.com/programs/launch' },
  { critical: true, nearCritical: false, slack: 0, blocks: [] },
);

/** Validates a request body as Linear would: the document against the schema, the variables against its definitions. */
function problemsOf(body: GraphQLBody): string[] {
  const document = parse(body.query);
  const errors = validate(schema, document).map((e) => e.message);
  const operation = getOperationAST(document);
  if (!operation) return [...errors, 'no operation'];
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], body.variables);
  return [...errors, ...(coerced.errors ?? []).map((e) => e.message)];
}

const operationName = (body: GraphQLBody): string => /(?:mutation|query)\s+(\w+)/.exec(body.query)?.[1] ?? '';

function writer() {
  return createLinearCommentWriter({ source: { name: 'linear', apiKey: API_KEY }, timing: fakeTiming(), policy: { baseDelayMs: 1, maxDelayMs: 2 } });
}

describe('Linear write-back documents', () => {
  it.each(Object.entries(WRITE_DOCUMENTS))('%s is valid against the published Linear schema', (_name, document) => {
    expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
  });

  it('sends only schema-valid documents and variables, and reads the answers Linear gives', async () => {
    const sent: GraphQLBody[] = [];
    const answers: Record<string, unknown> = {
      // The body n8n's tests serve for api.linear.app (recorded from the real API).
      SeamsCommentCreate: JSON.parse(shared('real-payloads/linear/n8n.comment-create.response.json')),
      SeamsCommentUpdate: { data: { commentUpdate: { success: true, comment: { id: 'ff12069e-fac8-4b18-8455-cc6b29fa1e77' } } } },
      SeamsLabelsByName: { data: { issueLabels: { nodes: [] } } },
      SeamsLabelCreate: { data: { issueLabelCreate: { success: true, issueLabel: { id: 'label-1', name: 'seams-critical' } } } },
      SeamsIssueAddLabel: { data: { issueAddLabel: { success: true } } },
      SeamsIssueRemoveLabel: { data: { issueRemoveLabel: { success: true } } },
      SeamsIssueAssignee: {
        data: { issue: { id: TARGET.externalId, team: { id: 't1' }, assignee: { id: 'u1', name: 'Ada Lovelace', displayName: 'ada', url: 'https://linear.app/acme/profiles/ada' } } },
      },
    };
    for (const [name, answer] of Object.entries(answers)) {
      nock(API)
        .post('/graphql', (body: GraphQLBody) => {
          if (operationName(body) !== name) return false;
          sent.push(body);
          return true;
        })
        .reply(200, answer as nock.Body, JSON_HEADERS);
    }

    const w = writer();
    expect(await w.createComment(TARGET, DOC)).toBe('ff12069e-fac8-4b18-8455-cc6b29fa1e77');
    await w.updateComment(TARGET, 'ff12069e-fac8-4b18-8455-cc6b29fa1e77', DOC);
    await w.addLabel(TARGET, 'seams-critical');
    await w.removeLabel(TARGET, 'seams-critical');
    expect(await w.assigneeMention(TARGET)).toEqual({ name: 'ada', jiraAccountId: null, linearProfileUrl: 'https://linear.app/acme/profiles/ada' });

    expect(sent.map(operationName)).toEqual([
      'SeamsCommentCreate',
      'SeamsCommentUpdate',
      'SeamsLabelsByName',
      'SeamsLabelCreate',
      'SeamsIssueAddLabel',
      // The label id is remembered: removing it needs no second lookup.
      'SeamsIssueRemoveLabel',
      'SeamsIssueAssignee',
    ]);
    for (const body of sent) expect(problemsOf(body), operationName(body)).toEqual([]);
    expect(sent[0]?.variables).toEqual({ input: { issueId: TARGET.externalId, body: expect.stringContaining('**Seams · Checkout launch**') } });
    expect(w.requests()).toBe(7);
  });

  it('turns a deleted comment into CommentGoneError and a read-only key into TrackerAuthError', async () => {
    nock(API)
      .post('/graphql')
      .reply(400, { errors: [{ message: 'Entity not found: Comment', extensions: { type: 'invalid input', code: 'INPUT_ERROR', statusCode: 400, userError: true } }] }, JSON_HEADERS);
    await expect(writer().updateComment(TARGET, 'gone', DOC)).rejects.toBeInstanceOf(CommentGoneError);

    // The raw FORBIDDEN body recorded from a read-only key (linear/github-issues.linear-errors.recorded.json).
    nock(API)
      .post('/graphql')
      .reply(400, { errors: [{ message: 'Invalid scope: `write` required', extensions: { type: 'forbidden', code: 'FORBIDDEN', statusCode: 403, userError: true, http: { status: 400 } } }] }, JSON_HEADERS);
    await expect(writer().createComment(TARGET, DOC)).rejects.toBeInstanceOf(TrackerAuthError);
  });
});
