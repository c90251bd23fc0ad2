/**
 * The application's port: the business operations that workers, the demo and the server call.
 * They hold no business logic; `createSeamsServices` (seams-services.ts) wires the real sync,
 * rebuild and rendering services in behind it, and tests pass small fakes. It lives here, under
 * services/, so that every import points down: workers/ depends on it, never the reverse.
 */
import type { SyncRequest } from '../connectors/sync-types.js';
import type { RenderedEmail } from '../reports/render-email.js';
import type { WriteBackCounts } from '../writeback/writeback-service.js';

export interface AppServices {
  /**
   * Syncs one source; writes sync_state itself (cursor, last success, last error). Returns the
   * summary's numbers (see summary-counts.ts), which become the job's JSON result.
   */
  syncSource(sourceName: string, request: SyncRequest, progress: (p: Readonly<Record<string, number>>) => void): Promise<Record<string, number>>;
  /** Nightly pass that finds deletions and drift an incremental sync cannot see. */
  reconcileSource(sourceName: string): Promise<Record<string, number>>;
  /**
   * Rebuilds graph, forecast, risks and this week's snapshot; returns the snapshot's period and
   * colour, write-back counts when on, and the alert emails the rebuild wrote into the outbox (to send now).
   */
  rebuildProgram(programName: string): Promise<{
    period: string;
    colour: string;
    writeBack?: WriteBackCounts;
    alerts?: readonly { subscriptionId: number; period: string }[];
  }>;
  /**
   * Replays the program's teams' past releases and epics and stores the result as its track
   * record (what the weekly report's leadership line and the dashboard show).
   */
  refreshTrackRecord(programName: string): Promise<{ releases: number; metP85: number }>;
  /** Names of the programs whose scope reads items of this source (what a sync can change). */
  programsUsingSource(sourceName: string): Promise<string[]>;
  /** The personalized email for one recipient, or null when there is nothing to send (no snapshot yet). */
  renderProgramEmail(
    programName: string,
    audience: 'tpm' | 'leadership' | 'team',
    /** `team` is the team of a `team` subscription, whose own report it gets. */
    recipient: { email: string; unsubscribeUrl: string; team?: string | null },
  ): Promise<RenderedEmail | null>;
  /** The alert email of outbox period `alert:<eventId>` for one subscriber, or null when it has nothing for them. */
  renderAlertEmail?(eventId: number, recipient: { subscriptionId: number; email: string; unsubscribeUrl: string }): Promise<RenderedEmail | null>;
}
