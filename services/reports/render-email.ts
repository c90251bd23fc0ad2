/**
 * Renders the TPM and leadership emails: HTML with CSS inlined by juice, a plain-text
 * alternative from its own template, and charts as PNG attachments referenced by CID.
 *
 * Personalization is cheap by construction: charts, template rendering and CSS inlining happen
 * once per (inputs, kind) in prepareEmail; each recipient only swaps placeholder tokens for
 * their escaped name and unsubscribe link.
 */
import { randomBytes } from 'node:crypto';
import juice from 'juice';
import type { ProgramReportInputs } from './report-inputs.js';
import { confidenceTrendSpec, forecastCdfSpec, targetTrendSpec } from './chart-specs.js';
import { renderChartSvg, svgToPng, svgWidth } from './chart-render.js';
import { renderDependencySvg } from './dependency-svg.js';
import { criticalNeighbourhood, layoutGraph, programTeams } from './graph-layout.js';
import { buildLeadershipView } from './leadership-view-model.js';
import { absoluteUrl, formatDate, programPath, safeHttpUrl } from './report-format.js';
import { buildTeamView } from './team-view-model.js';
import { escapeHtml, loadReportTemplates, trustedMarkup, type ReportTemplates } from './report-templates.js';
import { buildTpmReportView, type ReportViewOptions } from './tpm-report-view-model.js';
import { DEFAULT_COLOUR_THRESHOLDS } from '../risk/status-colour.js';

const EMAIL_GRAPH_MAX_ACROSS = 3;

export type EmailKind = 'tpm' | 'leadership';

export interface EmailPersonalization {
  /** Display name for the greeting. */
  readonly recipient?: string;
  /** Absolute http(s) URL; the footer shows an unsubscribe link only when given. */
  readonly unsubscribeUrl?: string;
}

export interface EmailAttachment {
  readonly cid: string;
  readonly filename: string;
  readonly content: Buffer;
  readonly contentType: 'image/png';
}

export interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly attachments: readonly EmailAttachment[];
}

/** One program's email, rendered once, personalized per recipient. */
export interface PreparedEmail {
  readonly kind: EmailKind | 'team';
  readonly subject: string;
  /** Shared by every recipient's message (the same Buffers). */
  readonly attachments: readonly EmailAttachment[];
  personalize(personalization?: EmailPersonalization): RenderedEmail;
}

export interface PrepareEmailOptions {
  readonly templates?: ReportTemplates;
  readonly view?: ReportViewOptions;
}

// Random per process so tracker text can never spell a placeholder.
const TOKEN = randomBytes(6).toString('hex');
const RECIPIENT_TOKEN = `seamsrecipient${TOKEN}`;
const UNSUBSCRIBE_TOKEN = `seamsunsubscribe${TOKEN}`;

interface Variant {
  readonly html: string;
  readonly text: string;
}

export async function prepareEmail(kind: EmailKind, inputs: ProgramReportInputs, options: PrepareEmailOptions = {}): Promise<PreparedEmail> {
  const parts = kind === 'tpm' ? await tpmParts(inputs, options.view) : await leadershipParts(inputs, options.view);
  return prepareParts(kind, kind === 'tpm' ? 'tpm-report' : 'leadership', parts, options);
}

/** One team's own weekly report (the `team` audience); null when the team has no item in the program. */
export async function prepareTeamEmail(inputs: ProgramReportInputs, team: string, options: PrepareEmailOptions = {}): Promise<PreparedEmail | null> {
  const view = buildTeamView(inputs, team);
  if (view === null) return null;
  const program = absoluteUrl(inputs.publicUrl, programPath(inputs.program.name));
  const links = { team: `${program}/teams/${encodeURIComponent(team)}`, program, report: `${program}/report` };
  const subject = `${team} weekly report, ${formatDate(inputs.current.asOf)} (${inputs.program.title}): ${view.badge.label}`;
  const teamView = { ...view, subject, links, generatedAt: inputs.generatedAt };
  return prepareParts('team', 'team-report', { view: teamView, attachments: [], images: null }, options);
}

