/** Turns a parsed JQL query into a predicate and a comparator over sandbox issues. */
import type { SandboxIssue, SandboxTeam } from '../program-model.js';
import { JqlError, type JqlClause, type JqlQuery } from './jql.js';

export interface CompiledQuery {
  readonly matches: (issue: SandboxIssue) => boolean;
  readonly compare: (a: SandboxIssue, b: SandboxIssue) => number;
  /** False for a query without any restriction (Jira refuses those on enhanced search). */
  readonly bounded: boolean;
}

function keyOrder(key: string): [string, number] {
  const dash = key.lastIndexOf('-');
  return [key.slice(0, dash), Number(key.slice(dash + 1))];
}

function clausePredicate(clause: JqlClause, teams: readonly SandboxTeam[], jqlText: string, keyExists: (key: string) => boolean): (i: SandboxIssue) => boolean {
  switch (clause.field) {
    case 'project': {
      const keys = new Set<string>();
      for (const value of clause.values) {
        const team = teams.find((t) => t.tracker === 'jira' && (t.key === value.toUpperCase() || t.id === value));
        if (!team) throw new JqlError(`The value '${value}' does not exist for the field 'project'.`, jqlText);
        keys.add(team.key);
      }
      return (i) => keys.has(i.teamKey);
    }
    case 'key': {
      const wanted = new Set(clause.values.map((v) => v.toUpperCase()));
      for (const key of wanted) {
        if (!/^[A-Z][A-Z0-9_]*-\d+$/.test(key) || !keyExists(key)) {
          throw new JqlError(`An issue with key '${key}' does not exist for field 'key'.`, jqlText);
        }
      }
      return (i) => wanted.has(i.key) || i.previousKeys.some((k) => wanted.has(k));
    }
    case 'id': {
      const wanted = new Set(clause.values);
      return (i) => wanted.has(i.id);
    }
    case 'updated':
    case 'created': {
      const { op, at } = clause;
      const field = clause.field;
      return (i) => {
        const t = (field === 'updated' ? i.updatedAt : i.createdAt).getTime();
        // "yyyy-MM-dd HH:mm" has minute precision: `=` means within that minute.
        if (op === '>=') return t >= at;
        if (op === '>') return t > at;
        if (op === '<=') return t <= at;
        if (op === '<') return t < at;
        return t >= at && t < at + 60_000;
      };
    }
  }
}

export function compileQuery(
  query: JqlQuery,
  teams: readonly SandboxTeam[],
  jqlText = '',
  keyExists: (key: string) => boolean = () => true,
): CompiledQuery {
  const predicates = query.clauses.map((c) => clausePredicate(c, teams, jqlText, keyExists));
  const sorts = [...query.orderBy];
  if (!sorts.some((s) => s.field === 'id')) sorts.push({ field: 'id', desc: false });
  const compare = (a: SandboxIssue, b: SandboxIssue): number => {
    for (const { field, desc } of sorts) {
      let diff: number;
      if (field === 'updated') diff = a.updatedAt.getTime() - b.updatedAt.getTime();
      else if (field === 'created') diff = a.createdAt.getTime() - b.createdAt.getTime();
      else if (field === 'id') diff = Number(a.id) - Number(b.id);
      else {
        const [pa, na] = keyOrder(a.key);
        const [pb, nb] = keyOrder(b.key);
        diff = pa === pb ? na - nb : pa < pb ? -1 : 1;
      }
      if (diff !== 0) return desc ? -diff : diff;
    }
    return 0;
  };
  return {
    matches: (issue) => predicates.every((p) => p(issue)),
    compare,
    bounded: predicates.length > 0,
  };
}
