import { describe, expect, it } from 'vitest';
import { buildTpmReportView } from '../../../services/reports/tpm-report-view-model.js';
import { dataStaleness } from '../../../services/reports/data-staleness.js';
import { CRITICAL_KEYS, reportInputsFixture } from '../../fixtures/reports/program-report-inputs.js';

const view = buildTpmReportView(reportInputsFixture());

describe('buildTpmReportView', () => {
  it('carries the headline colour, its reasons and the forecast percentiles', () => {
    expect(view.headline.colour).toBe('yellow');
    expect(view.headline.colourLabel).toBe('Yellow');
    expect(view.headline.sentence).toBe('72% likely by the 15 July target; 85% likely by 19 July.');
    expect(view.headline.reasons).toHaveLength(2);
    expect(view.confidence).toMatchObject({ probability: 0.72, p50: '2027-07-09', p85: '2027-07-19', p95: '2027-07-27', cpmFinishDate: '2027-07-14' });
    expect(view.subject).toBe('Checkout v2 weekly report, 24 May 2027: Yellow');
  });

  it('lists the critical path in order with tracker links, team, owner, slack and finish date', () => {
    expect(view.criticalPath.map((r) => r.key)).toEqual([...CRITICAL_KEYS]);
    expect(view.criticalPath[0]).toMatchObject({
      position: 1,
      url: 'https://linear.app/acme/issue/PLAT-12',
      team: 'Platform',
      owner: 'Priya Natarajan',
      slack: 0,
      finishDate: '2027-06-04',
      blocked: false,
    });
    expect(view.criticalPath[2]).toMatchObject({ key: 'PAY-88', blocked: true, position: 3 });
  });

  it('finds new, closed, removed and slipped items and the headline deltas', () => {
    const changes = view.changes!;
    expect(changes.newItems.map((i) => i.key)).toEqual(['WEB-240']);
    expect(changes.closedItems.map((i) => i.key)).toEqual(['WEB-199']);
    expect(changes.removedItems.map((i) => i.key)).toEqual(['WEB-177']);
    // PAY-95 moved 25 Jun → 2 Jul (7 days); the five path items each moved 2 days; done WEB-199 is not "slipped".
    expect(changes.slippedItems.map((i) => [i.key, i.slipDays])).toEqual([
      ['PAY-95', 7],
      ['IDN-41', 2],
      ['PAY-88', 2],
      ['PAY-91', 2],
      ['PLAT-12', 2],
      ['WEB-230', 2],
    ]);
    expect(changes.colour).toEqual({ from: 'green', to: 'yellow', changed: true });
    expect(changes.confidence).toEqual({ from: 0.86, to: 0.72, deltaPoints: -14 });
    expect(changes.p85).toEqual({ from: '2027-07-14', to: '2027-07-19', deltaDays: 5 });
  });

  it('says when the target moved, and that it was a config change', () => {
    const base = reportInputsFixture();
    const moved = buildTpmReportView(
      reportInputsFixture({ previous: { ...base.previous!, plan: { targetDate: '2027-02-22', scope: { labels: ['checkout-v2'] } } } }),
    ).changes!;
    expect(moved.target).toEqual({ from: '2027-02-22', to: '2027-07-15', changed: true, sentence: 'Target moved from 22 February to 15 July (config change).' });
    expect(moved.scopeDefinitionChanged).toBe(false);
    expect(view.changes!.target.changed).toBe(false);
    const rescoped = buildTpmReportView(reportInputsFixture({ previous: { ...base.previous!, plan: { targetDate: '2027-07-15', scope: { labels: ['checkout'] } } } }));
    expect(rescoped.changes!.scopeDefinitionChanged).toBe(true);
  });

  it('has no changes section on the first snapshot', () => {
    expect(buildTpmReportView(reportInputsFixture({ previous: null })).changes).toBeNull();
  });

  it('groups the risk register by status with owner, mitigation and age in days', () => {
    const { risks } = view;
    expect(risks.new.map((r) => r.rule)).toEqual(['target-miss', 'blocked']);
    expect(risks.escalated.map((r) => r.rule)).toEqual(['aging-wip']);
    expect(risks.open.map((r) => r.rule)).toEqual(['external-dependency']);
    expect(risks.resolved.map((r) => r.rule)).toEqual(['stale-in-progress']);
    // First seen 10 May, today 24 May (Berlin): 14 days. Resolved risk: 17 May → 21 May = 4 days.
    expect(risks.escalated[0]).toMatchObject({ ageDays: 14, owner: 'Priya Natarajan', severity: 'critical' });
    expect(risks.open[0]).toMatchObject({ ageDays: 21, acknowledgedBy: 'Tom Becker' });
    expect(risks.resolved[0]!.ageDays).toBe(4);
    expect(risks.new[1]!.subjects).toEqual([
      { key: 'IDN-44', url: 'https://acme.atlassian.net/browse/IDN-44' },
      { key: 'PAY-88', url: 'https://acme.atlassian.net/browse/PAY-88' },
    ]);
    expect(risks.active.map((r) => r.severity)).toEqual(['critical', 'high', 'high', 'medium']);
  });

  it('groups blocked items by the waiting team with their open blockers', () => {
    expect(view.blockedByTeam.map((g) => [g.team, g.items.map((i) => i.item.key)])).toEqual([
      ['Identity', ['IDN-41']],
      ['Payments', ['PAY-88', 'PAY-91', 'PAY-95']],
      ['Web Checkout', ['WEB-230']],
    ]);
    const pay95 = view.blockedByTeam[1]!.items[2]!;
    expect(pay95.blockers.map((b) => b.key)).toEqual(['LEGAL-7', 'PAY-88']);
  });

  it('turns the team matrix into a grid of waiting rows by blocking columns', () => {
    expect(view.teamMatrix.blockingTeams).toEqual(['(no team)', 'Identity', 'Payments', 'Platform']);
    const payments = view.teamMatrix.rows.find((r) => r.waitingTeam === 'Payments')!;
    expect(payments.cells.map((c) => c.links)).toEqual([1, 2, 0, 0]);
    expect(payments.cells[1]).toEqual({ blockingTeam: 'Identity', links: 2, criticalLinks: 1 });
  });

  it('lists decisions from the program and from risks whose mitigation is a decision, earliest first', () => {
    expect(view.decisions.map((d) => [d.title, d.owner, d.dueDate, d.source])).toEqual([
      ['Cut gift cards from the launch', 'VP Product', '2027-06-01', 'program'],
      ['The p85 forecast (19 July) is after the 15 July target', 'Dana Whitfield', '2027-06-01', 'risk'],
    ]);
  });

  it('warns that Jira data is 3 h stale and leaves fresh Linear data alone', () => {
    expect(view.staleness.map((n) => n.message)).toEqual(['Jira data is 3 h stale']);
  });

  it('builds absolute links from the public URL', () => {
    expect(view.links).toEqual({
      programList: 'https://seams.example.com/',
      program: 'https://seams.example.com/programs/checkout-v2',
      report: 'https://seams.example.com/programs/checkout-v2/report',
    });
  });
});

