/**
 * Dashboard authentication: a shared secret plus a name (login form, or `Authorization: Bearer`),
 * signed session cookies that name who signed in, and signed expiring login links (one-time when
 * emailed). Cookies are parsed, set and signed by @fastify/cookie; CSRF tokens come from
 * @fastify/csrf-protection (dashboard-routes.ts). This module owns the keys: each use (sessions,
 * login links, CSRF tokens) gets its own key derived from the signing key, so one is never
 * accepted as another. Every comparison of secret material is constant-time.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { signerFactory } from '@fastify/cookie';
import type { Secret } from '../config/secret.js';
import type { Principal } from '../people/people.js';

export const SESSION_COOKIE = 'seams_session';

type CookieSigner = ReturnType<typeof signerFactory>;

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
  /** Who the link was made for: an email address (emailed links) or a name. */
  readonly subject: string | null;
  readonly expiresAt: number;
  /** Emailed links work once: the caller records their use. */
  readonly oneTime: boolean;
}

export interface DashboardAuth {
  /** False when neither a shared secret nor a signing key is configured: nobody can get in. */
  readonly canSignSessions: boolean;
  readonly acceptsSharedSecret: boolean;
  readonly sessionTtlSeconds: number;
  checkSharedSecret(candidate: string): boolean;
  /** Signs and unsigns the session cookie; handed to @fastify/cookie as its `secret`. Null without a key. */
  readonly cookieSigner: CookieSigner | null;
  /** Keys the CSRF tokens' HMAC (@fastify/csrf-protection); null without a key. */
  readonly csrfKey: Buffer | null;
  /** What the session cookie holds before @fastify/cookie signs it: expiry, a nonce, who. */
  sessionPayload(principal: Principal, nowMs?: number): string;
  /** Who the session belongs to, or null when it is forged, tampered with or expired. */
  verifySession(value: string, nowMs?: number): Principal | null;
  /** When a genuine, unexpired session ends (ms since epoch); null for anything else. */
  sessionExpiresAt(value: string, nowMs?: number): number | null;
  createLoginToken(claims: { readonly subject?: string; readonly ttlSeconds: number; readonly oneTime?: boolean }, nowMs?: number): string;
  verifyLoginToken(token: string, nowMs?: number): LoginLinkClaims | null;
}

const SESSION_LABEL = 'seams.dashboard.session.v1';
const LOGIN_LABEL = 'seams.dashboard.login-link.v1';
const CSRF_LABEL = 'seams.dashboard.csrf.v1';

function encodePrincipal(principal: Principal): string {
  const claims = principal.kind === 'email' ? { e: principal.email } : { n: principal.name };
  return Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
}

function decodePrincipal(encoded: string): Principal | null {
  try {
    const claims = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as { e?: unknown; n?: unknown };
    if (typeof claims.e === 'string') return { kind: 'email', email: claims.e };
    if (typeof claims.n === 'string') return { kind: 'name', name: claims.n };
  } catch {
    // A session signed by us always decodes; anything else is simply not a session.
  }
  return null;
}

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
  const derivedKey = (label: string): Buffer | null => (key === null ? null : createHmac('sha256', key).update(label).digest());
  const sessionKey = derivedKey(SESSION_LABEL);
  const cookieSigner = sessionKey === null ? null : signerFactory(sessionKey);
  const signatureMatches = (label: string, payload: string, signature: string): boolean => {
    const given = Buffer.from(signature, 'base64url');
    const expected = sign(label, payload);
    // Digest length is public (always 32 bytes); only the content comparison must be constant-time.
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  const readSession = (value: string, nowMs: number): { expiresAt: number; principal: string } | null => {
    if (cookieSigner === null || value.length > 1200) return null;
    const unsigned = cookieSigner.unsign(value);
    const match = unsigned.valid && unsigned.value !== null ? /^(\d{1,12})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{1,1024})$/.exec(unsigned.value) : null;
    if (!match) return null;
    const expiresAt = Number(match[1]) * 1000;
    return expiresAt > nowMs ? { expiresAt, principal: match[3]! } : null;
  };

  const sessionPayload = (principal: Principal, nowMs: number): string =>
    `${Math.floor(nowMs / 1000) + sessionTtlSeconds}.${randomBytes(12).toString('base64url')}.${encodePrincipal(principal)}`;

  return {
    canSignSessions: key !== null,
    acceptsSharedSecret: shared !== null,
    sessionTtlSeconds,

    checkSharedSecret(candidate) {
      return shared !== null && constantTimeEqual(candidate, shared);
    },

    cookieSigner,
    csrfKey: derivedKey(CSRF_LABEL),

    sessionPayload: (principal, nowMs = Date.now()) => sessionPayload(principal, nowMs),

    verifySession(value, nowMs = Date.now()) {
      const session = readSession(value, nowMs);
      return session === null ? null : decodePrincipal(session.principal);
    },

    sessionExpiresAt(value, nowMs = Date.now()) {
      return readSession(value, nowMs)?.expiresAt ?? null;
    },

    createLoginToken({ subject, ttlSeconds, oneTime }, nowMs = Date.now()) {
      const claims = {
        sub: subject ?? null,
        exp: Math.floor(nowMs / 1000) + ttlSeconds,
        // A random id makes every link distinct: each works once, and using one never burns another.
        jti: randomBytes(12).toString('base64url'),
        ...(oneTime ? { once: true } : {}),
      };
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
      const { sub, exp, once } = claims as { sub?: unknown; exp?: unknown; once?: unknown };
      if (typeof exp !== 'number' || exp * 1000 <= nowMs) return null;
      return { subject: typeof sub === 'string' ? sub : null, expiresAt: exp, oneTime: once === true };
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
