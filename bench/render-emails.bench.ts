/**
 * Renders 1,000 personalized emails (HTML + text) for one program: 500 TPM reports and 500
 * leadership emails, each with its own recipient name and unsubscribe link. Charts and the
 * inlined HTML are prepared once per kind and shared. Target (DESIGN.md): < 3 s for 1,000.
 */
import { verdict } from './bench-helpers.js';
import { renderEmail } from '../services/reports/render-email.js';
import { loadReportTemplates } from '../services/reports/report-templates.js';
import { reportInputsFixture } from '../test/fixtures/reports/program-report-inputs.js';

const EMAILS = 1_000;

export default async function run(): Promise<Record<string, number | string>> {
  // Template loading happens once per process at start-up, not per report run.
  loadReportTemplates();
  const inputs = reportInputsFixture();
  const started = performance.now();
  let firstTwoMs = 0;
  let bytes = 0;
  for (let i = 0; i < EMAILS; i++) {
    const email = await renderEmail(i % 2 === 0 ? 'tpm' : 'leadership', inputs, {
      recipient: `Recipient ${i}`,
      unsubscribeUrl: `https://seams.example.com/unsubscribe?token=${i.toString(36).padStart(8, '0')}`,
    });
    bytes += email.html.length + email.text.length;
    if (i === 1) firstTwoMs = performance.now() - started;
  }
  const totalMs = performance.now() - started;
  return {
    emails: EMAILS,
    total_ms: Math.round(totalMs),
    prepare_ms_first_tpm_and_leadership: Math.round(firstTwoMs),
    per_email_ms: Number((totalMs / EMAILS).toFixed(3)),
    emails_per_s: Math.round(EMAILS / (totalMs / 1000)),
    avg_email_kb: Number((bytes / EMAILS / 1024).toFixed(1)),
    'target: 1,000 emails < 3 s': verdict(totalMs < 3000),
  };
}
