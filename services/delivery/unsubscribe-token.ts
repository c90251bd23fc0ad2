/**
 * One-click unsubscribe tokens: `<subscription id>.<HMAC-SHA256(id) base64url>` signed with
 * SEAMS_SIGNING_KEY. The database keeps only a SHA-256 of the token, so a leaked table cannot be
 * replayed into unsubscribe links, and clearing the hash revokes old links.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const DOMAIN = 'seams.unsubscribe.v1';
/** Confirmation links sign under another label: an unsubscribe link can never confirm, nor back. */
const CONFIRM_DOMAIN = 'seams.subscription-confirm.v1';

function signature(subscriptionId: number, signingKey: string, domain = DOMAIN): Buffer {
  return createHmac('sha256', signingKey).update(`${domain}:${subscriptionId}`).digest();
}

export function signUnsubscribeToken(subscriptionId: number, signingKey: string): string {
  return `${subscriptionId}.${signature(subscriptionId, signingKey).toString('base64url')}`;
}

export function signConfirmToken(subscriptionId: number, signingKey: string): string {
  return `${subscriptionId}.${signature(subscriptionId, signingKey, CONFIRM_DOMAIN).toString('base64url')}`;
}

export function verifyConfirmToken(token: string, signingKey: string): number | null {
  return verifySigned(token, signingKey, CONFIRM_DOMAIN);
}

export function hashUnsubscribeToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The subscription id a genuine token names, or null for anything forged or malformed. */
export function verifyUnsubscribeToken(token: string, signingKey: string): number | null {
  return verifySigned(token, signingKey, DOMAIN);
}

function verifySigned(token: string, signingKey: string, domain: string): number | null {
  const match = /^([1-9]\d{0,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const id = Number(match[1]);
  const given = Buffer.from(match[2] ?? '', 'base64url');
  const expected = signature(id, signingKey, domain);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return id;
}

/** Constant-time comparison of a presented token with the stored hash. */
export function tokenMatchesHash(token: string, storedHash: string | null): boolean {
  if (!storedHash) return false;
  const a = Buffer.from(hashUnsubscribeToken(token), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
