/**
 * Loads a program's dependency network: the items its scope selects plus everything they
 * transitively depend on (blockers, and children of selected parents), across teams, sources
 * and trackers, in one recursive query. Deleted items and their links are left out.
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { GraphItem, GraphLink, WorkCalendar } from '../services/graph/graph-types.js';
import type { Database } from './database-types.js';

export interface ProgramScopeFilter {
  readonly epics: readonly string[];
  readonly labels: readonly string[];
  readonly linearProjects: readonly string[];
  /** `<source name>:<team key>`. */
  readonly teams: readonly string[];
  readonly keys: readonly string[];
  /** Jira fix versions as `<project key> <version name>`. */
  readonly fixVersions?: readonly string[];
}

export interface ProgramNetwork {
  readonly items: GraphItem[];
  readonly links: GraphLink[];
  /** Calendars of the teams involved, by team key. */
  readonly teamCalendars: Record<string, WorkCalendar>;
}

function scopePredicate(scope: ProgramScopeFilter): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [];
  const list = (values: readonly string[]) => sql.join(values.map((v) => sql.val(v)));
  if (scope.epics.length > 0) parts.push(sql`(w.epic in (${list(scope.epics)}) or w.key in (${list(scope.epics)}))`);
  if (scope.labels.length > 0) parts.push(sql`w.labels && array[${list(scope.labels)}]::text[]`);
  if (scope.linearProjects.length > 0) parts.push(sql`w.project in (${list(scope.linearProjects)})`);
  if (scope.keys.length > 0) parts.push(sql`w.key in (${list(scope.keys)})`);
  if (scope.fixVersions && scope.fixVersions.length > 0) {
    parts.push(sql`exists (select 1 from jsonb_array_elements(case when jsonb_typeof(w.raw->'fields'->'fixVersions') = 'array'
      then w.raw->'fields'->'fixVersions' else '[]'::jsonb end) v where (w.project || ' ' || (v->>'name')) in (${list(scope.fixVersions)}))`);
  }
  if (scope.teams.length > 0) {
    parts.push(sql`exists (select 1 from teams t join sources s on s.id = t.source_id
      where t.id = w.team_id and (s.name || ':' || t.key) in (${list(scope.teams)}))`);
  }
  if (parts.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

interface ItemRow {
  id: number;
  source: string;
  external_id: string;
  key: string;
  title: string;
  url: string | null;
  team: string | null;
  assignee: string | null;
  status: string | null;
  status_category: GraphItem['statusCategory'];
  estimate: number | null;
  due_date: string | null;
  source_created_at: Date | null;
  started_at: Date | null;
  completed_at: Date | null;
  source_updated_at: Date | null;
  placeholder: boolean;
  selected: boolean;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export async function loadProgramNetwork(db: Kysely<Database>, scope: ProgramScopeFilter): Promise<ProgramNetwork> {
  const predicate = scopePredicate(scope);
  const { rows } = await sql<ItemRow>`
    with recursive selected as (
      select w.id from work_items w where not w.deleted and ${predicate}
    ),
    network(id) as (
      select id from selected
      union
      select case when l.kind = 'blocks' then l.from_item else l.to_item end
      from item_links l
      join network n on (l.kind = 'blocks' and l.to_item = n.id) or (l.kind = 'parent' and l.from_item = n.id)
    )
    select w.id, s.name as source, w.external_id, w.key, w.title, w.url, t.key as team, w.assignee, w.status,
           w.status_category, w.estimate, w.due_date, w.source_created_at, w.started_at, w.completed_at,
           w.source_updated_at, w.placeholder, (w.id in (select id from selected)) as selected
    from network n
    join work_items w on w.id = n.id
    join sources s on s.id = w.source_id
    left join teams t on t.id = w.team_id
    where not w.deleted
    order by w.id`.execute(db);

  const graphId = new Map<number, string>();
  const items: GraphItem[] = rows.map((r) => {
    const id = `${r.source}:${r.external_id}`;
    graphId.set(r.id, id);
    return {
      id,
      key: r.key,
      title: r.title,
      url: r.url,
      source: r.source,
      team: r.team,
      assignee: r.assignee,
      status: r.status,
      statusCategory: r.status_category,
      estimate: r.estimate,
      dueDate: r.due_date,
      createdAt: iso(r.source_created_at),
      startedAt: iso(r.started_at),
      completedAt: iso(r.completed_at),
      updatedAt: iso(r.source_updated_at),
      inScope: r.selected,
      placeholder: r.placeholder,
    };
  });

  const links: GraphLink[] = [];
  const ids = [...graphId.keys()];
  for (let i = 0; i < ids.length; i += 10_000) {
    const chunk = ids.slice(i, i + 10_000);
    const linkRows = await db
      .selectFrom('item_links')
      .select(['from_item', 'to_item', 'kind'])
      .where('from_item', 'in', chunk)
      .orderBy('id')
      .execute();
    for (const l of linkRows) {
      const from = graphId.get(l.from_item);
      const to = graphId.get(l.to_item);
      if (from !== undefined && to !== undefined) links.push({ from, to, kind: l.kind });
    }
  }

  const teamRows = await db
    .selectFrom('teams')
    .select(['key', 'timezone', 'calendar'])
    .where('key', 'in', [...new Set(items.map((i) => i.team).filter((t): t is string => t !== null)), ''])
    .execute();
  const teamCalendars: Record<string, WorkCalendar> = {};
  for (const t of teamRows) {
    teamCalendars[t.key] = { weekendDays: t.calendar.weekendDays, holidays: t.calendar.holidays, timezone: t.timezone };
  }
  return { items, links, teamCalendars };
}
