/**
 * The program the real-data demo follows: the dataset's largest released version, seen six weeks
 * before it shipped. Its scope is the version (its issues at that date, as a release: fix
 * versions, so the forecast knows earlier releases shipped by moving open work out); its target is the day
 * it really shipped, so the forecast's confidence can be read against what happened. Pure.
 */
import type { ProgramConfig } from '../../config/config-schema.js';
import { datasetAsOf } from './dataset-as-of.js';
import type { JiraDataset } from './duraspace-dataset.js';

const LEAD_DAYS = 42;

export interface DemoRelease {
  readonly project: string;
  readonly version: string;
  readonly releaseDate: string;
  readonly asOf: Date;
  /** Issues in the version on the as-of date. */
  readonly issues: number;
  readonly program: ProgramConfig;
}

export function chooseDemoRelease(dataset: JiraDataset): DemoRelease {
  const sizes = new Map<string, number>();
  for (const issue of dataset.issues) for (const v of issue.fixVersions) sizes.set(`${issue.project}\u0000${v}`, (sizes.get(`${issue.project}\u0000${v}`) ?? 0) + 1);
  const released = dataset.versions
    .filter((v) => v.released && v.releaseDate !== null)
    .sort((a, b) => (sizes.get(`${b.project}\u0000${b.name}`) ?? 0) - (sizes.get(`${a.project}\u0000${a.name}`) ?? 0) || (a.releaseDate! < b.releaseDate! ? -1 : 1));
  for (const version of released) {
    const asOf = new Date(Date.parse(`${version.releaseDate}T09:00:00Z`) - LEAD_DAYS * 86_400_000);
    const then = datasetAsOf(dataset, asOf);
    const keys = then.issues.filter((i) => i.project === version.project && i.fixVersions.includes(version.name)).map((i) => i.key);
    if (keys.length === 0) continue;
    const slug = `${version.project}-${version.name}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    return {
      project: version.project,
      version: version.name,
      releaseDate: version.releaseDate!,
      asOf,
      issues: keys.length,
      program: {
        name: slug,
        title: `${version.project} ${version.name}`,
        owner: `${version.project} release manager`,
        targetDate: version.releaseDate!,
        timezone: 'UTC',
        scope: { epics: [], labels: [], linearProjects: [], teams: [], keys: [], fixVersions: [`${version.project} ${version.name}`] },
        report: { weekday: 'monday', time: '08:00' },
        decisions: [],
      },
    };
  }
  throw new RangeError('the dataset has no released version with issues in it six weeks before its release');
}
