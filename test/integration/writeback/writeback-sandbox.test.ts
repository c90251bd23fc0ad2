import { readFileSync } from 'node:fs';
import Ajv04 from 'ajv-draft-04';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_JIRA_EMAIL, SANDBOX_JIRA_TOKEN } from '../../../services/sandbox/sandbox-trackers.js';
import { STATUS_NAMES } from '../../../services/sandbox/generate-history.js';
import { changeStatus, deleteIssue } from '../../../services/sandbox/program-mutations.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { NOW, sandboxId, writebackWorld, type WritebackWorld } from './writeback-kit.js';

const ADF_SCHEMA = new URL('../../../../shared/real-payloads/jira/atlaskit-adf-schema.v1-full.schema.json', import.meta.url);
const isAdf = new Ajv04.default({ strict: false }).compile(JSON.parse(readFileSync(ADF_SCHEMA, 'utf8')) as object);

interface Row {
  readonly graphId: string;
  readonly kind: 'jira' | 'linear';
  readonly inSet: boolean;
  readonly commentId: string | null;
  readonly label: string | null;
  readonly openBlockers: string[];
}

async function stored(w: WritebackWorld): Promise<Row[]> {
  const rows = await w.t.db
    .selectFrom('writeback_items as b')
    .innerJoin('work_items as i', 'i.id', 'b.item_id')
    .innerJoin('sources as s', 's.id', 'i.source_id')
    .select(['s.name', 's.kind', 'i.external_id', 'b.in_set', 'b.comment_id', 'b.label', 'b.open_blockers'])
    .execute();
  // Sorted so the items each test picks do not hang on the database's row order.
  return rows
    .map((r) => ({ graphId: `${r.name}:${r.external_id}`, kind: r.kind, inSet: r.in_set, commentId: r.comment_id, label: r.label, openBlockers: r.open_blockers }))
    .sort((a, b) => a.graphId.localeCompare(b.graphId));
}

const seamsComments = (w: WritebackWorld, issueId: string) => w.commentsOn(issueId).filter((c) => c.includes('Seams · '));
const unblockComments = (w: WritebackWorld, issueId: string) => w.commentsOn(issueId).filter((c) => c.includes('all blockers are done'));
const statusComments = (w: WritebackWorld, issueId: string) => seamsComments(w, issueId).filter((c) => !c.includes('all blockers are done'));
const issue = (w: WritebackWorld, id: string) => w.sandbox.program.issues.find((i) => i.id === id)!;

