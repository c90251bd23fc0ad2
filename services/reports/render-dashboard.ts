/**
 * Dashboard pages as HTML strings (server-rendered; the plugin in services/http serves them).
 * SVG markup built by this module's own escaping code is passed to templates as trusted
 * markup; everything else is data and escaped by Handlebars.
 */
import type { ProgramReportInputs, SnapshotSummary } from './report-inputs.js';
import { renderChartSvg } from './chart-render.js';
import { confidenceTrendSpec, forecastCdfSpec, targetTrendSpec } from './chart-specs.js';
import { reliabilitySpec, trackRecordView } from './track-record-view.js';
import { renderDependencySvg } from './dependency-svg.js';
import { criticalNeighbourhood, layoutGraph, programGraphItems, programTeams } from './graph-layout.js';
import { buildProgramListView, type ProgramListEntry } from './program-list-view-model.js';
import { loadReportTemplates, trustedMarkup, type ReportTemplates } from './report-templates.js';
import { buildTeamView } from './team-view-model.js';
import { buildTpmReportView, type ReportViewOptions } from './tpm-report-view-model.js';
import { trendPoints } from './trend.js';
import { compareText } from './report-items.js';
import { DEFAULT_COLOUR_THRESHOLDS } from '../risk/status-colour.js';

export interface DashboardPageContext {
  /** Path prefix the plugin is mounted under ('' at the root); links in pages are relative to it. */
  readonly basePath: string;
  /** Who is signed in (shown in the top bar; decides whether edit forms appear). */
  readonly actor?: { readonly name: string; readonly role: string } | null;
  /** The session's CSRF token, put in every form. */
  readonly csrf?: string | null;
}

export interface LoginPageOptions {
  readonly error: string | null;
  readonly notice: string | null;
  readonly next: string;
  readonly basePath: string;
  /** Which sign-in forms to show. */
  readonly forms: { readonly secret: boolean; readonly email: boolean };
}

export interface DashboardRenderer {
  programList(entries: readonly ProgramListEntry[], page: DashboardPageContext): string;
  program(inputs: ProgramReportInputs, page: DashboardPageContext): Promise<string>;
  report(inputs: ProgramReportInputs, page: DashboardPageContext, options?: { readonly pastWeek?: boolean }): Promise<string>;
  /** One team's page; null when the team has no item in the program. */
  team(inputs: ProgramReportInputs, team: string, page: DashboardPageContext): string | null;
  /** The archive: every stored week of a program, newest first, each linking to its report. */
  weeks(program: { readonly name: string; readonly title: string; readonly timezone: string; readonly weeks: readonly SnapshotSummary[] }, page: DashboardPageContext): string;
  login(options: LoginPageOptions): string;
}

export function createDashboardRenderer(deps: { readonly templates?: ReportTemplates; readonly view?: ReportViewOptions } = {}): DashboardRenderer {
  const templates = deps.templates ?? loadReportTemplates();
  const loginCss = (): ReturnType<typeof trustedMarkup> => trustedMarkup(templates.asset('dashboard/dashboard.css'));

  return {
    programList(entries, page) {
      return templates.html('dashboard/program-list', {
        timezone: 'UTC',
        page,
        title: 'Programs',
        programs: buildProgramListView(entries),
      });
    },

    async program(inputs, page) {
      const view = buildTpmReportView(inputs, deps.view);
      const { current } = inputs;
      const layout = await layoutGraph(programGraphItems(current), current.links, current.analysis.criticalPath, { teams: programTeams(current) });
      const graphSvg = renderDependencySvg(layout, { interactive: true, label: `Dependency graph of ${view.program.title}` });
      const cdfSvg = current.forecast === null ? null : await renderChartSvg(forecastCdfSpec(current.forecast, 640));
      const trend = trendPoints(inputs.history, inputs.program.timezone);
      const confidenceSvg = trend.some((p) => p.confidence !== null)
        ? await renderChartSvg(confidenceTrendSpec(trend, deps.view?.thresholds ?? DEFAULT_COLOUR_THRESHOLDS, 640))
        : null;
      const targetSvg = trend.some((p) => p.targetDate !== null || p.p85 !== null) ? await renderChartSvg(targetTrendSpec(trend, 640)) : null;
      const record = inputs.trackRecord ?? null;
      const reliabilitySvg = record && record.forecasts > 0 ? await renderChartSvg(reliabilitySpec(record)) : null;
      return templates.html('dashboard/program', {
        ...view,
        page,
        title: view.program.title,
        graph: {
          svg: trustedMarkup(graphSvg),
          teams: layout.teams,
          nodeCount: layout.nodes.length,
          totalItems: current.items.length,
          focusItems: [...layout.nodes].sort((a, b) => compareText(a.key, b.key)).map((n) => ({ id: n.id, key: n.key, title: n.title })),
        },
        cdfSvg: cdfSvg === null ? null : trustedMarkup(cdfSvg),
        trendCharts: {
          confidence: confidenceSvg === null ? null : trustedMarkup(confidenceSvg),
          target: targetSvg === null ? null : trustedMarkup(targetSvg),
        },
        trackRecord: record ? trackRecordView(record) : null,
        reliabilitySvg: reliabilitySvg === null ? null : trustedMarkup(reliabilitySvg),
        images: null,
      });
    },

    async report(inputs, page, options = {}) {
      const view = buildTpmReportView(inputs, deps.view);
      const { current } = inputs;
      const layout = await layoutGraph(criticalNeighbourhood(current), current.links, current.analysis.criticalPath, { teams: programTeams(current) });
      const svg = layout.nodes.length === 0 ? null : renderDependencySvg(layout, { interactive: true, label: 'Critical path and its direct blockers' });
      return templates.html('dashboard/report', {
        ...view,
        page,
        title: `${view.program.title}: weekly report`,
        pastWeek: options.pastWeek === true,
        images: { dependencySvg: svg === null ? null : trustedMarkup(svg) },
      });
    },

    team(inputs, team, page) {
      const view = buildTeamView(inputs, team);
      if (view === null) return null;
      return templates.html('dashboard/team', { ...view, page, title: `${view.team} · ${view.program.title}` });
    },

    weeks(program, page) {
      return templates.html('dashboard/weeks', { timezone: program.timezone, page, title: `${program.title}: past weekly reports`, program });
    },

    login({ error, notice, next, basePath, forms }) {
      return templates.html('dashboard/login', { timezone: 'UTC', page: { basePath }, title: 'Sign in', error, notice, next, forms, css: loginCss() });
    },
  };
}
