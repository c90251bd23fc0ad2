import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonWithoutNul } from '../../../db/items.js';

/** What the text must equal: the value with every U+0000 removed from its strings and keys. */
function stripped(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('\u0000', '');
  if (Array.isArray(value)) return value.map(stripped);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replaceAll('\u0000', ''), stripped(v)]));
  }
  return value;
}

describe('jsonWithoutNul', () => {
  it('drops U+0000 from strings and keys, and leaves an escaped backslash followed by "u0000" alone', () => {
    const value = { title: 'a\u0000b', path: 'C:\\u0000', both: '\\\u0000', ['k\u0000ey']: ['\u0000', 'x'] };
    expect(JSON.parse(jsonWithoutNul(value))).toEqual({ title: 'ab', path: 'C:\\u0000', both: '\\', key: ['', 'x'] });
  });

  it('equals stripping the value first, for any JSON value', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '\\', 'u', '0', '\u0000', '"') });
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.dictionary(text, text), (json, dict) => {
        // Through JSON on both sides: JSON itself turns -0 into 0.
        for (const value of [json, dict]) expect(JSON.parse(jsonWithoutNul(value))).toEqual(JSON.parse(JSON.stringify(stripped(value))));
      }),
    );
  });
});
