/**
 * The register and decision pages of the dashboard as HTML strings. The data comes from the
 * register service; forms carry the session's CSRF token and are shown to editors only.
 */
import { RISK_SORTS, RISK_STATUSES, type DecisionRecord, type HistoryEntry, type ProposedDecision, type RiskFilter, type RiskRecord } from '../register/register-types.js';
import type { DashboardPageContext } from './render-dashboard.js';
import { loadReportTemplates, type ReportTemplates } from './report-templates.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

export interface RiskFormValues {
  readonly owner: string;
  readonly mitigation: string;
  readonly status: string;
  readonly snoozeUntil: string;
}

export interface DecisionFormValues {
  readonly question?: string;
  readonly options?: string;
  readonly recommendation?: string;
  readonly decider?: string;
  readonly due?: string;
  readonly riskIds?: string;
  readonly itemKeys?: string;
}

interface RegisterPage extends DashboardPageContext {
  readonly timezone: string;
  readonly canEdit: boolean;
}

export interface RegisterPages {
  risks(page: RegisterPage, data: { readonly program: { readonly name: string; readonly title: string }; readonly all: readonly RiskRecord[]; readonly shown: readonly RiskRecord[]; readonly filter: RiskFilter }): string;
  risk(page: RegisterPage, data: { readonly risk: RiskRecord; readonly history: readonly HistoryEntry[]; readonly saved: boolean; readonly errors: readonly string[]; readonly form?: RiskFormValues }): string;
  decisions(page: RegisterPage, data: { readonly program: { readonly name: string; readonly title: string }; readonly decisions: readonly DecisionRecord[]; readonly proposed: readonly ProposedDecision[]; readonly errors: readonly string[]; readonly form: DecisionFormValues }): string;
  decision(page: RegisterPage, data: { readonly decision: DecisionRecord; readonly history: readonly HistoryEntry[]; readonly errors: readonly string[] }): string;
}

const distinct = (values: Iterable<string>): string[] => [...new Set(values)].sort((a, b) => a.localeCompare(b));

export function riskFormValues(risk: RiskRecord): RiskFormValues {
  return { owner: risk.ownerOverride ?? '', mitigation: risk.mitigation ?? '', status: risk.status, snoozeUntil: risk.snoozeUntil ?? '' };
}

export function createRegisterPages(templates: ReportTemplates = loadReportTemplates()): RegisterPages {
  const context = (page: RegisterPage, title: string) => ({ timezone: page.timezone, page, title, canEdit: page.canEdit });
  return {
    risks(page, { program, all, shown, filter }) {
      return templates.html('dashboard/risks', {
        ...context(page, `${program.title}: risk register`),
        programName: program.name,
        programTitle: program.title,
        risks: shown,
        filter: { ...filter, sort: filter.sort ?? 'severity' },
        statuses: RISK_STATUSES,
        severities: SEVERITIES,
        sorts: RISK_SORTS,
        teams: distinct(all.flatMap((r) => r.teams)),
        owners: distinct(all.map((r) => r.owner)),
        rules: distinct(all.map((r) => r.rule)),
      });
    },
    risk(page, { risk, history, saved, errors, form }) {
      return templates.html('dashboard/risk', {
        ...context(page, `Risk ${risk.id}`),
        risk,
        history,
        saved,
        errors,
        form: form ?? riskFormValues(risk),
        statuses: RISK_STATUSES,
      });
    },
    decisions(page, { program, decisions, proposed, errors, form }) {
      return templates.html('dashboard/decisions', {
        ...context(page, `${program.title}: decisions`),
        programName: program.name,
        programTitle: program.title,
        open: decisions.filter((d) => d.status === 'open'),
        decided: decisions.filter((d) => d.status === 'decided'),
        proposed,
        errors,
        form,
      });
    },
    decision(page, { decision, history, errors }) {
      return templates.html('dashboard/decision', {
        ...context(page, `Decision ${decision.id}`),
        decision,
        history,
        errors,
        canResolve: page.canEdit && decision.status === 'open',
      });
    },
  };
}
