/**
 * Dashboard authentication: a shared secret (login form or `Authorization: Bearer`), signed
 * session cookies and signed, expiring login links. Every comparison of secret material is
 * constant-time. Sessions and links are signed with HMAC-SHA256 under the signing key, with a
 * different label for each, so a session value is never accepted as a login token or back.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Secret } from '../config/secret.js';

export const SESSION_COOKIE = 'seams_session';

export interface DashboardAuthConfig {
  /** The secret people type in (or send as a Bearer token). */
  readonly sharedSecret?: Secret;
  /** Signs session cookies and login links. Derived from the shared secret when absent. */
  readonly signingKey?: Secret;
}

export interface DashboardAuthOptions {
  /** Lifetime of a session cookie. Default 12 hours. */
  readonly sessionTtlSeconds?: number;
}

export interface LoginLinkClaims {
  /** Who the link was made for (shown nowhere; kept for audit logs). */
  readonly subject: string | null;
  readonly expiresAt: number;
}

export interface DashboardAuth {
  /** False when neither a shared secret nor a signing key is configured: nobody can get in. */
  readonly canSignSessions: boolean;
  readonly acceptsSharedSecret: boolean;
  readonly sessionTtlSeconds: number;
  checkSharedSecret(candidate: string): boolean;
  issueSession(nowMs?: number): string;
  verifySession(value: string, nowMs?: number): boolean;
  /** When a genuine, unexpired session ends (ms since epoch); null for anything else. */
  sessionExpiresAt(value: string, nowMs?: number): number | null;
  createLoginToken(claims: { readonly subject?: string; readonly ttlSeconds: number }, nowMs?: number): string;
  verifyLoginToken(token: string, nowMs?: number): LoginLinkClaims | null;
}

const SESSION_LABEL = 'seams.dashboard.session.v1';
const LOGIN_LABEL = 'seams.dashboard.login-link.v1';

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Hashing both sides first makes the comparison constant-time whatever the lengths. */
export function constantTimeEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

export function createDashboardAuth(config: DashboardAuthConfig, options: DashboardAuthOptions = {}): DashboardAuth {
  const sessionTtlSeconds = options.sessionTtlSeconds ?? 12 * 3600;
  const shared = config.sharedSecret?.reveal() || null;
  const key: Buffer | null = config.signingKey?.reveal()
    ? Buffer.from(config.signingKey.reveal(), 'utf8')
    : shared !== null
      ? createHmac('sha256', shared).update('seams.dashboard.signing-key.v1').digest()
      : null;

  const sign = (label: string, payload: string): Buffer => {
    if (key === null) throw new Error('dashboard auth has no signing key');
    return createHmac('sha256', key).update(`${label}.${payload}`).digest();
  };
  const signatureMatches = (label: string, payload: string, signature: string): boolean => {
    const given = Buffer.from(signature, 'base64url');
    const expected = sign(label, payload);
    // Digest length is public (always 32 bytes); only the content comparison must be constant-time.
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  const sessionExpiresAt = (value: string, nowMs = Date.now()): number | null => {
    if (key === null) return null;
    const match = /^(\d{1,12})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (!match) return null;
    const payload = `${match[1]}.${match[2]}`;
    if (!signatureMatches(SESSION_LABEL, payload, match[3]!)) return null;
    const expiresAt = Number(match[1]) * 1000;
    return expiresAt > nowMs ? expiresAt : null;
  };

  return {
    canSignSessions: key !== null,
    acceptsSharedSecret: shared !== null,
    sessionTtlSeconds,

    checkSharedSecret(candidate) {
      return shared !== null && constantTimeEqual(candidate, shared);
    },

    issueSession(nowMs = Date.now()) {
      const payload = `${Math.floor(nowMs / 1000) + sessionTtlSeconds}.${randomBytes(12).toString('base64url')}`;
      return `${payload}.${sign(SESSION_LABEL, payload).toString('base64url')}`;
    },

    verifySession(value, nowMs = Date.now()) {
      return sessionExpiresAt(value, nowMs) !== null;
    },

    sessionExpiresAt,

    createLoginToken({ subject, ttlSeconds }, nowMs = Date.now()) {
      // The nonce makes every link distinct, so using one (single use) never spends another.
      const claims = { sub: subject ?? null, exp: Math.floor(nowMs / 1000) + ttlSeconds, n: randomBytes(9).toString('base64url') };
      const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
      return `${payload}.${sign(LOGIN_LABEL, payload).toString('base64url')}`;
    },

    verifyLoginToken(token, nowMs = Date.now()) {
      if (key === null) return null;
      const match = /^([A-Za-z0-9_-]{1,2048})\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!match || !signatureMatches(LOGIN_LABEL, match[1]!, match[2]!)) return null;
      let claims: unknown;
      try {
        claims = JSON.parse(Buffer.from(match[1]!, 'base64url').toString('utf8'));
      } catch {
        return null;
      }
      if (typeof claims !== 'object' || claims === null) return null;
      const { sub, exp } = claims as { sub?: unknown; exp?: unknown };
      if (typeof exp !== 'number' || exp * 1000 <= nowMs) return null;
      return { subject: typeof sub === 'string' ? sub : null, expiresAt: exp };
    },
  };
}

/** What revocations store instead of a token: logged-out sessions and used links, never replayable. */
export function revocationHash(token: string): string {
  return sha256(token).toString('hex');
}

/** `/login/link?token=…` under the dashboard's public URL. */
export function loginLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/login/link?token=${encodeURIComponent(token)}`;
}

export function parseCookies(header: string | undefined): ReadonlyMap<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

export function sessionCookie(value: string, options: { readonly path: string; readonly secure: boolean; readonly maxAgeSeconds: number }): string {
  const attributes = [`${SESSION_COOKIE}=${value}`, `Path=${options.path}`, `Max-Age=${options.maxAgeSeconds}`, 'HttpOnly', 'SameSite=Lax'];
  if (options.secure) attributes.push('Secure');
  return attributes.join('; ');
}