describe.each(DIALECTS)('write-back on the sandbox trackers (%s)', (kind) => {
  let w: WritebackWorld;
  let firstCreated = 0;
  beforeAll(async () => {
    w = await writebackWorld(kind, 'on');
  });
  afterAll(async () => {
    await w?.close();
  });

  it('puts exactly one Seams comment and the label on every relevant item, in both trackers', async () => {
    const result = await w.rebuild();
    expect(result.writeBack).toMatchObject({ mode: 'on', updated: 0, unchanged: 0, failed: 0 });
    firstCreated = result.writeBack!.created;
    const inSet = (await stored(w)).filter((r) => r.inSet);
    expect(inSet).toHaveLength(firstCreated);
    expect(new Set(inSet.map((r) => r.kind))).toEqual(new Set(['jira', 'linear']));
    for (const row of inSet) {
      const id = sandboxId(row.graphId);
      expect(statusComments(w, id), row.graphId).toHaveLength(1);
      expect(issue(w, id).labels).toContain('seams-critical');
      expect(row.label).toBe('seams-critical');
    }
    for (const c of w.sandbox.jira.writes.comments()) expect(isAdf(c.body), JSON.stringify(c.body)).toBe(true);
    const critical = inSet.find((r) => seamsComments(w, sandboxId(r.graphId))[0]!.includes('on the critical path'));
    expect(critical).toBeDefined();
    expect(w.sandbox.linear.writes.comments().some((c) => c.body.includes('](http://seams.test/programs/launch)'))).toBe(true);
  });

  it('writes nothing more over repeated rebuilds with nothing changed', async () => {
    const before = { jira: w.sandbox.jira.writes.stats, linear: w.sandbox.linear.writes.stats };
    for (let i = 0; i < 2; i++) {
      const result = await w.rebuild();
      expect(result.writeBack).toMatchObject({ created: 0, updated: 0, unchanged: firstCreated, mentions: 0, labelsAdded: 0, failed: 0, requests: 0 });
    }
    await w.sync();
    expect((await w.rebuild()).writeBack).toMatchObject({ created: 0, updated: 0, requests: 0 });
    expect(w.sandbox.jira.writes.stats).toEqual(before.jira);
    expect(w.sandbox.linear.writes.stats).toEqual(before.linear);
  });

  it('updates comments in place when their text changes (and replaces one deleted by hand)', async () => {
    const inSet = (await stored(w)).filter((r) => r.inSet);
    const deleted = inSet.find((r) => r.kind === 'jira')!;
    const response = await fetch(`${w.sandbox.jira.url}/rest/api/3/issue/${sandboxId(deleted.graphId)}/comment/${deleted.commentId}`, {
      method: 'DELETE',
      headers: { Authorization: `Basic ${Buffer.from(`${SANDBOX_JIRA_EMAIL}:${SANDBOX_JIRA_TOKEN}`).toString('base64')}` },
    });
    expect(response.status).toBe(204);

    w.reconfigure({ title: 'Checkout launch (EU)' });
    const result = await w.rebuild();
    expect(result.writeBack).toMatchObject({ created: 1, updated: inSet.length - 1, unchanged: 0, failed: 0 });
    for (const row of inSet) {
      const comments = statusComments(w, sandboxId(row.graphId));
      expect(comments, row.graphId).toHaveLength(1);
      expect(comments[0]).toContain('Seams · Checkout launch (EU)');
    }
    const edited = w.sandbox.jira.writes.comments().filter((c) => c.edits === 1);
    expect(edited.length).toBeGreaterThan(0);
  });

  it('rewrites the comment of an item that leaves the set and removes its label', async () => {
    const row = (await stored(w)).find((r) => r.inSet && r.kind === 'jira')!;
    const id = sandboxId(row.graphId);
    changeStatus(w.sandbox.program, id, STATUS_NAMES.jira.done, new Date(NOW.getTime() - 60_000));
    await w.sync();
    const result = await w.rebuild();
    expect(result.writeBack!.labelsRemoved).toBeGreaterThanOrEqual(1);
    const comments = statusComments(w, id);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain('no longer on the critical path, near-critical or blocking another team');
    expect(issue(w, id).labels).not.toContain('seams-critical');
    expect((await stored(w)).find((r) => r.graphId === row.graphId)).toMatchObject({ inSet: false, label: null, commentId: row.commentId });
  });

  it("mentions the assignee once when an item's last open blockers are done", async () => {
    const blocked = (await stored(w)).filter(
      (r) =>
        r.openBlockers.length > 0 &&
        issue(w, sandboxId(r.graphId))?.assignee &&
        r.openBlockers.every((b) => issue(w, sandboxId(b)) !== undefined && !issue(w, sandboxId(b)).deleted),
    );
    // Finishing one pick's blockers must not finish the other pick: a done item has nothing to start.
    const picks: Row[] = [];
    for (const k of ['jira', 'linear']) {
      const pick = blocked.find((r) => r.kind === k && picks.every((p) => !p.openBlockers.includes(r.graphId) && !r.openBlockers.includes(p.graphId)));
      if (pick) picks.push(pick);
    }
    expect(picks.map((p) => p.kind)).toEqual(['jira', 'linear']);
    for (const pick of picks) {
      for (const b of pick.openBlockers) changeStatus(w.sandbox.program, sandboxId(b), STATUS_NAMES[issue(w, sandboxId(b)).tracker].done, new Date(NOW.getTime() - 60_000));
    }
    await w.sync();
    const result = await w.rebuild();
    expect(result.writeBack!.mentions).toBeGreaterThanOrEqual(picks.length);
    expect(result.writeBack!.failed).toBe(0);
    for (const pick of picks) {
      const id = sandboxId(pick.graphId);
      const assignee = issue(w, id).assignee!;
      const notes = unblockComments(w, id);
      expect(notes, pick.graphId).toHaveLength(1);
      if (pick.kind === 'jira') expect(notes[0]).toContain(`{"type":"mention","attrs":{"id":"${assignee.id}","text":"@${assignee.name}"}}`);
      else expect(notes[0]).toMatch(/https:\/\/linear\.app\/seams-demo\/profiles\/\S+, this item can start\./);
    }
    for (let i = 0; i < 2; i++) {
      await w.sync();
      expect((await w.rebuild()).writeBack!.mentions).toBe(0);
    }
    for (const pick of picks) expect(unblockComments(w, sandboxId(pick.graphId))).toHaveLength(1);
  });

  it('lets go of an item deleted in its tracker without failing on it every rebuild', async () => {
    const row = (await stored(w)).find((r) => r.inSet && r.kind === 'jira')!;
    deleteIssue(w.sandbox.program, sandboxId(row.graphId), new Date(NOW.getTime() - 60_000));
    await w.services.reconcileSource('jira');
    for (let i = 0; i < 2; i++) expect((await w.rebuild()).writeBack!.failed).toBe(0);
    expect((await stored(w)).find((r) => r.graphId === row.graphId)).toMatchObject({ inSet: false, label: null });
  });
});
