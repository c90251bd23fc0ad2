/**
 * A generated Linear workspace served from Linear's published GraphQL schema: fast-check builds
 * the issues (ordinary values mostly, with the odd value a misbehaving server or proxy sends) and
 * the server's paging quirks; `@graphql-tools/mock` makes `../shared/specs/linear-schema.graphql`
 * executable, so the connector's real documents are validated and executed against the real types
 * (anything our resolvers leave out is filled by the schema's mocks).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockServer, type IMockServer, type IMocks } from '@graphql-tools/mock';
import { makeExecutableSchema } from '@graphql-tools/schema';
import fc from 'fast-check';

export const SCHEMA_PATH = new URL('../../../../../shared/specs/linear-schema.graphql', import.meta.url);
/** Requests one sync may make before the server refuses: far above any finite sync of these worlds. */
export const REQUEST_CAP = 2000;

export type IssuesQuirk = 'none' | 'repeatCursor' | 'nullCursor' | 'freshCursorsForever';
export type NestedQuirk = 'none' | 'repeatCursor' | 'nullCursor';

/** An IssueStateSpan: the issue entered `state` at `startedAt`; a deleted workflow state is null. */
export interface WorldStateSpan {
  readonly id: string;
  readonly startedAt: string;
  readonly state: { readonly name: string; readonly type: string } | null;
}

export interface WorldIssue {
  readonly id: string;
  readonly identifier: string;
  readonly title: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly dueDate: string | null;
  readonly estimate: number | null;
  readonly state: { readonly name: string; readonly type: string } | null;
  readonly assignee: string | null;
  readonly labels: readonly string[];
  readonly parent: number | null;
  readonly children: readonly number[];
  readonly stateHistory: readonly WorldStateSpan[];
  readonly relations: ReadonlyArray<{ readonly id: string; readonly type: string; readonly target: number }>;
}

export interface World {
  readonly issues: readonly WorldIssue[];
  readonly pageSize: number;
  readonly issuesQuirk: IssuesQuirk;
  readonly nestedQuirk: NestedQuirk;
}

const ODD_TEXT = ['\u0000', '\ud800', '\udfff', 'x'.repeat(3000), '', 'a\u0000\udc00b'];
const text = fc.oneof(
  { weight: 10, arbitrary: fc.string({ maxLength: 10 }) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 4 }), fc.constantFrom(...ODD_TEXT)).map(([a, b]) => a + b) },
);
const instant = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2026-05-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const ODD_DATETIMES = ['0000-01-01T00:00:00.000Z', '2024-02-30T10:00:00.000Z', '9999-12-31T23:59:59.999Z', 'not a date', '+010000-01-01T00:00:00.000Z', '1000-01-01T00:00:00Z'];
const dateTime = fc.oneof({ weight: 10, arbitrary: instant }, { weight: 1, arbitrary: fc.constantFrom(...ODD_DATETIMES) });
const dueDate = fc.oneof(
  { weight: 6, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: instant.map((s) => s.slice(0, 10)) },
  { weight: 1, arbitrary: fc.constantFrom('2026-02-30', '0000-01-01', '2026-13-01', '2025-02-29') },
);
const STATE_TYPES = ['backlog', 'unstarted', 'started', 'completed', 'canceled', 'triage', 'paused'];
const state = fc.record({ name: text, type: fc.constantFrom(...STATE_TYPES) });

const stateSpan = fc.record({
  id: fc.uuid(),
  startedAt: dateTime,
  state: fc.option(state, { nil: null, freq: 4 }),
});

