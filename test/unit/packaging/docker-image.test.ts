/**
 * The Docker image carries what `seams demo --no-serve` reads at run time. With a Docker daemon
 * and SEAMS_DOCKER_TEST=1 the image is built and the demo run inside it; everywhere else the test
 * lays out the files the Dockerfile's final stage copies and resolves the demo's run-time files
 * (Linear's schema, the templates) from the compiled module locations, as the image would.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findLinearSchema } from '../../../services/sandbox/linear/linear-schema.js';

const ROOT = join(import.meta.dirname, '../../..');

interface Copy {
  readonly from: string;
  readonly to: string;
  /** Copied from the build stage (`--from=build`), not from the build context. */
  readonly fromBuild: boolean;
}

/** COPY instructions of the Dockerfile's final stage. */
function finalStageCopies(dockerfile: string): Copy[] {
  const stages = dockerfile.split(/^FROM\s/m);
  const last = stages[stages.length - 1] ?? '';
  const copies: Copy[] = [];
  for (const line of last.split('\n')) {
    const match = /^COPY\s+(--from=\S+\s+)?(\S+)\s+(\S+)\s*$/.exec(line.trim());
    if (match) copies.push({ fromBuild: match[1] !== undefined, from: match[2]!, to: match[3]! });
  }
  return copies;
}

function dockerAvailable(): boolean {
  if (process.env.SEAMS_DOCKER_TEST !== '1') return false;
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

describe('the Docker image', () => {
  const image = mkdtempSync(join(tmpdir(), 'seams-image-'));
  afterAll(() => rmSync(image, { recursive: true, force: true }));

  it("copies the files the demo reads at run time to where compiled code looks for them", () => {
    const copies = finalStageCopies(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
    // The build stage's dist/ holds the compiled modules (tsconfig outDir, rootDir = the repository root).
    expect(copies).toContainEqual({ fromBuild: true, from: '/app/dist', to: './dist' });
    for (const copy of copies.filter((c) => !c.fromBuild)) {
      // `COPY file dir/` puts the file into the directory.
      const target = join(image, copy.to.endsWith('/') ? join(copy.to, basename(copy.from)) : copy.to);
      mkdirSync(dirname(target), { recursive: true });
      cpSync(join(ROOT, copy.from), target, { recursive: true });
    }
    const compiledSchemaModule = pathToFileURL(join(image, 'dist/services/sandbox/linear/linear-schema.js')).href;
    expect(findLinearSchema(compiledSchemaModule)).toBe(join(image, 'services/sandbox/linear/linear-schema.graphql'));
    // report-templates.ts looks three levels up from dist/services/reports.
    expect(existsSync(join(image, 'templates/emails'))).toBe(true);
  });

  it.runIf(dockerAvailable())('runs `seams demo --no-serve` inside the built image', () => {
    const tag = `seams-test:${process.pid}`;
    execFileSync('docker', ['build', '-t', tag, ROOT], { stdio: 'inherit' });
    try {
      execFileSync('docker', ['run', '--rm', tag, 'demo', '--no-serve'], { stdio: 'inherit' });
    } finally {
      execFileSync('docker', ['rmi', '-f', tag], { stdio: 'ignore' });
    }
  }, 1_800_000);
});
