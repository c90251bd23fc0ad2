/** Registers the configured sources and programs in the database (upserts; run at every start). */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database-types.js';
import { upsertPrograms } from '../../db/programs.js';
import { upsertSources } from '../../db/sources.js';
import type { ConfigFile } from '../config/config-schema.js';
import { LINEAR_API_URL } from '../connectors/linear/linear-api-url.js';

export async function registerConfig(db: Kysely<Database>, file: Pick<ConfigFile, 'sources' | 'programs'>): Promise<void> {
  await upsertSources(
    db,
    file.sources.map((s) => ({
      name: s.name,
      kind: s.kind,
      baseUrl: s.kind === 'jira' ? s.baseUrl : (s.apiUrl ?? LINEAR_API_URL),
      credentialsRef: s.tokenEnv,
    })),
  );
  await upsertPrograms(
    db,
    file.programs.map((p) => ({
      name: p.name,
      scope: { ...p.scope },
      targetDate: p.targetDate,
      timezone: p.timezone,
      owner: p.owner ?? null,
    })),
  );
}
