/**
 * pino JSON logger with two layers of secret protection: structured redaction of the fields
 * where credentials live, and a last-chance scrub of the serialized line for known secret
 * values and Authorization schemes (a token can hide inside an error message or URL).
 */
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { Secret } from '../config/secret.js';
import { scrubSecrets } from './scrub-secrets.js';

export type { Logger } from 'pino';

const REDACT_PATHS = [
  'password',
  'token',
  'apiToken',
  'apiKey',
  'secret',
  'authorization',
  'Authorization',
  '*.password',
  '*.token',
  '*.apiToken',
  '*.apiKey',
  '*.secret',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'request.headers.authorization',
  'config.headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
];

export interface CreateLoggerOptions {
  readonly level?: LoggerOptions['level'];
  readonly secrets?: readonly Secret[];
  readonly destination?: DestinationStream;
  readonly base?: Record<string, unknown>;
}

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const secretValues = (options.secrets ?? []).map((s) => s.reveal());
  const pinoOptions: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: 'seams', ...options.base },
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    hooks: { streamWrite: (line) => scrubSecrets(line, secretValues) },
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}
