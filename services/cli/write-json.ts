/**
 * Prints a value as `JSON.stringify(value, null, 2)` would, byte for byte, without building the
 * whole text: a 100k-item analysis is ~60 MB of JSON, and one string of it (plus its UTF-8 copy)
 * would be the command's largest allocation. Top-level fields go out one at a time, long arrays
 * in slices; each piece is stringified inside a one-field wrapper so it comes out already indented.
 */
import type { Writable } from 'node:stream';

const SLICE = 64;
const SLICE_HEAD = '{\n  "x": [\n';
const SLICE_TAIL = '\n  ]\n}';

export async function writeJson(out: Writable, value: unknown): Promise<void> {
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    await write(`${JSON.stringify(value, null, 2)}\n`);
    return;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) {
    await write('{}\n');
    return;
  }
  await write('{\n');
  for (const [i, [key, field]] of entries.entries()) {
    const separator = i < entries.length - 1 ? ',\n' : '\n';
    if (Array.isArray(field) && field.length > SLICE) {
      await write(`  ${JSON.stringify(key)}: [\n`);
      for (let start = 0; start < field.length; start += SLICE) {
        const text = JSON.stringify({ x: field.slice(start, start + SLICE) }, null, 2);
        await write(`${text.slice(SLICE_HEAD.length, -SLICE_TAIL.length)}${start + SLICE < field.length ? ',\n' : '\n'}`);
      }
      await write(`  ]${separator}`);
    } else {
      // '{\n  "key": …\n}' without its braces is the field at the right depth.
      await write(`${JSON.stringify({ [key]: field }, null, 2).slice(2, -2)}${separator}`);
    }
  }
  await write('}\n');
}
