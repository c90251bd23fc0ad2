import { describe, expect, it } from 'vitest';
import { unsupportedNodeMessage } from '../../../services/cli/node-version-check.js';

describe('Node version check', () => {
  it('refuses Node older than 22.12 with a message that says what to run instead', () => {
    expect(unsupportedNodeMessage('20.20.2')).toMatch(/needs Node 22\.12 or newer .* this is Node 20\.20\.2.*npm run seams/);
    expect(unsupportedNodeMessage('22.11.0')).toBeDefined();
  });

  it('accepts 22.12 and newer', () => {
    expect(unsupportedNodeMessage('22.12.0')).toBeUndefined();
    expect(unsupportedNodeMessage('24.21.0')).toBeUndefined();
    expect(unsupportedNodeMessage('26.0.0')).toBeUndefined();
  });
});
