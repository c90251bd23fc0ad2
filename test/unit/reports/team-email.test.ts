import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../../services/config/load-config.js';
import { prepareTeamEmail } from '../../../services/reports/render-email.js';
import { reportInputsFixture } from '../../fixtures/reports/program-report-inputs.js';

describe('the team audience email', () => {
  it("is the team's own report, not the TPM's", async () => {
    const prepared = await prepareTeamEmail(reportInputsFixture(), 'Web Checkout');
    const email = prepared!.personalize({ recipient: 'Aiko', unsubscribeUrl: 'https://seams.example.com/unsubscribe?token=t' });
    expect(email.subject).toBe('Web Checkout weekly report, 24 May 2027 (Checkout v2): Yellow');
    expect(email.text).toMatch(/^Web Checkout: weekly report\nCheckout v2, week 2027-W21: 3 open items, 1 done/);
    expect(email.text).toContain('- WEB-230 waits on PAY-91 3-D Secure 2 challenge flow (Payments, finishes 8 Jul 2027)');
    expect(email.text).toContain('Team page: https://seams.example.com/programs/checkout-v2/teams/Web%20Checkout');
    expect(email.text).toContain('Unsubscribe: https://seams.example.com/unsubscribe?token=t');
    expect(email.text).not.toContain('DECISIONS NEEDED');
    expect(email.html).toContain('Hi Aiko,');
    expect(email.html).toContain('href="https://linear.app/acme/issue/WEB-230"');
    expect(email.attachments).toEqual([]);
  });

  it('is not prepared for a team without items', async () => {
    expect(await prepareTeamEmail(reportInputsFixture(), 'Nobody')).toBeNull();
  });

  it('needs the team in config, and only for the team audience', () => {
    const base = { programs: [{ name: 'p', targetDate: '2027-01-01', scope: { keys: ['A-1'] } }] };
    expect(() => parseConfigFile({ ...base, subscriptions: [{ email: 'a@x.io', program: 'p', audience: 'team' }] }, 'f')).toThrow(/subscriptions\[0\]\.team: the team audience needs the team/);
    expect(() => parseConfigFile({ ...base, subscriptions: [{ email: 'a@x.io', program: 'p', audience: 'tpm', team: 'Web' }] }, 'f')).toThrow(/only a team subscription names a team/);
    expect(parseConfigFile({ ...base, subscriptions: [{ email: 'a@x.io', program: 'p', audience: 'team', team: 'Web' }] }, 'f').subscriptions[0]?.team).toBe('Web');
  });
});
