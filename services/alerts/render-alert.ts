/**
 * The alert email: what crossed the subscriber's line, why the date moved (largest cause first)
 * and a link to the dashboard. Short on purpose: the weekly report carries the rest.
 */
import type { RenderedEmail } from '../reports/render-email.js';
import { escapeHtml } from '../reports/report-templates.js';
import { attributionLines } from '../whatif/scenario-text.js';
import type { AlertEventPayload } from './raise-alerts.js';

export interface AlertRecipient {
  readonly subscriptionId: number;
  readonly unsubscribeUrl: string;
}

export function renderAlertEmail(
  event: AlertEventPayload,
  program: { readonly title: string; readonly dashboardUrl: string },
  recipient: AlertRecipient,
): RenderedEmail | null {
  const reasons = event.reasons[String(recipient.subscriptionId)] ?? [];
  if (reasons.length === 0) return null;
  const why = event.attribution ? attributionLines(event.attribution) : [];
  const subject = `${program.title}: ${reasons[0]}`;
  const text = [
    `${program.title} changed since the last update:`,
    ...reasons.map((r) => `- ${r}`),
    ...(why.length > 0 ? ['', 'Why the date moved:', ...why.map((l) => `  ${l}`)] : []),
    '',
    `Dashboard: ${program.dashboardUrl}`,
    `Stop these emails: ${recipient.unsubscribeUrl}`,
    '',
  ].join('\n');
  const html =
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;color:#1f2328;max-width:600px;margin:0 auto;padding:16px">` +
    `<p><strong>${escapeHtml(program.title)}</strong> changed since the last update:</p>` +
    `<ul>${reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>` +
    (why.length > 0 ? `<p><strong>Why the date moved</strong></p><ul>${why.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : '') +
    `<p><a href="${escapeHtml(program.dashboardUrl)}">Open the dashboard</a></p>` +
    `<p style="color:#57606a;font-size:12px"><a style="color:#57606a" href="${escapeHtml(recipient.unsubscribeUrl)}">Unsubscribe</a></p></body></html>`;
  return { subject, html, text, attachments: [] };
}
