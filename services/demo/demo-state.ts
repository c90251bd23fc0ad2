/**
 * What the demo remembers between runs under `.seams/demo/`: the sandbox ports, so item URLs
 * stay valid, and the generated world (start day and replayed weeks), so a later run regenerates
 * the same issues the database holds instead of a second world beside them.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const stateSchema = z.object({
  jiraPort: z.number().int().min(1).max(65535),
  linearPort: z.number().int().min(1).max(65535).optional(),
  start: z.iso.datetime().optional(),
  weeks: z.number().int().min(0).optional(),
  /** Signs the demo emails' unsubscribe links and dashboard sessions, so links from an earlier run keep working. */
  signingKey: z.string().min(32).optional(),
});
export type DemoState = z.infer<typeof stateSchema>;

export async function readDemoState(dir: string): Promise<DemoState | null> {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function writeDemoState(dir: string, state: DemoState): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'state.json'), `${JSON.stringify(state)}\n`);
}

export async function clearDemoState(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
