/**
 * "Linear: the last sync dropped 3 records…": tells readers when the numbers rest on tracker data
 * that could not all be kept as sent (see services/connectors/data-quality.ts for the three kinds).
 */
import type { QualityCounts } from '../connectors/data-quality.js';
import type { SourceStatus } from './report-inputs.js';

export interface DataQualityNote {
  readonly source: string;
  readonly kind: SourceStatus['kind'];
  readonly counts: QualityCounts;
  readonly message: string;
}

const KIND_LABEL: Readonly<Record<SourceStatus['kind'], string>> = { jira: 'Jira', linear: 'Linear' };

export function dataQualityNotes(sources: readonly SourceStatus[]): readonly DataQualityNote[] {
  const perKind = new Map<string, number>();
  for (const s of sources) perKind.set(s.kind, (perKind.get(s.kind) ?? 0) + 1);
  const notes: DataQualityNote[] = [];
  for (const source of sources) {
    const counts = source.quality;
    if (!counts) continue;
    const parts = [
      counts.dropped > 0 ? `dropped ${plural(counts.dropped, 'record')} it could not store` : null,
      counts.sanitised > 0 ? `cleaned ${plural(counts.sanitised, 'record')} with unusable values` : null,
      counts.truncated > 0 ? `found ${plural(counts.truncated, 'list')} the tracker cut short` : null,
    ].filter((p): p is string => p !== null);
    if (parts.length === 0) continue;
    const label = (perKind.get(source.kind) ?? 0) > 1 ? `${KIND_LABEL[source.kind]} (${source.name})` : KIND_LABEL[source.kind];
    notes.push({ source: source.name, kind: source.kind, counts, message: `${label}: the last sync ${joinParts(parts)}; the sync log names each one` });
  }
  return notes;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;
}

function joinParts(parts: readonly string[]): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
