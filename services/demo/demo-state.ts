/** What the demo remembers between runs under `.seams/demo/`: the sandbox Jira port, so item URLs stay valid. */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const stateSchema = z.object({ jiraPort: z.number().int().min(1).max(65535) });
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