function issueArbitrary(index: number, size: number): fc.Arbitrary<WorldIssue> {
  const other = fc.integer({ min: 0, max: size - 1 });
  const idKind = fc.constantFrom('uuid', 'uuid', 'uuid', 'uuid', 'uuid', 'uuid', 'uuid', 'uuid', 'long', 'nul');
  return fc
    .record({
      idKind,
      uuid: fc.uuid(),
      title: text,
      createdAt: dateTime,
      updatedAt: instant,
      startedAt: fc.option(dateTime, { nil: null }),
      completedAt: fc.option(dateTime, { nil: null }),
      dueDate,
      estimate: fc.option(fc.integer({ min: 0, max: 21 }), { nil: null }),
      state,
      assignee: fc.option(text, { nil: null }),
      labels: fc.array(text, { maxLength: 6 }),
      parent: fc.option(other, { nil: null, freq: 3 }),
      // Above the page query's nested sizes (children 8, stateHistory 12, relations 10) now and then.
      children: fc.array(other, { maxLength: 12 }),
      // A handful of spans mostly; a long-lived issue's history overflows the page query often
      // enough that the state history follow-up runs in most worlds.
      stateHistory: fc.oneof(
        { weight: 3, arbitrary: fc.array(stateSpan, { maxLength: 6 }) },
        { weight: 1, arbitrary: fc.array(stateSpan, { minLength: 13, maxLength: 18 }) },
      ),
      relations: fc.array(fc.record({ id: fc.uuid(), type: fc.constantFrom('blocks', 'duplicate', 'related', 'similar'), target: other }), { maxLength: 13 }),
    })
    .map((r) => ({
      id: r.idKind === 'long' ? `id-${'9'.repeat(1100)}-${index}` : r.idKind === 'nul' ? `${r.uuid}\u0000` : r.uuid,
      identifier: r.idKind === 'long' ? `MOB-${'9'.repeat(3000)}${index}` : `MOB-${index + 1}`,
      title: r.title,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      startedAt: r.startedAt,
      completedAt: r.completedAt,
      dueDate: r.dueDate,
      estimate: r.estimate,
      state: r.state,
      assignee: r.assignee,
      labels: r.labels,
      parent: r.parent,
      children: [...new Set(r.children)],
      stateHistory: r.stateHistory,
      relations: r.relations,
    }));
}

export const worldArbitrary: fc.Arbitrary<World> = fc.integer({ min: 1, max: 14 }).chain((size) =>
  fc.record({
    issues: fc.tuple(...Array.from({ length: size }, (_, i) => issueArbitrary(i, size))),
    pageSize: fc.integer({ min: 1, max: 6 }),
    issuesQuirk: fc.constantFrom<IssuesQuirk>('none', 'none', 'none', 'none', 'repeatCursor', 'nullCursor', 'freshCursorsForever'),
    nestedQuirk: fc.constantFrom<NestedQuirk>('none', 'none', 'none', 'repeatCursor', 'nullCursor'),
  }),
);

interface RootResolvers {
  issues(args: ConnectionArgs): unknown;
  issue(args: { id: string }): unknown;
}

/** The world being served; the schema (slow to build) is built once and asks it. */
let active: RootResolvers | null = null;
let server: IMockServer | null = null;

/**
 * Linear's schema with our two root resolvers; every other field the documents select resolves
 * from what those return, or from the schema's mocks (deterministic, so a second sync of the
 * same world reads the same values). @graphql-tools executes with its own graphql instance.
 */
function linearServer(): IMockServer {
  const mocks: IMocks = { DateTime: () => '2026-01-01T00:00:00.000Z', TimelessDate: () => '2026-01-01', JSON: () => ({}), JSONObject: () => ({}) };
  server ??= mockServer(
    makeExecutableSchema({
      typeDefs: readFileSync(SCHEMA_PATH, 'utf8'),
      resolvers: {
        Query: {
          issues: (_: unknown, args: ConnectionArgs) => active?.issues(args),
          issue: (_: unknown, args: { id: string }) => active?.issue(args),
        },
      },
    }),
    mocks,
    true,
    'deterministic',
  );
  return server;
}

interface ConnectionArgs {
  readonly first?: number | null;
  readonly after?: string | null;
}

export interface ServedWorld {
  readonly url: string;
  /** Issues the server put in an `issues` page, by index into the world. */
  readonly served: Set<number>;
  requests: number;
  close(): Promise<void>;
}

