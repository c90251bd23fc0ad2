/**
 * A dataset as its Jira site looked at a past instant: issues created by then, the changelog up
 * to then, and every field the changelog tracks (status, fix versions, story points, resolution,
 * links) rolled back to its value then. Versions released later are unreleased and undated, so
 * nothing served can reveal the future. Pure.
 */
import type { DatasetChange, DatasetIssue, DatasetLink, JiraDataset } from './duraspace-dataset.js';

const ISSUE_KEY = /[A-Z][A-Z0-9_]+-\d+/g;

export function datasetAsOf(dataset: JiraDataset, at: Date): JiraDataset {
  const t = at.getTime();
  const issues = dataset.issues.filter((i) => i.created.getTime() < t);
  const keys = new Set(issues.map((i) => i.key));
  const allKeys = new Set(dataset.issues.map((i) => i.key));
  const later = new Map<string, DatasetChange[]>();
  const changes: DatasetChange[] = [];
  const lastKept = new Map<string, number>();
  for (const c of dataset.changes) {
    if (!keys.has(c.key)) continue;
    if (c.at.getTime() < t) {
      changes.push(c);
      lastKept.set(c.key, Math.max(lastKept.get(c.key) ?? 0, c.at.getTime()));
    } else later.set(c.key, [...(later.get(c.key) ?? []), c]);
  }
  const linkAdded = new Map<string, number>();
  for (const c of dataset.changes) {
    if (c.field !== 'Link' || !c.to) continue;
    const other = c.to.match(ISSUE_KEY)?.at(-1);
    if (!other) continue;
    for (const pair of [`${c.key}>${other}`, `${other}>${c.key}`]) linkAdded.set(pair, Math.min(linkAdded.get(pair) ?? Infinity, c.at.getTime()));
  }
  const links = dataset.links.filter(
    (l: DatasetLink) => keys.has(l.key) && (keys.has(l.otherKey) || !allKeys.has(l.otherKey)) && (linkAdded.get(`${l.key}>${l.otherKey}`) ?? -Infinity) < t,
  );
  return {
    issues: issues.map((i) => rollBack(i, (later.get(i.key) ?? []).sort((a, b) => a.at.getTime() - b.at.getTime()), at, lastKept.get(i.key) ?? 0)),
    changes,
    links,
    versions: dataset.versions.map((v) =>
      v.releaseDate !== null && Date.parse(`${v.releaseDate}T00:00:00Z`) < t ? v : { ...v, released: false, releaseDate: null },
    ),
  };
}

/** Undoes the changes made at or after `at`, newest first. */
function rollBack(issue: DatasetIssue, later: readonly DatasetChange[], at: Date, lastKept: number): DatasetIssue {
  let status = issue.status;
  let storyPoints = issue.storyPoints;
  const fixVersions = new Set(issue.fixVersions);
  for (let i = later.length - 1; i >= 0; i--) {
    const c = later[i]!;
    if (c.field === 'status' && c.from) status = c.from;
    else if (c.field === 'Story Points') storyPoints = c.from === null || !Number.isFinite(Number(c.from)) ? null : Number(c.from);
    else if (c.field === 'Fix Version') {
      if (c.to) fixVersions.delete(c.to);
      if (c.from) fixVersions.add(c.from);
    }
  }
  const resolvedThen = issue.resolved !== null && issue.resolved.getTime() < at.getTime();
  // Edits of untracked fields (text) are not in the data: the last known change stands for "updated".
  const updated =
    issue.updated.getTime() < at.getTime()
      ? issue.updated
      : new Date(Math.max(issue.created.getTime(), lastKept, resolvedThen ? issue.resolved!.getTime() : 0));
  return {
    ...issue,
    status,
    storyPoints,
    fixVersions: [...fixVersions],
    resolved: resolvedThen ? issue.resolved : null,
    resolution: resolvedThen ? issue.resolution : null,
    updated,
  };
}
