/**
 * zod schemas for what Linear returns to our documents. An issue is parsed strictly first; when
 * that fails it is parsed again leniently, where every non-essential field falls back to an empty
 * value, so one odd field costs a problem record rather than the issue (or the sync).
 */
import { z } from 'zod';

const dateTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const nullableDateTime = dateTime.nullable().optional().transform((d) => d ?? null);
const timelessDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const pageInfoSchema = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });

const issueRefSchema = z.object({ id: z.string().min(1), identifier: z.string().min(1) });
export const labelSchema = z.object({ name: z.string() });
export const relationSchema = z.object({ id: z.string().min(1), type: z.string(), relatedIssue: issueRefSchema });
export const inverseRelationSchema = z.object({ id: z.string().min(1), type: z.string(), issue: issueRefSchema });
export const attachmentSchema = z.object({ url: z.string(), title: z.string().nullable().optional() });
/** One IssueStateSpan: the issue entered `state` at `startedAt` (a deleted workflow state is null). */
export const stateSpanSchema = z.object({
  id: z.string().min(1),
  startedAt: dateTime,
  state: z.object({ name: z.string(), type: z.string() }).nullable().optional().transform((v) => v ?? null),
});
export const childSchema = issueRefSchema;

export type LinearIssueRef = z.infer<typeof issueRefSchema>;
export type LinearRelation = z.infer<typeof relationSchema>;
export type LinearInverseRelation = z.infer<typeof inverseRelationSchema>;
export type LinearAttachment = z.infer<typeof attachmentSchema>;
export type LinearStateSpan = z.infer<typeof stateSpanSchema>;

const nodes = <T extends z.ZodType>(node: T) => z.object({ nodes: z.array(node) });

/** The identity an issue needs to be stored at all: without these it is skipped with a problem. */
const coreShape = {
  id: z.string().min(1),
  identifier: z.string().min(1),
  url: z.string(),
  title: z.string(),
  createdAt: dateTime,
  updatedAt: dateTime,
  team: z.object({ id: z.string(), key: z.string().min(1), name: z.string() }),
};

const strictIssueSchema = z.object({
  ...coreShape,
  estimate: z.number().nullable().optional().transform((v) => v ?? null),
  dueDate: timelessDate.nullable().optional().transform((v) => v ?? null),
  startedAt: nullableDateTime,
  completedAt: nullableDateTime,
  canceledAt: nullableDateTime,
  archivedAt: nullableDateTime,
  trashed: z.boolean().nullable().optional().transform((v) => v ?? false),
  state: z.object({ name: z.string(), type: z.string() }).nullable(),
  assignee: z.object({ name: z.string() }).nullable().optional().transform((v) => v ?? null),
  project: z.object({ id: z.string(), name: z.string() }).nullable().optional().transform((v) => v ?? null),
  parent: issueRefSchema.nullable().optional().transform((v) => v ?? null),
  labels: nodes(labelSchema),
  relations: nodes(relationSchema),
  inverseRelations: nodes(inverseRelationSchema),
  attachments: nodes(attachmentSchema),
  stateHistory: nodes(stateSpanSchema),
  children: nodes(childSchema),
});

export type LinearIssue = z.infer<typeof strictIssueSchema>;

/** Keeps the valid entries of a list; a broken entry is dropped, not the whole list. */
const lenientNodes = <T extends z.ZodType>(node: T) =>
  z
    .object({ nodes: z.array(z.unknown()) })
    .catch({ nodes: [] })
    .transform((c) => ({ nodes: c.nodes.flatMap((n) => { const r = node.safeParse(n); return r.success ? [r.data as z.output<T>] : []; }) }));

const lenientIssueSchema = z.object({
  ...coreShape,
  estimate: z.number().nullable().catch(null),
  dueDate: timelessDate.nullable().catch(null),
  startedAt: dateTime.nullable().catch(null),
  completedAt: dateTime.nullable().catch(null),
  canceledAt: dateTime.nullable().catch(null),
  archivedAt: dateTime.nullable().catch(null),
  trashed: z.boolean().catch(false),
  state: z.object({ name: z.string(), type: z.string() }).nullable().catch(null),
  assignee: z.object({ name: z.string() }).nullable().catch(null),
  project: z.object({ id: z.string(), name: z.string() }).nullable().catch(null),
  parent: issueRefSchema.nullable().catch(null),
  labels: lenientNodes(labelSchema),
  relations: lenientNodes(relationSchema),
  inverseRelations: lenientNodes(inverseRelationSchema),
  attachments: lenientNodes(attachmentSchema),
  stateHistory: lenientNodes(stateSpanSchema),
  children: lenientNodes(childSchema),
});

export type IssueParse =
  | { readonly ok: true; readonly issue: LinearIssue; readonly problem: string | null }
  | { readonly ok: false; readonly identifier: string | null; readonly problem: string };

/** Parses one issue node: strict, else lenient with the strict errors as the problem, else skipped. */
export function parseIssue(node: unknown): IssueParse {
  const strict = strictIssueSchema.safeParse(node);
  if (strict.success) return { ok: true, issue: strict.data, problem: null };
  const problem = describeIssues(strict.error);
  const lenient = lenientIssueSchema.safeParse(node);
  if (lenient.success) return { ok: true, issue: lenient.data, problem: `invalid fields kept empty: ${problem}` };
  return { ok: false, identifier: identifierOf(node), problem: `issue skipped: ${problem}` };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

function identifierOf(node: unknown): string | null {
  if (typeof node !== 'object' || node === null) return null;
  const record = node as Record<string, unknown>;
  if (typeof record.identifier === 'string') return record.identifier;
  return typeof record.id === 'string' ? record.id : null;
}

/** Envelope of the page query: the connection must be intact; its nodes are parsed one by one. */
export const issuesPageSchema = z.object({
  issues: z.object({ pageInfo: pageInfoSchema, nodes: z.array(z.unknown()) }),
});

/** Envelope of a follow-up query: `issue.<connection>` with the usual paging. */
export const followUpSchema = (connection: string) =>
  z.object({
    issue: z.object({ [connection]: z.object({ pageInfo: pageInfoSchema, nodes: z.array(z.unknown()) }) }),
  });

export const issueIdsPageSchema = z.object({
  issues: z.object({ pageInfo: pageInfoSchema, nodes: z.array(z.object({ id: z.string() })) }),
});

export const issuesFateSchema = z.object({
  issues: z.object({
    nodes: z.array(
      z.object({
        id: z.string(),
        archivedAt: z.string().nullable().optional(),
        trashed: z.boolean().nullable().optional(),
        team: z.object({ key: z.string() }).nullable().optional(),
      }),
    ),
  }),
});
