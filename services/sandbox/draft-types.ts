/**
 * The shapes the sandbox generator's steps pass each other: drafts of items, the context that
 * makes them, and planned links. Apart, so the steps import them without importing each other.
 */
import type { SandboxTracker } from './program-model.js';
import type { Prng } from './prng.js';
import type { SizeSpec, TeamSpec } from './program-sizes.js';
import type { Timeline } from './generate-history.js';

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

export type DraftRole = 'epic' | 'chain' | 'cycle' | 'filler' | 'side' | 'bau';

export interface Draft {
  readonly tracker: SandboxTracker;
  readonly role: DraftRole;
  /** Team the item was created in; differs from `teamIndex` for moved Jira issues. */
  readonly originTeamIndex: number;
  teamIndex: number;
  type: 'Epic' | 'Story' | 'Task' | 'Bug';
  title: string;
  estimate: number | null;
  dueDate: string | null;
  labels: string[];
  assignee: Person | null;
  timeline: Timeline;
  updatedAt: Date;
  /** Filler DAG layer: blocks links only go from a lower to a higher layer. -1 for non-fillers. */
  readonly level: number;
  epicIndex: number | null;
  projectId: string | null;
  movedAt: Date | null;
  deleted: boolean;
  archived: boolean;
}

export interface DraftContext {
  readonly prng: Prng;
  readonly now: Date;
  readonly spec: SizeSpec;
  readonly teams: readonly TeamSpec[];
  readonly people: readonly (readonly Person[])[];
  /** Linear project ids per team index (empty for Jira teams). */
  readonly linearProjects: readonly (readonly string[])[];
}

export interface LinkPlan {
  readonly kind: 'blocks' | 'relates' | 'duplicates';
  readonly from: number;
  readonly to: number;
}
