import { readFileSync } from 'node:fs';
import Ajv04 from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { toAdf } from '../../../services/writeback/adf-render.js';
import type { MentionTarget } from '../../../services/writeback/comment-doc.js';
import { toMarkdown } from '../../../services/writeback/markdown-render.js';
import { leftDoc, statusDoc, unblockDoc } from '../../../services/writeback/writeback-plan.js';

const JIRA = new URL('../../../../shared/real-payloads/jira/', import.meta.url);
const readJson = (name: string): unknown => JSON.parse(readFileSync(new URL(name, JIRA), 'utf8'));

const PROGRAM = { name: 'launch', title: 'Checkout *launch*', dashboardUrl: 'https://seams.example.com/programs/launch' };
const REASON = {
  critical: true,
  nearCritical: false,
  slack: 0,
  blocks: [
    { key: 'MOB-7', url: 'https://linear.app/acme/issue/MOB-7/pay', team: 'MOB', assignee: 'Bo Li', neededBy: '2026-12-14' },
    { key: 'SEC-1', url: null, team: 'SEC', assignee: null, neededBy: null },
  ],
};
const UNBLOCK = { itemId: 'jira:1', blockers: [{ key: 'PAY-3', url: 'https://acme.atlassian.net/browse/PAY-3' }] };
const PERSON: MentionTarget = { name: 'Ada Lovelace', jiraAccountId: '5b10a2844c20165700ede21g', linearProfileUrl: 'https://linear.app/acme/profiles/ada' };

let validateAdf: ValidateFunction;

beforeAll(() => {
  const ajv = new Ajv04.default({ allErrors: true, strict: false });
  validateAdf = ajv.compile(readJson('atlaskit-adf-schema.v1-full.schema.json') as object);
});

describe('ADF bodies for Jira comments', () => {
  it('the schema validator accepts Atlassian-valid documents and rejects invalid ones (so the checks below mean something)', () => {
    expect(validateAdf(readJson('adf-schema-fixture.valid.mention-with-user-type.json'))).toBe(true);
    expect(validateAdf(readJson('adf-schema-fixture.valid.link-with-href-title.json'))).toBe(true);
    expect(validateAdf(readJson('adf-schema-fixture.invalid.mention-with-extra-attrs.json'))).toBe(false);
    expect(validateAdf({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }] })).toBe(false);
  });

  it.each([
    ['status', statusDoc(PROGRAM, REASON)],
    ['left the set', leftDoc(PROGRAM)],
    ['unblock with mention', unblockDoc(PROGRAM, UNBLOCK, PERSON)],
    ['unblock without assignee', unblockDoc(PROGRAM, UNBLOCK, null)],
  ])('the %s comment is valid ADF', (_name, doc) => {
    const adf = toAdf(doc);
    const valid = validateAdf(adf);
    expect(validateAdf.errors ?? [], JSON.stringify(adf)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('mentions by accountId, links with a link mark, and never emits an empty text node', () => {
    const adf = toAdf(unblockDoc(PROGRAM, UNBLOCK, PERSON));
    const nodes = JSON.stringify(adf);
    expect(adf.content[1]?.content?.[0]).toEqual({ type: 'mention', attrs: { id: '5b10a2844c20165700ede21g', text: '@Ada Lovelace' } });
    expect(adf.content[0]?.content).toContainEqual({ type: 'text', text: 'PAY-3', marks: [{ type: 'link', attrs: { href: 'https://acme.atlassian.net/browse/PAY-3' } }] });
    expect(nodes).not.toContain('"text":""');
  });

  it('names a person without a Jira account as plain text instead of a broken mention', () => {
    const adf = toAdf(unblockDoc(PROGRAM, UNBLOCK, { ...PERSON, jiraAccountId: null }));
    expect(JSON.stringify(adf)).not.toContain('"mention"');
    expect(adf.content[1]?.content?.[0]).toEqual({ type: 'text', text: 'Ada Lovelace' });
  });
});

describe('markdown bodies for Linear comments', () => {
  it('links items, escapes markdown in titles and mentions by profile URL', () => {
    const status = toMarkdown(statusDoc(PROGRAM, REASON));
    expect(status).toBe(
      [
        '**Seams · Checkout \\*launch\\***: this item is on the critical path, slack 0 working days.',
        "- Blocks MOB's [MOB-7](https://linear.app/acme/issue/MOB-7/pay) (Bo Li), needed by 2026-12-14.\n- Blocks SEC's SEC-1 (unassigned).",
        '[Checkout \\*launch\\* dashboard](https://seams.example.com/programs/launch) · Seams keeps this comment up to date.',
      ].join('\n\n'),
    );
    expect(toMarkdown(unblockDoc(PROGRAM, UNBLOCK, PERSON))).toContain('https://linear.app/acme/profiles/ada, this item can start.');
    expect(toMarkdown(leftDoc({ ...PROGRAM, dashboardUrl: 'https://x.example/a (b)' }))).toContain('](https://x.example/a%20%28b%29)');
  });
});
