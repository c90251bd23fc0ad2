/**
 * The last-chance scrub of a log or error line: Authorization schemes, passwords in URLs and known
 * secret values. Apart from the logger so the CLI's error path can use it without loading pino.
 */
const AUTH_SCHEME = /\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{6,}/g;
const URL_PASSWORD = /(\w+:\/\/[^:/\s"]*:)[^@/\s"]+@/g;

export function scrubSecrets(line: string, secrets: readonly string[]): string {
  let out = line.replace(AUTH_SCHEME, '$1 [REDACTED]').replace(URL_PASSWORD, '$1[REDACTED]@');
  for (const value of secrets) if (value.length >= 4) out = out.split(value).join('[REDACTED]');
  return out;
}
