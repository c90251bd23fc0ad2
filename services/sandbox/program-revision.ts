/**
 * A per-program edit counter, so the trackers can tell whether their indexes are current in O(1)
 * per request. Hashing every issue's `updatedAt` instead cost ~10 ms a request on the 50,000-issue
 * bench program (one cache miss per issue and per Date), about a third of the sandbox's serving
 * CPU in a full sync.
 *
 * Every function of program-mutations.ts (and simulate-week.ts) counts its edit here. Code that
 * edits a served program by hand in a way that changes order or membership (`updatedAt`, the
 * deleted or archived flags) calls `markProgramChanged`; growing or shrinking the issue and link
 * lists is noticed without it.
 */
import type { SandboxProgram } from './program-model.js';

const revisions = new WeakMap<SandboxProgram, number>();

export function markProgramChanged(program: SandboxProgram): void {
  revisions.set(program, (revisions.get(program) ?? 0) + 1);
}

/** Changes whenever the program was edited through the mutations or marked changed. */
export function programRevision(program: SandboxProgram): string {
  const edits = revisions.get(program) ?? 0;
  return `${edits}:${program.issues.length}:${program.links.length}:${program.crossLinks.length}:${program.teams.length}:${program.projects.length}`;
}
