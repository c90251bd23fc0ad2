import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeJson } from '../../../services/cli/write-json.js';

async function written(value: unknown): Promise<string> {
  let text = '';
  // A small high-water mark, so the writer has to wait for 'drain' along the way.
  const out = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      setImmediate(done);
    },
  });
  await writeJson(out, value);
  await new Promise<void>((resolve) => out.end(resolve));
  return text;
}

describe('writeJson', () => {
  it('writes exactly what JSON.stringify(value, null, 2) gives, plus a newline', async () => {
    const values: unknown[] = [
      {},
      [],
      null,
      'text',
      42,
      { a: 1, skipped: undefined, empty: [], nested: { list: [1, { b: 'x\ny' }] } },
      { items: [{ id: 'a', values: [1, 2] }, undefined, null, 'é'], after: { x: [] }, last: [3] },
      { items: Array.from({ length: 1_030 }, (_, i) => ({ id: `item-${i}`, slack: i / 7, tags: ['t'] })) },
    ];
    for (const value of values) expect(await written(value)).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });
});
