/** The item list and item detail pages of the dashboard as HTML strings (data from item-list.ts). */
import type { DashboardPageContext } from './render-dashboard.js';
import {
  ITEM_LISTS,
  ITEM_SORTS,
  ITEM_STATUSES,
  defaultSort,
  type ItemDetail,
  type ItemFilter,
  type ItemListName,
  type ItemListRow,
} from './item-list.js';
import { loadReportTemplates, type ReportTemplates } from './report-templates.js';

interface ItemPage extends DashboardPageContext {
  readonly timezone: string;
}

interface ProgramRef {
  readonly name: string;
  readonly title: string;
  readonly targetDate: string | null;
}

export interface ItemListPageData {
  readonly program: ProgramRef;
  /** The query as given (echoed into the form, also when it was refused). */
  readonly query: Readonly<Record<string, string>>;
  readonly filter: ItemFilter | null;
  readonly rows: readonly ItemListRow[];
  readonly choices: { readonly teams: readonly string[]; readonly owners: readonly string[]; readonly rules: readonly string[] };
  readonly errors: readonly string[];
}

export interface ItemPages {
  items(page: ItemPage, data: ItemListPageData): string;
  item(page: ItemPage, data: { readonly program: ProgramRef; readonly detail: ItemDetail }): string;
}

const LIST_TITLES: Readonly<Record<ItemListName, string>> = { all: 'All items', blocked: 'Blocked items', critical: 'Critical path' };

export function createItemPages(templates: ReportTemplates = loadReportTemplates()): ItemPages {
  return {
    items(page, data) {
      const list = data.filter?.list ?? 'all';
      const exportQuery = new URLSearchParams(Object.entries(data.query).filter(([, v]) => v !== '')).toString();
      return templates.html('dashboard/items', {
        timezone: page.timezone,
        page,
        title: `${data.program.title}: ${LIST_TITLES[list].toLowerCase()}`,
        heading: LIST_TITLES[list],
        program: data.program,
        rows: data.rows,
        query: { ...data.query, list, sort: data.query.sort || defaultSort(list) },
        exportQuery,
        errors: data.errors,
        lists: ITEM_LISTS.map((value) => ({ value, label: LIST_TITLES[value] })),
        statuses: ITEM_STATUSES,
        severities: ['critical', 'high', 'medium', 'low'],
        sorts: ITEM_SORTS,
        ...data.choices,
      });
    },
    item(page, { program, detail }) {
      return templates.html('dashboard/item', {
        timezone: page.timezone,
        page,
        title: `${detail.item.key} · ${program.title}`,
        program,
        ...detail,
      });
    },
  };
}
