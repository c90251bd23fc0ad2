/**
 * Subscriptions as the product sees them: synced from config, added through the API, ended by a
 * signed one-click unsubscribe link. Token hashes are written here so db/ never sees the key.
 */
import type { Kysely } from 'kysely';
import type { ConfigFile } from '../config/config-schema.js';
import type { Database, SubscriptionRow } from '../../db/database-types.js';
import {
  confirmSubscription,
  deactivateSubscription,
  getSubscription,
  setUnsubscribeTokenHash,
  upsertConfigSubscriptions,
  upsertSubscriptions,
  type SubscriptionDefinition,
  type SubscriptionWithProgram,
} from '../../db/subscriptions.js';
import {
  hashUnsubscribeToken,
  signConfirmToken,
  signUnsubscribeToken,
  tokenMatchesHash,
  verifyConfirmToken,
  verifyUnsubscribeToken,
} from './unsubscribe-token.js';

export interface SubscriptionService {
  syncFromConfig(config: Pick<ConfigFile, 'subscriptions' | 'programs'>): Promise<SubscriptionRow[]>;
  /** With `pendingConfirmation`, the row stays inactive until `confirm` is called with its token. */
  addFromApi(definition: SubscriptionDefinition, options?: { readonly pendingConfirmation?: boolean }): Promise<SubscriptionRow>;
  confirmationToken(subscriptionId: number): string;
  /** Starts mail for a subscription waiting for confirmation; null when the token is forged or unknown. */
  confirm(token: string): Promise<{ subscription: SubscriptionWithProgram; changed: boolean } | null>;
  /** The subscription a genuine, current token names (for the confirm page), else null. */
  resolveToken(token: string): Promise<SubscriptionWithProgram | null>;
  /** Turns the subscription off; null when the token is forged, revoked or unknown. */
  unsubscribe(token: string): Promise<{ subscription: SubscriptionWithProgram; changed: boolean } | null>;
}

export function createSubscriptionService(deps: { readonly db: Kysely<Database>; readonly signingKey: string }): SubscriptionService {
  async function withTokenHashes(rows: SubscriptionRow[]): Promise<SubscriptionRow[]> {
    const out: SubscriptionRow[] = [];
    for (const row of rows) {
      const hash = hashUnsubscribeToken(signUnsubscribeToken(row.id, deps.signingKey));
      if (row.unsubscribe_token_hash !== hash) await setUnsubscribeTokenHash(deps.db, row.id, hash);
      out.push({ ...row, unsubscribe_token_hash: hash });
    }
    return out;
  }

  async function resolveToken(token: string): Promise<SubscriptionWithProgram | null> {
    const id = verifyUnsubscribeToken(token, deps.signingKey);
    if (id === null) return null;
    const subscription = await getSubscription(deps.db, id);
    if (!subscription || !tokenMatchesHash(token, subscription.unsubscribe_token_hash)) return null;
    return subscription;
  }

  return {
    async syncFromConfig(config) {
      const timezones = new Map(config.programs.map((p) => [p.name, p.timezone]));
      const rows = await upsertConfigSubscriptions(
        deps.db,
        config.subscriptions.map((s) => ({
          email: s.email,
          programName: s.program,
          audience: s.audience,
          timezone: s.timezone ?? timezones.get(s.program) ?? 'UTC',
          alerts: s.alerts,
          team: s.team ?? null,
        })),
      );
      return withTokenHashes(rows);
    },
    async addFromApi(definition, options = {}) {
      const [row] = await withTokenHashes(await upsertSubscriptions(deps.db, [definition], 'api', options));
      if (!row) throw new Error('subscription upsert returned no row');
      return row;
    },
    resolveToken,
    confirmationToken: (subscriptionId) => signConfirmToken(subscriptionId, deps.signingKey),
    async confirm(token) {
      const id = verifyConfirmToken(token, deps.signingKey);
      const subscription = id === null ? undefined : await getSubscription(deps.db, id);
      if (!subscription) return null;
      const changed = await confirmSubscription(deps.db, subscription.id);
      return { subscription: changed ? { ...subscription, active: true, pending_confirmation: false } : subscription, changed };
    },
    async unsubscribe(token) {
      const subscription = await resolveToken(token);
      if (!subscription) return null;
      const changed = await deactivateSubscription(deps.db, subscription.id);
      return { subscription: { ...subscription, active: false }, changed };
    },
  };
}
