import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  hashUnsubscribeToken,
  signUnsubscribeToken,
  tokenMatchesHash,
  verifyUnsubscribeToken,
} from '../../../services/delivery/unsubscribe-token.js';

const KEY = 'signing-key-0123456789abcdef';

describe('unsubscribe tokens', () => {
  it('signs the subscription id with HMAC-SHA256 and verifies it back', () => {
    const token = signUnsubscribeToken(42, KEY);
    const expectedSig = createHmac('sha256', KEY).update('seams.unsubscribe.v1:42').digest('base64url');
    expect(token).toBe(`42.${expectedSig}`);
    expect(verifyUnsubscribeToken(token, KEY)).toBe(42);
  });

  it('rejects a signature moved to another id, another key, and malformed tokens', () => {
    const sigFor42 = signUnsubscribeToken(42, KEY).split('.')[1];
    expect(verifyUnsubscribeToken(`43.${sigFor42}`, KEY)).toBeNull();
    expect(verifyUnsubscribeToken(signUnsubscribeToken(42, 'another-key-0123456789'), KEY)).toBeNull();
    for (const bad of ['', '42', '42.', `042.${sigFor42}`, `42.${sigFor42}x`, `-1.${sigFor42}`, `42.${sigFor42?.slice(0, -1)}!`]) {
      expect(verifyUnsubscribeToken(bad, KEY)).toBeNull();
    }
  });

  it('stores only a SHA-256 hash and compares it in constant time', () => {
    const token = signUnsubscribeToken(7, KEY);
    const hash = hashUnsubscribeToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token.split('.')[1]);
    expect(tokenMatchesHash(token, hash)).toBe(true);
    expect(tokenMatchesHash(signUnsubscribeToken(8, KEY), hash)).toBe(false);
    expect(tokenMatchesHash(token, null)).toBe(false);
  });
});