describe('dataStaleness', () => {
  const at = '2027-05-24T07:00:00.000Z';

  it('reports failing, never-synced and ambiguous sources by name', () => {
    const notices = dataStaleness(
      [
        { name: 'jira-eu', kind: 'jira', lastSuccessAt: '2027-05-24T06:50:00.000Z', lastError: 'HTTP 503' },
        { name: 'jira-us', kind: 'jira', lastSuccessAt: null, lastError: null },
        { name: 'linear', kind: 'linear', lastSuccessAt: '2027-05-22T07:00:00.000Z', lastError: 'RATELIMITED' },
      ],
      at,
    );
    expect(notices.map((n) => n.message)).toEqual([
      'Jira (jira-eu) sync failed: HTTP 503; data is 10 min old',
      'Jira (jira-us) has not synced successfully yet',
      'Linear data is 2 d stale (last sync failed: RATELIMITED)',
    ]);
  });

  it('honours the staleness threshold', () => {
    const sources = [{ name: 'jira', kind: 'jira' as const, lastSuccessAt: '2027-05-24T06:00:00.000Z', lastError: null }];
    expect(dataStaleness(sources, at, { staleAfterMinutes: 30 })).toHaveLength(1);
    expect(dataStaleness(sources, at, { staleAfterMinutes: 90 })).toHaveLength(0);
  });
});
