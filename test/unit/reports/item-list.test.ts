import { describe, expect, it } from 'vitest';
import { itemDetail, itemFilterSchema, listItems } from '../../../services/reports/item-list.js';
import type { ProgramReportInputs } from '../../../services/reports/report-inputs.js';
import { reportInputsFixture } from '../../fixtures/reports/program-report-inputs.js';

/** The fixture with downstream impact on two items (snapshots store it since rebuilds compute it). */
function inputs(): ProgramReportInputs {
  const base = reportInputsFixture();
  const downstream: Record<string, { items: number; teams: string[]; target: { date: string; itemId: string | null } }> = {
    'PLAT-12': { items: 5, teams: ['Identity', 'Payments', 'Web Checkout'], target: { date: '2027-07-15', itemId: 'linear:web-230' } },
    'IDN-44': { items: 4, teams: ['Payments', 'Web Checkout'], target: { date: '2027-07-15', itemId: null } },
  };
  const items = base.current.items.map((i) => (downstream[i.key] ? { ...i, downstream: downstream[i.key] } : i));
  return { ...base, current: { ...base.current, items } };
}

const keys = (filter: Record<string, string>) => listItems(inputs(), itemFilterSchema.parse(filter)).map((r) => r.key);

describe('item lists', () => {
  it('lists blocked items by downstream impact and the critical path in schedule order', () => {
    const blocked = keys({ list: 'blocked' });
    expect(blocked).toEqual(expect.arrayContaining(['IDN-41', 'PAY-88', 'PAY-91', 'WEB-230', 'PAY-95']));
    expect(blocked).not.toContain('PLAT-12');
    expect(keys({ list: 'critical' })).toEqual(['PLAT-12', 'IDN-41', 'PAY-88', 'PAY-91', 'WEB-230']);
    expect(keys({ sort: 'downstream' }).slice(0, 2)).toEqual(['PLAT-12', 'IDN-44']);
  });

  it('filters by team, owner, status, text, the team waited on and the risks about an item', () => {
    expect(keys({ team: 'payments' })).toEqual(['PAY-88', 'PAY-91', 'PAY-95']);
    expect(keys({ owner: 'marcus lee' })).toEqual(['IDN-41', 'IDN-44']);
    expect(keys({ status: 'in_progress' })).toEqual(['IDN-44', 'PLAT-12', 'WEB-221']);
    expect(keys({ q: 'vault' })).toEqual(['PAY-88']);
    expect(keys({ list: 'blocked', team: 'Payments', waitsOn: 'Identity' })).toEqual(['PAY-88']);
    expect(keys({ severity: 'critical' })).toEqual(['PLAT-12']);
    expect(keys({ rule: 'external-dependency' })).toEqual(['LEGAL-7', 'PAY-95']);
  });

  it('refuses unknown values and parameters with the name of what was wrong', () => {
    const bad = itemFilterSchema.safeParse({ list: 'everything', sort: 'colour', colour: 'red' });
    expect(bad.success).toBe(false);
    const messages = bad.error?.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ');
    expect(messages).toContain('list expected one of all, blocked, critical');
    expect(messages).toContain('sort expected one of');
    expect(messages).toContain('colour');
  });

  it('gives an item its blockers, direct dependents, downstream impact, threatened target and risks', () => {
    const detail = itemDetail(inputs(), 'plat-12');
    expect(detail?.item.key).toBe('PLAT-12');
    expect(detail?.waitedOnBy.map((w) => w.key)).toEqual(['IDN-41']);
    expect(detail?.item.downstream?.items).toBe(5);
    expect(detail?.targetItem?.key).toBe('WEB-230');
    expect(detail?.item.risks.map((r) => r.rule)).toEqual(['aging-wip']);
    expect(itemDetail(inputs(), 'IDN-44')?.targetItem).toBeNull();
    expect(itemDetail(inputs(), 'NOPE-1')).toBeNull();
  });
});
