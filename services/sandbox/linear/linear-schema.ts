import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, type GraphQLSchema } from 'graphql';

/**
 * Linear's published SDL, vendored beside this module because @linear/sdk does not ship it.
 * Serving from the real schema means a query our connector sends is validated exactly as the
 * real API would validate it.
 */
export const LINEAR_SCHEMA_PATH = fileURLToPath(new URL('./linear-schema.graphql', import.meta.url));

export interface LoadedLinearSchema {
  readonly schema: GraphQLSchema;
  /** Time spent reading and building the schema, in ms (0 when served from the cache). */
  readonly buildMs: number;
}

const cache = new Map<string, GraphQLSchema>();

/** Builds the schema once per path (about 150 ms for the 1.2 MB SDL) and reuses it afterwards. */
export function loadLinearSchema(path: string = LINEAR_SCHEMA_PATH): LoadedLinearSchema {
  const cached = cache.get(path);
  if (cached) return { schema: cached, buildMs: 0 };
  const started = performance.now();
  const schema = buildSchema(readFileSync(path, 'utf8'));
  cache.set(path, schema);
  return { schema, buildMs: performance.now() - started };
}
