import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonWithoutNul } from '../../../db/items.js';

/**
 * The text jsonWithoutNul must produce: JSON of the value with every U+0000 removed from its
 * strings and keys, written key by key (so keys that become equal stay, as in the real output).
 * Compared as text: Node 24's JSON.parse can read an escaped key back wrongly after it has parsed
 * similar objects (`"\""` as a backslash), which made a parsed comparison fail on a correct text.
 */
function strippedJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.replaceAll('\u0000', ''));
  if (Array.isArray(value)) return `[${value.map(strippedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k.replaceAll('\u0000', ''))}:${strippedJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
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
        for (const value of [json, dict]) expect(jsonWithoutNul(value)).toBe(strippedJson(value));
      }),
    );
  });
});
