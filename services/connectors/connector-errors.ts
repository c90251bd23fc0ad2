/**
 * The two errors a connector throws out of a sync. Both carry the source name and enough context
 * to act on, and neither ever carries a credential: messages are built from the method, the path
 * and a short, redacted excerpt of the response body — never from request headers.
 */

/**
 * The tracker refused our credentials (401) or our permissions (403). Retrying cannot fix it:
 * workers treat it as unrecoverable, and the stored data is left untouched.
 */
export class TrackerAuthError extends Error {
  override readonly name = 'TrackerAuthError';
  readonly sourceName: string;
  readonly status: 401 | 403;

  constructor(sourceName: string, status: 401 | 403, detail: string) {
    super(
      status === 401
        ? `Tracker source "${sourceName}" rejected the credentials (401): check the configured email and API token. ${detail}`.trim()
        : `Tracker source "${sourceName}" denied access (403): the account lacks permission. ${detail}`.trim(),
    );
    this.sourceName = sourceName;
    this.status = status;
  }
}

/**
 * A request that failed for good: a non-retryable status, or retries exhausted on a transient
 * one. `status` is null when no response arrived (network error, timeout).
 */
export class TrackerRequestError extends Error {
  override readonly name = 'TrackerRequestError';
  readonly sourceName: string;
  readonly status: number | null;
  readonly method: string;
  /** Path without query string, e.g. `/rest/api/3/search/jql`. */
  readonly path: string;
  /** Whether a later attempt (next scheduled sync) may succeed. */
  readonly transient: boolean;

  constructor(
    fields: {
      readonly sourceName: string;
      readonly status: number | null;
      readonly method: string;
      readonly path: string;
      readonly transient: boolean;
      readonly detail?: string;
    },
    options?: { readonly cause?: unknown },
  ) {
    const what = fields.status === null ? 'failed without a response' : `answered ${fields.status}`;
    super(
      `Tracker source "${fields.sourceName}": ${fields.method} ${fields.path} ${what}${fields.detail ? `: ${fields.detail}` : ''}`,
      options,
    );
    this.sourceName = fields.sourceName;
    this.status = fields.status;
    this.method = fields.method;
    this.path = fields.path;
    this.transient = fields.transient;
  }
}

/** Replaces every occurrence of each secret with `***`: response bodies are echoed into messages, so scrub them. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}
