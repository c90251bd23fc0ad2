/** The what-if dashboard page as an HTML string: the form, then today beside the scenario. */
import type { ScenarioComparison, ScenarioOutcome } from '../whatif/compare-scenario.js';
import type { DashboardPageContext } from './render-dashboard.js';
import { formatPercent } from './report-format.js';
import { loadReportTemplates, type ReportTemplates } from './report-templates.js';

export interface WhatIfPageData {
  readonly program: { readonly name: string; readonly title: string };
  /** The form's fields as submitted (echoed back, also when refused). */
  readonly form: Readonly<Record<string, string>>;
  readonly result: ScenarioComparison | null;
  readonly errors: readonly string[];
}

type WhatIfPage = (page: DashboardPageContext & { readonly timezone: string }, data: WhatIfPageData) => string;

const signed = (days: number) => `${days > 0 ? '+' : days < 0 ? '−' : '±'}${Math.abs(days)} working day${Math.abs(days) === 1 ? '' : 's'}`;

function rows(result: ScenarioComparison) {
  const chance = (o: ScenarioOutcome) => (o.probabilityOnTarget === null ? null : formatPercent(o.probabilityOnTarget));
  const row = (label: string, pick: (o: ScenarioOutcome) => string | null, isDate: boolean) => {
    const today = pick(result.today);
    const scenario = pick(result.scenario);
    return { label, today, scenario, isDate, changed: today !== scenario };
  };
  return [
    row('CPM finish', (o) => o.finishDate, true),
    row('P50', (o) => o.p50, true),
    row('P85', (o) => o.p85, true),
    row('P95', (o) => o.p95, true),
    row('Target', (o) => o.targetDate, true),
    row('Chance of the target', chance, false),
  ];
}

function pathDiff(result: ScenarioComparison) {
  const added = new Set(result.criticalPathChange.added);
  const removed = new Set(result.criticalPathChange.removed);
  return {
    today: result.today.criticalPath.map((key) => ({ key, removed: removed.has(key) })),
    scenario: result.scenario.criticalPath.map((key) => ({ key, added: added.has(key) })),
    added: result.criticalPathChange.added,
    removed: result.criticalPathChange.removed,
  };
}

export function createWhatIfPage(templates: ReportTemplates = loadReportTemplates()): WhatIfPage {
  return (page, { program, form, result, errors }) =>
    templates.html('dashboard/whatif', {
      timezone: page.timezone,
      page,
      title: `${program.title}: what if`,
      program,
      form,
      errors,
      result:
        result === null
          ? null
          : {
              asOf: result.asOf,
              rows: rows(result),
              moves: { finish: signed(result.moves.finishDays), p85: result.moves.p85Days === null ? null : signed(result.moves.p85Days) },
              path: pathDiff(result),
              noForecast: result.scenario.noForecast,
              trials: result.trials,
            },
    });
}
