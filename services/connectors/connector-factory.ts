/**
 * Builds the right connector for a configured source, with cross-tracker link targets derived
 * from the other configured sources, behind one small interface the CLI and workers call.
 */
import type { SourceConfig } from '../config/config-schema.js';
import type { Secret } from '../config/secret.js';
import type { Logger } from '../logging/logger.js';
import type { SourceKind, SyncStore } from './connector-types.js';
import type { SyncProgress, TrackerConnector } from './sync-types.js';
import { createJiraConnector } from './jira/jira-connector.js';
import { LINEAR_API_URL } from './linear/linear-api-url.js';
import { createLinearConnector } from './linear/linear-connector.js';

export { LINEAR_API_URL };

export interface SourceConnector extends TrackerConnector {
  readonly kind: SourceKind;
}

export interface ConnectorFactoryDeps {
  readonly sources: readonly SourceConfig[];
  readonly credentials: ReadonlyMap<string, Secret>;
  readonly store: SyncStore;
  readonly logger: Logger;
  /** Per-page progress, e.g. for the CLI's progress line. */
  readonly onProgress?: ((sourceName: string, progress: SyncProgress) => void) | undefined;
}

export class UnknownSourceNameError extends Error {
  override readonly name = 'UnknownSourceNameError';
  constructor(readonly sourceName: string, known: readonly string[]) {
    super(`no source named "${sourceName}" in the configuration (known: ${known.join(', ') || 'none'})`);
  }
}

export function createSourceConnector(deps: ConnectorFactoryDeps, sourceName: string): SourceConnector {
  const source = deps.sources.find((s) => s.name === sourceName);
  if (!source) throw new UnknownSourceNameError(sourceName, deps.sources.map((s) => s.name));
  const secret = deps.credentials.get(source.name);
  if (!secret) throw new Error(`no credential loaded for source "${source.name}"`);
  const logger = deps.logger.child({ source: source.name, tracker: source.kind });
  const onProgress = (p: SyncProgress) => deps.onProgress?.(source.name, p);

  if (source.kind === 'jira') {
    const linearWorkspaces: Record<string, string> = {};
    for (const s of deps.sources) if (s.kind === 'linear' && s.workspace) linearWorkspaces[s.workspace] = s.name;
    const jiraBaseUrls: Record<string, string> = {};
    for (const s of deps.sources) if (s.kind === 'jira' && s.name !== source.name) jiraBaseUrls[s.baseUrl] = s.name;
    const { kind: _k, name, baseUrl, email, tokenEnv: _t, syncEveryMinutes: _m, ...options } = source;
    const connector = createJiraConnector({
      source: { name, baseUrl, email, apiToken: secret.reveal() },
      options: { ...options, linearWorkspaces },
      store: deps.store,
      logger,
      onProgress,
      jiraBaseUrls,
    });
    return { ...connector, kind: 'jira' };
  }

  const jiraSites: Record<string, string> = {};
  for (const s of deps.sources) if (s.kind === 'jira') jiraSites[s.baseUrl] = s.name;
  const { kind: _k, name, apiUrl, workspace: _w, tokenEnv: _t, syncEveryMinutes: _m, ...options } = source;
  const connector = createLinearConnector({
    source: { name, apiKey: secret.reveal(), apiUrl: apiUrl ?? LINEAR_API_URL },
    options: { ...options, jiraSites },
    store: deps.store,
    logger,
    onProgress,
  });
  return { ...connector, kind: 'linear' };
}
