/**
 * The jira.js Cloud REST functions the connector calls, each loaded from its own API-group module.
 * `jira.js/cloud` re-exports all 91 groups and about 990 zod models (some 1,100 modules): loading
 * it costs about a second of CPU and 25 MB of a command's peak memory, for the eleven functions used
 * here, which need a few dozen modules. jira.js's exports map names no subpath for a group, so the
 * groups are found beside its package.json (which it does export); they are the very functions
 * `jira.js/cloud` exports (test/unit/connectors/jira/jira-cloud-api.test.ts checks it).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Cloud from 'jira.js/cloud';

type CloudApi = typeof Cloud;

const API_DIR = join(dirname(createRequire(import.meta.url).resolve('jira.js/package.json')), 'dist', 'cloud', 'api');

/** One API group of jira.js/cloud (`issues.js`, `myself.js`, …), typed by the functions taken from it. */
async function apiGroup<K extends keyof CloudApi>(file: string): Promise<Pick<CloudApi, K>> {
  return (await import(pathToFileURL(join(API_DIR, file)).href)) as Pick<CloudApi, K>;
}

const [issues, issueSearch, issueComments, issueRemoteLinks, myself, issueFields, workflowStatuses] = await Promise.all([
  apiGroup<'getIssue' | 'editIssue' | 'getBulkChangelogs' | 'getChangeLogs'>('issues.js'),
  apiGroup<'searchAndReconsileIssuesUsingJqlPost'>('issueSearch.js'),
  apiGroup<'addComment' | 'updateComment'>('issueComments.js'),
  apiGroup<'getRemoteIssueLinks'>('issueRemoteLinks.js'),
  apiGroup<'getCurrentUser'>('myself.js'),
  apiGroup<'getFields'>('issueFields.js'),
  apiGroup<'getStatuses'>('workflowStatuses.js'),
]);

export const { getIssue, editIssue, getBulkChangelogs, getChangeLogs } = issues;
export const { searchAndReconsileIssuesUsingJqlPost } = issueSearch;
export const { addComment, updateComment } = issueComments;
export const { getRemoteIssueLinks } = issueRemoteLinks;
export const { getCurrentUser } = myself;
export const { getFields } = issueFields;
export const { getStatuses } = workflowStatuses;
