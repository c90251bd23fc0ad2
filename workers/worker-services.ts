/**
 * The business operations workers call. Workers hold no business logic: the lead wires the real
 * sync, rebuild and rendering services in behind this interface, and tests pass small fakes.
 */
import type { RenderedEmail } from '../services/reports/render-email.js';
import type { WriteBackCounts } from '../services/writeback/writeback-service.js';

export type { EmailAttachment, RenderedEmail } from '../services/reports/render-email.js';

export type SyncMode = 'full' | 'incremental';

export interface SyncRequest {
  readonly mode: SyncMode;
  /** Only these items (webhook-targeted sync); absent = the whole scope the mode implies. */
  readonly itemKeys?: string[];
}


export type Audience = 'tpm' | 'leadership' | 'team';

export interface WorkerServices {
  /** Syncs one source; writes sync_state itself (cursor, last success, last error). Returns counts. */
  syncSource(
    sourceName: string,
    request: { mode: 'full' | 'incremental'; itemKeys?: string[] },
    progress: (p: Record<string, number>) => void,
  ): Promise<Record<string, number>>;
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
