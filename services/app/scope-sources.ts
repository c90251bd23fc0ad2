import type { ProgramScopeConfig } from '../config/config-schema.js';

/** Whether a program's scope can select items of a source (team filters name their source). */
export function scopeReadsSource(scope: ProgramScopeConfig, sourceName: string): boolean {
  const bySelector = scope.epics.length + scope.labels.length + scope.linearProjects.length + scope.keys.length + (scope.fixVersions?.length ?? 0) > 0;
  return bySelector || scope.teams.some((t) => t.startsWith(`${sourceName}:`));
}
