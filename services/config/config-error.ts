/** A configuration problem, naming the file and the path inside it. Never carries a secret value. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly issues: readonly { readonly path: string; readonly message: string }[],
  ) {
    super(
      `Invalid configuration in ${file}:\n` + issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n'),
    );
  }
}