async function prepareParts(
  kind: EmailKind | 'team',
  name: string,
  { view, attachments, images }: { readonly view: { readonly subject: string }; readonly attachments: readonly EmailAttachment[]; readonly images: unknown },
  options: PrepareEmailOptions,
): Promise<PreparedEmail> {
  const templates = options.templates ?? loadReportTemplates();
  const css = trustedMarkup(templates.asset('emails/email.css'));
  const variants = new Map<string, Variant>();

  const variant = (withRecipient: boolean, withUnsubscribe: boolean): Variant => {
    const key = `${withRecipient}:${withUnsubscribe}`;
    let found = variants.get(key);
    if (!found) {
      const context = {
        ...view,
        css,
        images,
        email: { recipient: withRecipient ? RECIPIENT_TOKEN : null, unsubscribeUrl: withUnsubscribe ? UNSUBSCRIBE_TOKEN : null },
      };
      found = {
        html: juice(templates.html(`emails/${name}.html`, context), { preserveMediaQueries: true, removeStyleTags: true, applyWidthAttributes: false, applyHeightAttributes: false }),
        text: templates.text(`emails/${name}.text`, context),
      };
      variants.set(key, found);
    }
    return found;
  };

  return {
    kind,
    subject: view.subject,
    attachments,
    personalize(personalization = {}) {
      const recipient = personalization.recipient?.trim() || null;
      const unsubscribe = personalization.unsubscribeUrl === undefined ? null : safeHttpUrl(personalization.unsubscribeUrl);
      if (personalization.unsubscribeUrl !== undefined && unsubscribe === null) {
        throw new RangeError('unsubscribeUrl must be an absolute http(s) URL');
      }
      const { html, text } = variant(recipient !== null, unsubscribe !== null);
      const fill = (s: string, escape: (v: string) => string) => {
        let out = s;
        if (recipient !== null) out = out.split(RECIPIENT_TOKEN).join(escape(recipient));
        if (unsubscribe !== null) out = out.split(UNSUBSCRIBE_TOKEN).join(escape(unsubscribe));
        return out;
      };
      return { subject: view.subject, html: fill(html, escapeHtml), text: fill(text, (v) => v), attachments };
    },
  };
}

const prepared = new WeakMap<ProgramReportInputs, Map<EmailKind, Promise<PreparedEmail>>>();

/**
 * Renders one email. Repeated calls with the same inputs object reuse the prepared email
 * (charts, compiled and inlined HTML), so a loop over recipients costs little per message.
 */
export function renderEmail(kind: EmailKind, inputs: ProgramReportInputs, personalization: EmailPersonalization = {}): Promise<RenderedEmail> {
  let byKind = prepared.get(inputs);
  if (!byKind) {
    byKind = new Map();
    prepared.set(inputs, byKind);
  }
  let email = byKind.get(kind);
  if (!email) {
    email = prepareEmail(kind, inputs);
    byKind.set(kind, email);
    // A failed preparation must not be cached for the next caller.
    email.catch(() => byKind.delete(kind));
  }
  return email.then((e) => e.personalize(personalization));
}

/** An attachment plus the width (CSS px) to show it at: its SVG width, capped to the column. */
function chartImage(cid: string, filename: string, svg: string, maxWidth: number) {
  const width = Math.min(maxWidth, svgWidth(svg));
  const attachment: EmailAttachment = { cid, filename, content: svgToPng(svg), contentType: 'image/png' };
  return { attachment, image: { src: `cid:${cid}`, width } };
}

async function tpmParts(inputs: ProgramReportInputs, options: ReportViewOptions = {}) {
  const view = buildTpmReportView(inputs, options);
  const { current } = inputs;
  // Top to bottom and at most three across: the picture keeps its natural size in a 600 px email.
  const layout = await layoutGraph(criticalNeighbourhood(current), current.links, current.analysis.criticalPath, {
    orientation: 'vertical',
    teams: programTeams(current),
    maxPerLayer: EMAIL_GRAPH_MAX_ACROSS,
  });
  const dependency =
    layout.nodes.length === 0
      ? null
      : chartImage('dependency-graph@seams', 'dependency-graph.png', renderDependencySvg(layout, { interactive: false, label: 'Critical path and its direct blockers' }), 600);
  const cdf =
    current.forecast === null
      ? null
      : chartImage('forecast-cdf@seams', 'forecast-cdf.png', await renderChartSvg(forecastCdfSpec(current.forecast)), 600);
  const attachments = [dependency, cdf].filter((c) => c !== null).map((c) => c.attachment);
  const dependencyImage = dependency ? { ...dependency.image, omitted: layout.omitted } : null;
  return { view, attachments, images: { dependency: dependencyImage, cdf: cdf?.image ?? null } };
}

async function leadershipParts(inputs: ProgramReportInputs, options: ReportViewOptions = {}) {
  const view = buildLeadershipView(inputs);
  const trend =
    !view.trend.some((p) => p.confidence !== null)
      ? null
      : chartImage(
          'confidence-trend@seams',
          'confidence-trend.png',
          await renderChartSvg(confidenceTrendSpec(view.trend, options.thresholds ?? DEFAULT_COLOUR_THRESHOLDS, 480)),
          560,
        );
  const target =
    !view.trend.some((p) => p.targetDate !== null || p.p85 !== null)
      ? null
      : chartImage('target-trend@seams', 'target-trend.png', await renderChartSvg(targetTrendSpec(view.trend, 480)), 560);
  const charts = [trend, target].filter((c) => c !== null);
  return { view, attachments: charts.map((c) => c.attachment), images: { trend: trend?.image ?? null, target: target?.image ?? null } };
}
