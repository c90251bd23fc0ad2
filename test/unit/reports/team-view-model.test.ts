import { describe, expect, it } from 'vitest';
import { buildTeamView } from '../../../services/reports/team-view-model.js';
import { reportInputsFixture } from '../../fixtures/reports/program-report-inputs.js';

const inputs = reportInputsFixture();

describe('buildTeamView', () => {
  it('shows what Payments waits on, who waits on it, its critical work and its risks', () => {
    const view = buildTeamView(inputs, 'Payments')!;
    expect(view.criticalPath.map((i) => i.key)).toEqual(['PAY-88', 'PAY-91']);
    expect(view.waitsOn.map((l) => `${l.item.key}<-${l.other.key}`)).toEqual(['PAY-88<-IDN-41', 'PAY-88<-IDN-44', 'PAY-95<-LEGAL-7']);
    expect(view.waitedOnBy.map((l) => `${l.item.key}->${l.other.key}`)).toEqual(['PAY-91->WEB-230']);
    expect(view.risks.map((r) => r.rule).sort()).toEqual(['blocked', 'external-dependency']);
    expect(view.colour).toBe('yellow');
    expect(view.reasons).toContain('IDN-44 blocks critical PAY-88 across teams (high, owner: Marcus Lee).');
    expect(view.forecast.lastFinish).toBe('2027-07-08');
  });

  it('is red when a critical risk concerns the team, and null for an unknown team', () => {
    expect(buildTeamView(inputs, 'Platform')!.colour).toBe('red');
    expect(buildTeamView(inputs, 'Nobody')).toBeNull();
  });
});
