import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, type GraphQLSchema } from 'graphql';

/*
 * Linear's published SDL, vendored beside this module because @linear/sdk does not ship it.
 * Serving from the real schema means a query our connector sends is validated exactly as the
 * real API would validate it. There is one copy, in the source tree: compiled code (dist/,
 * dist-bench/, the Docker image) reads it from the tree its output directory sits in.
 */

/** Where the schema is, relative to this module: beside it (sources), or above a build output directory. */
const SCHEMA_CANDIDATES = ['./linear-schema.graphql', '../../../../services/sandbox/linear/linear-schema.graphql'] as const;

/** The schema beside `moduleUrl` (sources), else in the tree above its build output directory. */
export function findLinearSchema(moduleUrl: string, exists: (path: string) => boolean = existsSync): string {
  const paths = SCHEMA_CANDIDATES.map((candidate) => fileURLToPath(new URL(candidate, moduleUrl)));
  const found = paths.find((path) => exists(path));
  if (!found) throw new Error(`Linear's schema (linear-schema.graphql) not found; looked at ${paths.join(', ')}`);
  return found;
}

export interface LoadedLinearSchema {
  readonly schema: GraphQLSchema;
  /** Time spent reading and building the schema, in ms (0 when served from the cache). */
  readonly buildMs: number;
}

const cache = new Map<string, GraphQLSchema>();

/** Builds the schema once per path (about 150 ms for the 1.2 MB SDL) and reuses it afterwards. */
export function loadLinearSchema(path: string = findLinearSchema(import.meta.url)): LoadedLinearSchema {
  const cached = cache.get(path);
  if (cached) return { schema: cached, buildMs: 0 };
  const started = performance.now();
  // Without locations: with them the schema's AST keeps every lexer token of the 1.2 MB SDL
  // (about 10 MB of heap for the process's life), and only parse errors of the SDL use them.
  const schema = buildSchema(readFileSync(path, 'utf8'), { noLocation: true });
  cache.set(path, schema);
  return { schema, buildMs: performance.now() - started };
}
