/**
 * The generated program the sandbox trackers serve. Tracker-neutral on purpose: the Jira and
 * Linear servers each render their own slice of it in their real API shapes.
 */
export type SandboxTracker = 'jira' | 'linear';
export type SandboxCategory = 'todo' | 'in_progress' | 'done';

export interface SandboxTeam {
  readonly tracker: SandboxTracker;
  /** Jira project key (e.g. `PAY`) or Linear team key (e.g. `MOB`). */
  readonly key: string;
  /** Jira project id / Linear team UUID. */
  readonly id: string;
  readonly name: string;
  /**
   * Generation parameter: median working days per story point of this team's finished work.
   * The team's history is drawn around it, so history-derived days-per-point comes out close.
   */
  readonly daysPerPoint?: number;
}

export interface SandboxStatusChange {
  readonly at: Date;
  readonly from: string | null;
  readonly to: string;
  readonly toCategory: SandboxCategory;
}

export interface SandboxIssue {
  readonly tracker: SandboxTracker;
  /** Jira numeric id (string) / Linear UUID. Stable across Jira project moves. */
  readonly id: string;
  /** Current key (`PAY-12` / `MOB-7`); changes when a Jira issue moves project. */
  key: string;
  /** Keys it had before moves, oldest first. */
  readonly previousKeys: string[];
  teamKey: string;
  title: string;
  description: string;
  type: 'Epic' | 'Story' | 'Task' | 'Bug';
  status: string;
  category: SandboxCategory;
  assignee: { readonly id: string; readonly name: string; readonly email: string } | null;
  estimate: number | null;
  dueDate: string | null;
  labels: string[];
  /** Id of the epic (Jira) / parent issue; Linear project id for Linear issues in a project. */
  parentId: string | null;
  projectId: string | null;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  deleted: boolean;
  archived: boolean;
  readonly history: SandboxStatusChange[];
}

export interface SandboxLink {
  readonly id: string;
  /** `blocks`: `from` blocks `to`. */
  readonly kind: 'blocks' | 'relates' | 'duplicates';
  readonly fromId: string;
  readonly toId: string;
  createdAt: Date;
}

/**
 * Jira remote link / Linear attachment pointing at an issue in the other tracker.
 * `kind: 'blocks'` means the issue `fromId` (the one holding the link) blocks the issue at `url`.
 */
export interface SandboxCrossLink {
  readonly id: string;
  readonly fromId: string;
  /** Id of the issue at `url` (ground truth; the trackers only expose the URL). */
  readonly toId?: string;
  /** Absolute URL of the other tracker's issue. */
  readonly url: string;
  readonly title: string;
  /** What the link means for dependencies (the remote/attachment title carries it, e.g. "blocks"). */
  readonly kind: 'blocks' | 'relates';
}

export interface SandboxProject {
  readonly id: string;
  readonly name: string;
  readonly tracker: SandboxTracker;
}

export interface SandboxProgram {
  readonly seed: number;
  readonly now: Date;
  readonly jiraBaseUrl: string;
  readonly linearWorkspaceUrl: string;
  readonly teams: SandboxTeam[];
  readonly projects: SandboxProject[];
  readonly issues: SandboxIssue[];
  readonly links: SandboxLink[];
  readonly crossLinks: SandboxCrossLink[];
  /**
   * The plan's target date (demo): the main chain's remaining work at its typical pace plus
   * slack, laid end to end from `now` — see planDemoChain in generate-demo-work.ts.
   */
  readonly targetDate?: string;
  /** Ground truth for tests (see generate-program.ts for how it is constructed). */
  readonly expected: {
    /**
     * Open items of the main chain in dependency order: the critical path when an open item's
     * duration is its estimate × its team's daysPerPoint (working days) and done items take 0.
     */
    readonly criticalPath: string[];
    /** The whole main chain, done predecessors included. */
    readonly mainChain?: string[];
    /** Σ estimate × team daysPerPoint over `criticalPath` (working days). */
    readonly criticalPathWorkingDays?: number;
    readonly cycles: string[][];
    readonly staleIds: string[];
    readonly unassignedIds: string[];
    readonly movedIds: string[];
    readonly deletedIds: string[];
    /** Keys of issues in Jira projects outside the program's teams (synced as placeholders). */
    readonly placeholderKeys?: string[];
  };
}
