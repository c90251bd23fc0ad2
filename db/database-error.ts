/** Wraps driver errors so callers see one error type, with the cause kept and no SQL leaked to users. */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
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
