/**
 * Starts the sandbox Jira serving a real dataset (optionally as it stood at a past instant) and
 * describes the Seams source that syncs it, for the demo, the bench and the round-trip test.
 */
import { startJiraSandbox, type JiraSandbox } from '../jira/jira-server.js';
import { SANDBOX_JIRA_EMAIL, SANDBOX_JIRA_TOKEN } from '../sandbox-trackers.js';
import { datasetAsOf } from './dataset-as-of.js';
import { buildDatasetSite, type DatasetSite } from './dataset-jira-site.js';
import type { JiraDataset } from './duraspace-dataset.js';

export const DATASET_SOURCE = 'duraspace';

export interface DatasetJira {
  readonly jira: JiraSandbox;
  readonly site: DatasetSite;
  /** The `sources` entry of a seams.config document for this site. */
  readonly source: Record<string, unknown>;
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

export async function startDatasetJira(dataset: JiraDataset, options: { readonly asOf?: Date; readonly port?: number } = {}): Promise<DatasetJira> {
  const served = options.asOf ? datasetAsOf(dataset, options.asOf) : dataset;
  const now = options.asOf ?? new Date(Math.max(...served.issues.map((i) => i.updated.getTime())));
  // The base URL is only known once the server listens; links rendered later use the live one.
  const site = buildDatasetSite(served, { baseUrl: 'http://127.0.0.1', now });
  const jira = await startJiraSandbox({ program: site.program, site: site.site, port: options.port ?? 0, email: SANDBOX_JIRA_EMAIL, apiToken: SANDBOX_JIRA_TOKEN });
  return {
    jira,
    site,
    source: {
      kind: 'jira',
      name: DATASET_SOURCE,
      baseUrl: jira.url,
      email: SANDBOX_JIRA_EMAIL,
      tokenEnv: 'SEAMS_SANDBOX_JIRA_TOKEN',
      projects: site.projects,
    },
    env: { SEAMS_SANDBOX_JIRA_TOKEN: SANDBOX_JIRA_TOKEN },
    close: () => jira.close(),
  };
}
