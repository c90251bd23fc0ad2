import { describe, expect, it } from 'vitest';
import { getOperationAST, parse } from 'graphql';
import { estimateComplexity } from '../../../services/sandbox/linear/query-complexity.js';
import { loadLinearSchema } from '../../../services/sandbox/linear/linear-schema.js';

const { schema } = loadLinearSchema();

function cost(query: string, variables: Record<string, unknown> = {}): number {
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error('no operation');
  return estimateComplexity(schema, document, operation, variables);
}

describe('estimateComplexity', () => {
  it('charges 0.1 per scalar and 1 per object', () => {
    // viewer (1) + id, name (0.2) = 1.2 -> 2
    expect(cost('{ viewer { id name } }')).toBe(2);
  });

  it('multiplies a connection by first', () => {
    // issues: 1 + 10 * (nodes: 1 + 0.2) = 13
    expect(cost('{ issues(first: 10) { nodes { id title } } }')).toBe(13);
  });

  it('charges an unbounded connection as 50 and reads first from variables', () => {
    // teams: 1 + 50 * (1 + 0.1) = 56
    expect(cost('{ teams { nodes { id } } }')).toBe(56);
    expect(cost('query Q($n: Int) { teams(first: $n) { nodes { id } } }', { n: 4 })).toBe(6);
  });

  it('follows fragments and nested connections', () => {
    const query = `query { issues(first: 2) { nodes { ...F } pageInfo { hasNextPage } } }
      fragment F on Issue { id relations(first: 3) { nodes { id type } } }`;
    // relations = 1 + 3 * (1 + 0.2) = 4.6; node = 1 + 0.1 + 4.6 = 5.7; pageInfo = 1.1
    // issues = 1 + 2 * (5.7 + 1.1) = 14.6 -> 15
    expect(cost(query)).toBe(15);
  });
});

describe('loadLinearSchema', () => {
  it('builds the real schema once and serves it from the cache afterwards', () => {
    expect(schema.getQueryType()?.getFields().issues?.args.map((arg) => arg.name)).toContain('includeArchived');
    expect(loadLinearSchema()).toEqual({ schema, buildMs: 0 });
  });
});
