import { readFileSync } from 'node:fs';
import { buildSchema, getOperationAST, parse, validate, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_DOCUMENTS, ISSUES_PAGE_QUERY } from '../../../../services/connectors/linear/documents.js';
import { pageVariables } from '../../../../services/connectors/linear/linear-issue-pages.js';
import { MAX_SAFE_PAGE_SIZE } from '../../../../services/connectors/linear/linear-options.js';
import { estimateComplexity } from '../../../../services/sandbox/linear/query-complexity.js';

const SCHEMA_PATH = '/work/shared/specs/linear-schema.graphql';
let schema: GraphQLSchema;

beforeAll(() => {
  // 1.2 MB of SDL: build it once for the whole file.
  schema = buildSchema(readFileSync(SCHEMA_PATH, 'utf8'));
});

describe('Linear GraphQL documents', () => {
  it.each(Object.entries(ALL_DOCUMENTS))('%s is valid against the published Linear schema', (_name, document) => {
    const errors = validate(schema, parse(document));
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  it('keeps the page query under the 10,000-point single-query complexity limit at the largest allowed page', () => {
    const document = parse(ISSUES_PAGE_QUERY);
    const operation = getOperationAST(document);
    if (!operation) throw new Error('no operation');
    const cost = (first: number) =>
      estimateComplexity(schema, document, operation, pageVariables({ filter: {}, first, after: null, includeArchived: false }));
    expect(cost(MAX_SAFE_PAGE_SIZE)).toBeLessThanOrEqual(10_000);
    expect(cost(MAX_SAFE_PAGE_SIZE + 10)).toBeGreaterThan(10_000);
  });
});
