/**
 * Dashboard authentication: a shared secret plus a name (login form, or `Authorization: Bearer`),
 * signed session cookies that name who signed in, signed expiring login links (one-time when
 * emailed), and CSRF tokens bound to the session. Every comparison of secret material is
 * constant-time. Sessions, links and CSRF tokens are signed with HMAC-SHA256 under the signing
 * key, with a different label for each, so one is never accepted as another.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Secret } from '../config/secret.js';
import type { Principal } from '../people/people.js';

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
  issueSession(principal: Principal, nowMs?: number): string;
  /** Who the session belongs to, or null when it is forged, tampered with or expired. */
  verifySession(value: string, nowMs?: number): Principal | null;
  /** When a genuine, unexpired session ends (ms since epoch); null for anything else. */
  sessionExpiresAt(value: string, nowMs?: number): number | null;
  createLoginToken(claims: { readonly subject?: string; readonly ttlSeconds: number; readonly oneTime?: boolean }, nowMs?: number): string;
  verifyLoginToken(token: string, nowMs?: number): LoginLinkClaims | null;
  /** The CSRF token every form and unsafe API call of this session must carry. */
  csrfToken(sessionValue: string): string;
  checkCsrfToken(sessionValue: string, candidate: string): boolean;
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
  const signatureMatches = (label: string, payload: string, signature: string): boolean => {
    const given = Buffer.from(signature, 'base64url');
    const expected = sign(label, payload);
    // Digest length is public (always 32 bytes); only the content comparison must be constant-time.
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  const readSession = (value: string, nowMs: number): { expiresAt: number; principal: string } | null => {
    if (key === null) return null;
    const match = /^(\d{1,12})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{1,1024})\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (!match) return null;
    const payload = `${match[1]}.${match[2]}.${match[3]}`;
    if (!signatureMatches(SESSION_LABEL, payload, match[4]!)) return null;
    const expiresAt = Number(match[1]) * 1000;
    return expiresAt > nowMs ? { expiresAt, principal: match[3]! } : null;
  };

  return {
    canSignSessions: key !== null,
    acceptsSharedSecret: shared !== null,
    sessionTtlSeconds,

    checkSharedSecret(candidate) {
      return shared !== null && constantTimeEqual(candidate, shared);
    },

    issueSession(principal, nowMs = Date.now()) {
      const payload = `${Math.floor(nowMs / 1000) + sessionTtlSeconds}.${randomBytes(12).toString('base64url')}.${encodePrincipal(principal)}`;
      return `${payload}.${sign(SESSION_LABEL, payload).toString('base64url')}`;
    },

    verifySession(value, nowMs = Date.now()) {
      const session = readSession(value, nowMs);
      return session === null ? null : decodePrincipal(session.principal);
    },

    sessionExpiresAt(value, nowMs = Date.now()) {
      return readSession(value, nowMs)?.expiresAt ?? null;
    },

    csrfToken(sessionValue) {
      return sign(CSRF_LABEL, sessionValue).toString('base64url');
    },

    checkCsrfToken(sessionValue, candidate) {
      return key !== null && /^[A-Za-z0-9_-]{43}$/.test(candidate) && signatureMatches(CSRF_LABEL, sessionValue, candidate);
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
