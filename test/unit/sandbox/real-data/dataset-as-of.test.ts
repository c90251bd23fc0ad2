import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../../../../services/sandbox/real-data/csv-records.js';
import { datasetAsOf } from '../../../../services/sandbox/real-data/dataset-as-of.js';
import type { DatasetIssue, JiraDataset } from '../../../../services/sandbox/real-data/duraspace-dataset.js';

const d = (iso: string) => new Date(iso);
const issue = (key: string, created: string, extra: Partial<DatasetIssue>): DatasetIssue => ({
  subset: 'duraspace',
  project: 'FCREPO',
  key,
  type: 'Story',
  priority: 'Major',
  status: 'Closed',
  resolution: 'Fixed',
  created: d(created),
  resolved: d('2012-05-10T10:00:00Z'),
  updated: d('2012-05-10T10:00:00Z'),
  dueDate: null,
  storyPoints: 5,
  originalEstimateSeconds: null,
  fixVersions: ['3.6'],
  components: [],
  parentKey: null,
  assignee: 'u0123456789',
  ...extra,
});

const dataset: JiraDataset = {
  issues: [issue('FCREPO-1', '2012-03-01T10:00:00Z', {}), issue('FCREPO-2', '2012-04-20T10:00:00Z', {})],
  changes: [
    { key: 'FCREPO-1', at: d('2012-03-05T10:00:00Z'), author: 'u1', field: 'status', from: 'Open', to: 'In Progress' },
    { key: 'FCREPO-1', at: d('2012-04-10T10:00:00Z'), author: 'u1', field: 'Story Points', from: '2', to: '5' },
    { key: 'FCREPO-1', at: d('2012-04-10T10:00:00Z'), author: 'u1', field: 'Fix Version', from: '3.5', to: null },
    { key: 'FCREPO-1', at: d('2012-04-10T10:00:01Z'), author: 'u1', field: 'Fix Version', from: null, to: '3.6' },
    { key: 'FCREPO-1', at: d('2012-04-25T10:00:00Z'), author: 'u1', field: 'Link', from: null, to: 'This issue depends on FCREPO-2' },
    { key: 'FCREPO-1', at: d('2012-05-10T10:00:00Z'), author: 'u1', field: 'status', from: 'In Progress', to: 'Closed' },
  ],
  links: [
    { key: 'FCREPO-1', linkType: 'Dependency', direction: 'outward', label: 'depends on', otherKey: 'FCREPO-2' },
    { key: 'FCREPO-2', linkType: 'Dependency', direction: 'inward', label: 'required by', otherKey: 'FCREPO-1' },
  ],
  versions: [
    { project: 'FCREPO', id: '1', name: '3.5', releaseDate: '2012-03-20', released: true, archived: false },
    { project: 'FCREPO', id: '2', name: '3.6', releaseDate: '2012-05-15', released: true, archived: false },
  ],
};

describe('datasetAsOf', () => {
  it('shows the site as it was: later issues, changes, links, resolutions and release dates are not there yet', () => {
    const then = datasetAsOf(dataset, d('2012-04-01T00:00:00Z'));
    expect(then.issues.map((i) => i.key)).toEqual(['FCREPO-1']);
    expect(then.issues[0]).toMatchObject({ status: 'In Progress', storyPoints: 2, fixVersions: ['3.5'], resolved: null, resolution: null });
    expect(then.issues[0]!.updated).toEqual(d('2012-03-05T10:00:00Z'));
    expect(then.changes).toHaveLength(1);
    expect(then.links).toEqual([]);
    expect(then.versions.map((v) => [v.name, v.released, v.releaseDate])).toEqual([
      ['3.5', true, '2012-03-20'],
      ['3.6', false, null],
    ]);
  });

  it('keeps a link once it was added and both ends exist', () => {
    expect(datasetAsOf(dataset, d('2012-04-24T00:00:00Z')).links).toEqual([]);
    expect(datasetAsOf(dataset, d('2012-04-26T00:00:00Z')).links).toHaveLength(2);
  });

  it('changes nothing after the last event', () => {
    const later = datasetAsOf(dataset, d('2013-01-01T00:00:00Z'));
    expect(later.issues).toEqual(dataset.issues);
    expect(later.changes).toEqual(dataset.changes);
    expect(later.versions).toEqual(dataset.versions);
  });
});

describe('parseCsvRecords', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsvRecords('a,b,c\r\n1,"x, ""y""",\n2,"line\nbreak",z\n')).toEqual([
      { a: '1', b: 'x, "y"', c: '' },
      { a: '2', b: 'line\nbreak', c: 'z' },
    ]);
  });
});
