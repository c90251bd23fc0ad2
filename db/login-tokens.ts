/** One-time sign-in links: a link's hash is stored when it is first used, so a second use fails. */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './database-types.js';

/** True the first time a token is consumed, false ever after. Expired records are swept on the way. */
export async function consumeLoginToken(db: Kysely<Database>, token: string, expiresAt: Date, now: Date): Promise<boolean> {
  await db.deleteFrom('login_tokens_used').where('expires_at', '<', now).execute();
  const hash = createHash('sha256').update(token, 'utf8').digest('hex');
  const result = await db
    .insertInto('login_tokens_used')
    .values({ token_hash: hash, expires_at: expiresAt })
    .onConflict((oc) => oc.column('token_hash').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}
