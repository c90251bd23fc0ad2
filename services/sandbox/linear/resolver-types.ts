import type { LinearStore } from './linear-store.js';

/** Per-request context: the store as of this request and the clock durations are relative to. */
export interface LinearContext {
  readonly store: LinearStore;
  readonly now: Date;
  /** Base of issue URLs. */
  readonly workspaceUrl: string;
}

export type Args = Readonly<Record<string, unknown>>;

/** A field resolver over a source the sandbox built (a SandboxIssue, a RelationView, ...). */
export type FieldResolver = (source: never, args: Args, context: LinearContext) => unknown;

/** Field resolvers by GraphQL type name, then field name. */
export type ResolverMap = Readonly<Record<string, Readonly<Record<string, FieldResolver>>>>;

export function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
