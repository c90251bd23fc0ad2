/**
 * Narrow zod schemas for the parts of Jira Cloud payloads we read. Each issue field is parsed on
 * its own (see jira-issue-normalize.ts) so a malformed field costs that field, not the issue,
 * and a malformed issue costs that issue, not the page. Objects are loose: Jira adds keys freely.
 */
import { z } from 'zod';

const idString = z.union([z.string(), z.number()]).transform(String);

export const issueEnvelopeSchema = z
  .object({
    id: idString,
    key: z.string().min(1),
    fields: z.record(z.string(), z.unknown()).default({}),
    changelog: z.unknown().optional(),
  })
  .loose();
export type IssueEnvelope = z.infer<typeof issueEnvelopeSchema>;

export const namedSchema = z.object({ name: z.string() }).loose();

export const statusSchema = z
  .object({
    id: idString.optional(),
    name: z.string(),
    statusCategory: z.object({ key: z.string() }).loose().nullish(),
  })
  .loose();

export const userSchema = z
  .object({ displayName: z.string().nullish(), emailAddress: z.string().nullish(), accountId: z.string().nullish() })
  .loose();

export const projectSchema = z.object({ id: idString, key: z.string(), name: z.string().nullish() }).loose();

export const componentsSchema = z.array(z.object({ id: idString, name: z.string() }).loose());

export const labelsSchema = z.array(z.string());

export const parentSchema = z.object({ id: idString, key: z.string() }).loose();

/** The other end of an issue link; its `fields` (summary, status, type) are read separately and leniently. */
const linkedIssueSchema = z.object({ id: idString, key: z.string(), fields: z.unknown().optional() }).loose();

/** What Jira embeds about a linked issue: summary, status, priority and type (assignee when a site adds it). */
export const linkedIssueFieldsSchema = z
  .object({
    summary: z.string().nullish().catch(null),
    status: statusSchema.nullish().catch(null),
    issuetype: namedSchema.nullish().catch(null),
    assignee: userSchema.nullish().catch(null),
  })
  .loose();

export const issueLinkSchema = z
  .object({
    id: idString.optional(),
    type: z.object({ name: z.string(), inward: z.string().nullish(), outward: z.string().nullish() }).loose(),
    inwardIssue: linkedIssueSchema.optional(),
    outwardIssue: linkedIssueSchema.optional(),
  })
  .loose();
export type JiraIssueLink = z.infer<typeof issueLinkSchema>;

/** Jira datetimes look like `2024-01-15T10:30:00.000+0000`; the offset has no colon. */
export const jiraDateTimeSchema = z.string().transform((value, ctx) => {
  const date = parseJiraDateTime(value);
  if (!date) {
    ctx.addIssue({ code: 'custom', message: `not a Jira datetime: ${value.slice(0, 40)}` });
    return z.NEVER;
  }
  return date;
});

export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const numberSchema = z.number().finite();

export const changelogItemSchema = z
  .object({
    field: z.string().nullish(),
    fieldId: z.string().nullish(),
    from: z.string().nullish(),
    fromString: z.string().nullish(),
    to: z.string().nullish(),
    toString: z.string().nullish(),
  })
  .loose();

/**
 * Epoch numbers below this are seconds, above it milliseconds. 10^11 s is the year 5138 and
 * 10^11 ms is March 1973: no tracker history falls between, so the magnitude decides.
 */
const EPOCH_SECONDS_BELOW = 1e11;

/**
 * A changelog `created` as a number. The bulk changelog examples in Atlassian's spec carry one
 * (`"created": 1492070429`); read as seconds that is 2017-04-13T08:00:29Z. (The spec's example
 * generator rendered the same number as 1970-01-18T06:27:50.429 in the paged-changelog example,
 * i.e. as Jackson's default epoch milliseconds: a server sending milliseconds sends 13 digits for
 * any date since 2001, so both readings are covered by magnitude.)
 */
export const jiraEpochSchema = z.number().transform((value, ctx) => {
  const ms = Math.abs(value) < EPOCH_SECONDS_BELOW ? value * 1000 : value;
  const date = new Date(ms);
  if (!Number.isFinite(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: `not an epoch time: ${value}` });
    return z.NEVER;
  }
  return date;
});

export const historySchema = z
  .object({
    id: idString.optional(),
    created: z.union([jiraDateTimeSchema, jiraEpochSchema], { error: 'created is missing or neither a datetime nor an epoch number' }),
    items: z.array(changelogItemSchema).default([]),
  })
  .loose();
export type JiraHistory = z.infer<typeof historySchema>;

/** `changelog` embedded by `expand=changelog`: at most 20 histories, `total` says how many exist. */
export const embeddedChangelogSchema = z
  .object({ total: z.number().optional(), maxResults: z.number().optional(), histories: z.array(z.unknown()).default([]) })
  .loose();

export const searchPageSchema = z
  .object({
    issues: z.array(z.unknown()).default([]),
    nextPageToken: z.string().nullish(),
    isLast: z.boolean().optional(),
  })
  .loose();

export const bulkChangelogSchema = z
  .object({
    issueChangeLogs: z.array(z.object({ issueId: idString, changeHistories: z.array(z.unknown()).default([]) }).loose()).default([]),
    nextPageToken: z.string().nullish(),
  })
  .loose();

export const changelogPageSchema = z
  .object({
    values: z.array(z.unknown()).default([]),
    startAt: z.number().default(0),
    total: z.number().optional(),
    isLast: z.boolean().optional(),
  })
  .loose();

export const remoteLinkSchema = z
  .object({
    id: idString.optional(),
    relationship: z.string().nullish(),
    object: z.object({ url: z.string(), title: z.string().nullish() }).loose(),
  })
  .loose();
export type JiraRemoteLink = z.infer<typeof remoteLinkSchema>;

export const fieldListSchema = z.array(z.object({ id: z.string(), name: z.string() }).loose());

export const statusListSchema = z.array(
  z.object({ id: idString, name: z.string(), statusCategory: z.object({ key: z.string() }).loose().nullish() }).loose(),
);

export const myselfSchema = z.object({ timeZone: z.string().nullish(), accountId: z.string().nullish() }).loose();

/** Parses Jira's `yyyy-MM-ddTHH:mm:ss.SSS+hhmm` (and ISO forms with `Z` or `+hh:mm`). */
export function parseJiraDateTime(value: string): Date | null {
  const normalized = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalized);
  return Number.isFinite(ms) ? new Date(ms) : null;
}