/** Serves `world` on loopback until closed. */
export async function serveWorld(world: World): Promise<ServedWorld> {
  const ids = world.issues.map((i) => i.id);
  const byId = new Map(world.issues.map((issue, index) => [issue.id, index]));
  const order = world.issues.map((_, i) => i).sort((a, b) => world.issues[a]!.updatedAt.localeCompare(world.issues[b]!.updatedAt) || a - b);
  const served = new Set<number>();

  const ref = (index: number) => ({ id: ids[index], identifier: world.issues[index]!.identifier });
  const connection = <T>(all: readonly T[], args: ConnectionArgs, followUp: boolean) => {
    const offset = args.after ? Number(args.after.slice(1)) : 0;
    const first = args.first ?? 50;
    const nodes = all.slice(offset, offset + first);
    const more = offset + first < all.length;
    if (followUp && world.nestedQuirk !== 'none') {
      return { nodes, pageInfo: { hasNextPage: true, endCursor: world.nestedQuirk === 'nullCursor' ? null : 'same-nested' } };
    }
    return { nodes, pageInfo: { hasNextPage: more, endCursor: nodes.length > 0 ? `o${offset + nodes.length}` : null } };
  };
  const issueObject = (index: number, followUp: boolean) => {
    const w = world.issues[index]!;
    const inverse = world.issues.flatMap((other, o) => other.relations.filter((r) => r.target === index).map((r) => ({ id: r.id, type: r.type, issue: ref(o) })));
    return {
      id: w.id,
      identifier: w.identifier,
      url: `https://linear.app/acme/issue/${w.identifier}`,
      title: w.title,
      estimate: w.estimate,
      dueDate: w.dueDate,
      createdAt: w.createdAt,
      updatedAt: w.updatedAt,
      startedAt: w.startedAt,
      completedAt: w.completedAt,
      canceledAt: null,
      archivedAt: null,
      trashed: false,
      state: w.state,
      team: { id: 'team-mob', key: 'MOB', name: 'Mobile' },
      assignee: w.assignee === null ? null : { name: w.assignee },
      project: null,
      parent: w.parent === null ? null : ref(w.parent),
      labels: (args: ConnectionArgs) => connection(w.labels.map((name) => ({ name })), args, followUp),
      relations: (args: ConnectionArgs) =>
        connection(w.relations.map((r) => ({ id: r.id, type: r.type, relatedIssue: ref(r.target) })), args, followUp),
      inverseRelations: (args: ConnectionArgs) => connection(inverse, args, followUp),
      attachments: (args: ConnectionArgs) => connection([], args, followUp),
      stateHistory: (args: ConnectionArgs) => connection(w.stateHistory, args, followUp),
      children: (args: ConnectionArgs) => connection(w.children.map(ref), args, followUp),
    };
  };

  let freshCursor = 0;
  const resolvers: RootResolvers = {
    issues: (args) => {
      const offset = args.after ? Number(args.after.slice(1)) : 0;
      const first = args.first ?? 50;
      const page = order.slice(offset, offset + first);
      for (const index of page) served.add(index);
      const more = offset + first < order.length;
      const nodes = page.map((index) => issueObject(index, false));
      const endCursor = `o${offset + page.length}`;
      switch (world.issuesQuirk) {
        case 'repeatCursor':
          return { nodes, pageInfo: { hasNextPage: more, endCursor: more ? 'o1' : endCursor } };
        case 'nullCursor':
          return { nodes, pageInfo: { hasNextPage: more, endCursor: more ? null : endCursor } };
        case 'freshCursorsForever':
          return { nodes, pageInfo: { hasNextPage: true, endCursor: more ? endCursor : `o${order.length}#${++freshCursor}` } };
        case 'none':
          return { nodes, pageInfo: { hasNextPage: more, endCursor } };
      }
    },
    issue: (args) => {
      const index = byId.get(args.id);
      return index === undefined ? null : issueObject(index, true);
    },
  };
  const graphqlServer = linearServer();
  active = resolvers;

  const state: ServedWorld = {
    url: '',
    served,
    requests: 0,
    close: () =>
      new Promise<void>((resolve) => {
        if (active === resolvers) active = null;
        http.close(() => resolve());
      }),
  };
  const http: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      state.requests++;
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (state.requests > REQUEST_CAP) return reply(400, { errors: [{ message: 'request cap reached', extensions: { code: 'INVALID_INPUT' } }] });
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables?: Record<string, unknown> };
      graphqlServer.query(body.query, body.variables ?? {}).then(
        (result) => reply(200, result),
        (error: unknown) => reply(500, { errors: [{ message: String(error) }] }),
      );
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  (state as { url: string }).url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
  return state;
}
