import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSubscription } from '../../db/subscriptions.js';
import { runDemo, type DemoRun } from '../../services/demo/run-demo.js';
import { verifyUnsubscribeToken } from '../../services/delivery/unsubscribe-token.js';
import { createLogger } from '../../services/logging/logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

describe('npm run demo, against real Postgres and BullMQ', () => {
  let t: TestDatabase;
  let run: DemoRun;
  const outDir = mkdtempSync(join(tmpdir(), 'seams-demo-out-'));
  const lines: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    run = await runDemo({
      dataDir: mkdtempSync(join(tmpdir(), 'seams-demo-data-')),
      outDir,
      fresh: true,
      weeks: 0,
      databaseUrl: t.url,
      redisUrl: REDIS_URL,
      publicUrl: 'http://127.0.0.1:8080',
      logger: createLogger({ level: 'silent' }),
      say: (line) => lines.push(line),
    });
  }, 180_000);

  afterAll(async () => {
    await run?.close();
    await t?.drop();
  });

  it('ran its jobs through BullMQ and printed progress', () => {
    expect(lines).toContain('Jobs: BullMQ queues on REDIS_URL with an in-process worker');
    expect(lines.some((l) => /synced jira .* items/.test(l))).toBe(true);
    expect(lines.some((l) => /synced linear .* items/.test(l))).toBe(true);
  });

  it('writes back exactly one Seams comment per relevant item into both sandbox trackers, through the rebuild jobs', () => {
    // Sync jobs trigger rebuilds of their own, so the demo's last rebuild may find everything written.
    expect(lines.find((l) => l.trim().startsWith('write-back:'))).toMatch(/^ {2}write-back: \d+ comments created, \d+ updated, [1-9]\d* unchanged$/);
    expect(run.weeks.at(-1)?.writeBack).toMatchObject({ mode: 'on', failed: 0 });
    const perIssue = new Map<string, number>();
    for (const c of [...run.trackers.jira.writes.comments(), ...run.trackers.linear.writes.comments()]) {
      perIssue.set(c.issueId, (perIssue.get(c.issueId) ?? 0) + 1);
    }
    expect(run.trackers.jira.writes.comments().length).toBeGreaterThan(0);
    expect(run.trackers.linear.writes.comments().length).toBeGreaterThan(0);
    expect([...perIssue.values()].every((n) => n === 1)).toBe(true);
    expect(perIssue.size).toBe(run.weeks.at(-1)!.writeBack!.unchanged);
  });

  it("finds the generated program's known critical path", () => {
    const expected = run.program.expected.criticalPath.map((id) => {
      const issue = run.program.issues.find((i) => i.id === id)!;
      return `${issue.tracker}:${issue.id}`;
    });
    expect(run.weeks.at(-1)?.criticalPath).toEqual(expected);
  });

  it('names the seeded risks in the TPM report', () => {
    const report = readFileSync(join(outDir, 'tpm.txt'), 'utf8');
    const keyOf = (id: string) => run.program.issues.find((i) => i.id === id)!.key;
    for (const cycle of run.program.expected.cycles) for (const id of cycle) expect(report).toContain(keyOf(id));
    for (const id of run.program.expected.staleIds) expect(report).toContain(keyOf(id));
    expect(report).toMatch(/cycle/i);
    expect(report).toMatch(/no owner|unowned|unassigned/i);
  });

  it('answers "will we hit the date?" in the headline', () => {
    // The P85 date follows unless it is the target day itself.
    expect(run.headline).toMatch(/^(\d+%|>99%|<1%) likely by the \d{1,2} \w+( \d{4})? target(\.|; 85% likely by \d{1,2} \w+)/);
  });

  it('writes .eml files that parse as MIME with HTML, text and PNG parts', async () => {
    for (const kind of ['leadership', 'tpm']) {
      const mail = await simpleParser(readFileSync(join(outDir, `${kind}.eml`)), { keepCidLinks: true });
      expect(mail.html).toBeTruthy();
      expect(mail.text?.length ?? 0).toBeGreaterThan(100);
      const pngs = mail.attachments.filter((a) => a.contentType === 'image/png');
      expect(pngs.length).toBeGreaterThan(0);
      for (const png of pngs) {
        expect(png.content.subarray(0, 4).toString('hex')).toBe('89504e47');
        expect(mail.html).toContain(`cid:${png.cid}`);
      }
      const header = (name: string) => mail.headerLines.find((h) => h.key === name)?.line ?? '';
      expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      expect(header('list-unsubscribe')).toContain('/unsubscribe?token=');
      // A real, signed token for the recipient's subscription row, not a placeholder.
      const token = decodeURIComponent(/unsubscribe\?token=([^>\s]+)>/.exec(header('list-unsubscribe'))?.[1] ?? '');
      const id = verifyUnsubscribeToken(token, run.signingKey.reveal());
      expect(id).not.toBeNull();
      expect((await getSubscription(run.database.db, id!))?.email).toBe(kind === 'tpm' ? 'dana.scully@example.com' : 'vp.engineering@example.com');
    }
  });
});
