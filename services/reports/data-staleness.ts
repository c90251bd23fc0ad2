/** "Jira data is 3 h stale": warns readers when a report rests on a sync that stopped or failed. */
import type { IsoDateTime } from '../graph/graph-types.js';
import type { SourceStatus } from './report-inputs.js';
import { formatAge } from './report-format.js';

export interface StalenessNotice {
  readonly source: string;
  readonly kind: SourceStatus['kind'];
  readonly message: string;
}

export interface StalenessOptions {
  /** A source whose last successful sync is older than this is stale. Default 60 minutes. */
  readonly staleAfterMinutes?: number;
}

const KIND_LABEL: Readonly<Record<SourceStatus['kind'], string>> = { jira: 'Jira', linear: 'Linear' };

export function dataStaleness(
  sources: readonly SourceStatus[],
  generatedAt: IsoDateTime,
  options: StalenessOptions = {},
): readonly StalenessNotice[] {
  const staleAfterMs = (options.staleAfterMinutes ?? 60) * 60_000;
  const now = Date.parse(generatedAt);
  const perKind = new Map<string, number>();
  for (const s of sources) perKind.set(s.kind, (perKind.get(s.kind) ?? 0) + 1);

  const notices: StalenessNotice[] = [];
  for (const source of sources) {
    // Name the source only when the kind alone is ambiguous.
    const label = (perKind.get(source.kind) ?? 0) > 1 ? `${KIND_LABEL[source.kind]} (${source.name})` : KIND_LABEL[source.kind];
    const failure = source.lastError === null ? '' : ` (last sync failed: ${source.lastError})`;
    let message: string | null = null;
    if (source.lastSuccessAt === null) {
      message = `${label} has not synced successfully yet${failure}`;
    } else {
      const age = now - Date.parse(source.lastSuccessAt);
      if (age > staleAfterMs) message = `${label} data is ${formatAge(age)} stale${failure}`;
      else if (source.lastError !== null) message = `${label} sync failed: ${source.lastError}; data is ${formatAge(Math.max(0, age))} old`;
    }
    if (message !== null) notices.push({ source: source.name, kind: source.kind, message });
  }
  return notices;
}
