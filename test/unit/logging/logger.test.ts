import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../services/config/secret.js';
import { createLogger } from '../../../services/logging/logger.js';
import { scrubSecrets } from '../../../services/logging/scrub-secrets.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe('logger redaction', () => {
  const token = 'ATATT3xFfGF0-super-secret-token-value';

  it('redacts credential fields, Authorization headers and known secret values anywhere', () => {
    const { lines, destination } = capture();
    const log = createLogger({ destination, secrets: [new Secret(token)] });
    log.info({ source: 'jira-main', apiToken: token, headers: { authorization: `Basic ${btoa(`me@x.io:${token}`)}` } }, 'sync');
    log.error({ err: new Error(`request failed for https://me:${token}@jira.example.com`) }, `oops ${token}`);
    log.info({ config: { headers: { Authorization: `Bearer ${token}` } } }, 'nested');
    log.info({ secretThing: new Secret('another-secret-value') }, 'wrapped');
    const out = lines.join('');
    expect(out).not.toContain(token);
    expect(out).not.toContain(btoa(`me@x.io:${token}`));
    expect(out).not.toContain('another-secret-value');
    expect(out).toContain('[REDACTED]');
    expect(out).toContain('"source":"jira-main"');
  });

  it('keeps ordinary text', () => {
    expect(scrubSecrets('synced 100 items from PAY', ['zzzz-secret'])).toBe('synced 100 items from PAY');
    expect(scrubSecrets('Authorization: Bearer abcdefghijkl', [])).toBe('Authorization: Bearer [REDACTED]');
  });

  it('Secret never prints its value', () => {
    const s = new Secret(token);
    expect(`${s}`).toBe('[REDACTED]');
    expect(JSON.stringify({ s })).toBe('{"s":"[REDACTED]"}');
    expect(s.reveal()).toBe(token);
  });
});
