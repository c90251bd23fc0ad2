/**
 * The Duraspace Jira dataset of ../shared/real-data/duraspace-apache-ase2015 (Choetkiertikul et
 * al., ASE 2015; see its README), read at run time and never copied into the repository:
 * issues, the non-text changelog, typed links and versions with release dates.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseCsvRecords } from './csv-records.js';

export const DURASPACE_DIR = 'duraspace-apache-ase2015';

export interface DatasetIssue {
  readonly subset: string;
  readonly project: string;
  readonly key: string;
  readonly type: string;
  readonly priority: string;
  readonly status: string;
  readonly resolution: string | null;
  readonly created: Date;
  readonly resolved: Date | null;
  readonly updated: Date;
  readonly dueDate: string | null;
  readonly storyPoints: number | null;
  readonly originalEstimateSeconds: number | null;
  readonly fixVersions: readonly string[];
  readonly components: readonly string[];
  readonly parentKey: string | null;
  readonly assignee: string | null;
}

/** One changed field, as Jira's changelog records it (names, not ids: the dataset kept only those). */
export interface DatasetChange {
  readonly key: string;
  readonly at: Date;
  readonly author: string | null;
  readonly field: string;
  readonly from: string | null;
  readonly to: string | null;
}

/** Read as "`key` `label` `otherKey`". */
export interface DatasetLink {
  readonly key: string;
  readonly linkType: string;
  readonly direction: 'inward' | 'outward';
  readonly label: string;
  readonly otherKey: string;
}

export interface DatasetVersion {
  readonly project: string;
  readonly id: string;
  readonly name: string;
  readonly releaseDate: string | null;
  readonly released: boolean;
  readonly archived: boolean;
}

export interface JiraDataset {
  readonly issues: readonly DatasetIssue[];
  readonly changes: readonly DatasetChange[];
  readonly links: readonly DatasetLink[];
  readonly versions: readonly DatasetVersion[];
}

export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
  }
}

const orNull = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : s);
const list = (s: string | undefined) => (s ?? '').split(';').map((v) => v.trim()).filter((v) => v.length > 0);
const num = (s: string | undefined) => {
  const v = orNull(s);
  return v === null || !Number.isFinite(Number(v)) ? null : Number(v);
};

function date(s: string | undefined, file: string, row: number): Date {
  const d = new Date((s ?? '').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(d.getTime())) throw new DatasetError(`${file} row ${row}: not a timestamp: "${s ?? ''}"`, file);
  return d;
}

/** Parses the dataset's four CSV files, keeping one subset (`duraspace` or `apache-sample`). */
export function parseJiraDataset(files: { issues: string; changelog: string; links: string; versions: string }, subset: string): JiraDataset {
  const issues = parseCsvRecords(files.issues)
    .filter((r) => r['subset'] === subset)
    .map((r, i): DatasetIssue => ({
      subset,
      project: r['project'] ?? '',
      key: r['key'] ?? '',
      type: r['type'] || 'Task',
      priority: r['priority'] || 'Major',
      status: r['status'] ?? '',
      resolution: orNull(r['resolution']),
      created: date(r['created'], 'issues.csv', i),
      resolved: orNull(r['resolved']) === null ? null : date(r['resolved'], 'issues.csv', i),
      updated: date(r['updated'] || r['created'], 'issues.csv', i),
      dueDate: orNull(r['due_date'])?.slice(0, 10) ?? null,
      storyPoints: num(r['story_points']),
      originalEstimateSeconds: num(r['original_estimate_s']),
      fixVersions: list(r['fix_versions']),
      components: list(r['components']),
      parentKey: orNull(r['parent_key']),
      assignee: orNull(r['assignee']),
    }));
  const keys = new Set(issues.map((i) => i.key));
  const changes = parseCsvRecords(files.changelog)
    .filter((r) => r['subset'] === subset && keys.has(r['key'] ?? ''))
    .map((r, i): DatasetChange => ({
      key: r['key'] ?? '',
      at: date(r['changed_at'], 'changelog.csv', i),
      author: orNull(r['author']),
      field: r['field'] ?? '',
      from: orNull(r['from']),
      to: orNull(r['to']),
    }));
  const links = parseCsvRecords(files.links)
    .filter((r) => keys.has(r['key'] ?? '') && (r['direction'] === 'inward' || r['direction'] === 'outward'))
    .map((r): DatasetLink => ({
      key: r['key'] ?? '',
      linkType: r['link_type'] ?? '',
      direction: r['direction'] as 'inward' | 'outward',
      label: r['label'] ?? '',
      otherKey: r['other_key'] ?? '',
    }));
  const projects = new Set(issues.map((i) => i.project));
  const versions = parseCsvRecords(files.versions)
    .filter((r) => r['subset'] === subset && projects.has(r['project'] ?? ''))
    .map((r): DatasetVersion => ({
      project: r['project'] ?? '',
      id: r['version_id'] ?? '',
      name: r['name'] ?? '',
      releaseDate: orNull(r['release_date'])?.slice(0, 10) ?? null,
      released: r['released'] === '1',
      archived: r['archived'] === '1',
    }));
  return { issues, changes, links, versions };
}

/** Reads `<realDataDir>/duraspace-apache-ase2015/*.csv.gz`. */
export async function readDuraspaceDataset(realDataDir: string, subset = 'duraspace'): Promise<JiraDataset> {
  const dir = join(realDataDir, DURASPACE_DIR);
  const read = async (name: string) => {
    try {
      return gunzipSync(await readFile(join(dir, `${name}.csv.gz`))).toString('utf8');
    } catch (error) {
      throw new DatasetError(`cannot read ${join(dir, `${name}.csv.gz`)}: ${(error as Error).message}`, `${name}.csv.gz`);
    }
  };
  const [issues, changelog, links, versions] = await Promise.all(['issues', 'changelog', 'links', 'versions'].map(read));
  return parseJiraDataset({ issues: issues!, changelog: changelog!, links: links!, versions: versions! }, subset);
}
