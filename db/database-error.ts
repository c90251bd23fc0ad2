/** Wraps driver errors so callers see one error type, with the cause kept and no SQL leaked to users. */
export class DatabaseError extends Error {
  override readonly name: string = 'DatabaseError';
  /** True when the same operation may succeed if tried again later. */
  readonly retryable: boolean = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The database could not be reached or the connection carrying the operation was lost (server
 * restart, failover, admin kill, network). The operation did not commit; a retry on a fresh
 * connection may succeed. Job retries treat it like any other retryable error.
 */
export class DatabaseUnavailableError extends DatabaseError {
  override readonly name = 'DatabaseUnavailableError';
  override readonly retryable = true;
  /** SQLSTATE or socket error code of the cause (the driver's message can name hosts and users). */
  readonly code: string;
  constructor(code: string, options?: { cause?: unknown }) {
    super(`database unavailable (${code}); the operation was not completed and can be retried`, options);
    this.code = code;
  }
}

/** The database was migrated by a newer Seams than this one: refuse to run rather than corrupt it. */
export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
  constructor(readonly unknownMigrations: readonly string[]) {
    super(
      `The database schema is newer than this version of Seams (unknown migrations: ${unknownMigrations.join(', ')}). ` +
        'Upgrade Seams or point DATABASE_URL at another database.',
    );
  }
}
