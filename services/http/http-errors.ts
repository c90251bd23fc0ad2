/**
 * The one place HTTP status codes are chosen for errors. Clients get a short message and the
 * request id; causes (SQL, driver messages, secrets) stay in the server log only.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { DatabaseUnavailableError } from '../../db/database-error.js';

/** Seconds a client is asked to wait when the database is unreachable. */
const UNAVAILABLE_RETRY_AFTER_S = 30;

/** An error whose message is safe to show the client, with the status to send. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(readonly statusCode: number, message: string) {
    super(message);
  }
}

export interface ErrorBody {
  readonly error: string;
  readonly requestId: string;
  readonly issues?: readonly { readonly path: string; readonly message: string }[];
}

export function errorResponse(
  error: unknown,
  requestId: string,
): { status: number; body: ErrorBody; headers?: Readonly<Record<string, string>> } {
  if (error instanceof DatabaseUnavailableError) {
    return {
      status: 503,
      body: { error: 'the database is unavailable; try again shortly', requestId },
      headers: { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_S) },
    };
  }
  if (error instanceof ZodError) {
    return {
      status: 422,
      body: {
        error: 'validation failed',
        requestId,
        issues: error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
      },
    };
  }
  if (error instanceof HttpError) return { status: error.statusCode, body: { error: error.message, requestId } };
  const fastifyError = error as Partial<FastifyError>;
  // Fastify's own client errors (bad JSON, wrong content type, body too large) are safe to echo.
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500 && fastifyError.code?.startsWith('FST_')) {
    return { status: fastifyError.statusCode, body: { error: fastifyError.message ?? 'bad request', requestId } };
  }
  return { status: 500, body: { error: 'internal error', requestId } };
}

export function handleHttpError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body, headers } = errorResponse(error, request.id);
  if (status === 503) request.log.warn({ status, error: body.error }, 'request failed: dependency unavailable');
  else if (status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ status, error: body.error }, 'request rejected');
  if (headers) void reply.headers(headers);
  void reply.status(status).send(body);
}
