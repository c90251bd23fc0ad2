/**
 * Which driver errors mean "the connection is gone" (retry on a fresh one) rather than "the
 * statement was wrong" (retrying cannot help). Only the former are rewrapped, as
 * DatabaseUnavailableError; every other error reaches the caller untouched.
 */
import { DatabaseUnavailableError } from './database-error.js';

/** Socket errors of a connect or of an open connection (refused, reset, unreachable, timed out). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * SQLSTATE class 08 (connection exception), 57P01 admin_shutdown (pg_terminate_backend, fast
 * shutdown), 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or shutting down) and
 * 53300 too_many_connections.
 */
const SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;

/** node-postgres reports a dropped socket and its own connect timeout by message only. */
const DRIVER_MESSAGES: readonly (readonly [RegExp, string])[] = [
  [/^Connection terminated/, 'connection-terminated'],
  [/has encountered a connection error and is not queryable/, 'connection-terminated'],
  [/timeout exceeded when trying to connect|connection timeout/i, 'connect-timeout'],
];

/** The failure's code when the error means the connection is unusable, else null. */
export function connectionFailureCode(error: unknown): string | null {
  if (error instanceof DatabaseUnavailableError) return error.code;
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SQLSTATE.test(code))) return code;
  for (const [pattern, name] of DRIVER_MESSAGES) if (pattern.test(error.message)) return name;
  // A connect to a name with several addresses (localhost: ::1 and 127.0.0.1) fails with all of them.
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const innerCode = connectionFailureCode(inner);
      if (innerCode) return innerCode;
    }
  }
  return null;
}

/** DatabaseUnavailableError for a lost or refused connection; any other error as it is. */
export function classifyDatabaseError(error: unknown): unknown {
  if (error instanceof DatabaseUnavailableError) return error;
  const code = connectionFailureCode(error);
  return code ? new DatabaseUnavailableError(code, { cause: error }) : error;
}
