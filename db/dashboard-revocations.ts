/** Revoked dashboard tokens (logged-out sessions, used login links), stored by hash only. */
import type { Kysely } from 'kysely';
import type { Database } from './database-types.js';

/** Records the revocation; false when the token was already revoked (a login link used twice). */
export async function revokeToken(db: Kysely<Database>, tokenHash: string, expiresAt: Date): Promise<boolean> {
  const inserted = await db
    .insertInto('dashboard_revocations')
    .values({ token_hash: tokenHash, expires_at: expiresAt })
    .onConflict((oc) => oc.column('token_hash').doNothing())
    .returning('token_hash')
    .executeTakeFirst();
  // Expired rows can never match a valid token again; clearing them here keeps the table small.
  await db.deleteFrom('dashboard_revocations').where('expires_at', '<', new Date()).execute();
  return inserted !== undefined;
}

export async function isTokenRevoked(db: Kysely<Database>, tokenHash: string): Promise<boolean> {
  const row = await db.selectFrom('dashboard_revocations').select('token_hash').where('token_hash', '=', tokenHash).executeTakeFirst();
  return row !== undefined;
}

/** Both operations bound to one database, in the shape the dashboard routes take. */
export function dashboardRevocations(db: Kysely<Database>) {
  return {
    revoke: (tokenHash: string, expiresAt: Date) => revokeToken(db, tokenHash, expiresAt),
    isRevoked: (tokenHash: string) => isTokenRevoked(db, tokenHash),
  };
}
