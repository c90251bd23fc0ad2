import type { SandboxIssue, SandboxProject, SandboxTeam } from '../program-model.js';
import { asInput, combine, dateComparator, stringComparator, unsupported, type FilterInput, type Predicate } from './comparators.js';
import type { LinearStore } from './linear-store.js';

/** TeamFilter: the parts a sync uses (id, key, name). */
export function compileTeamFilter(input: FilterInput, path = 'team'): Predicate<SandboxTeam> {
  const own: Predicate<SandboxTeam>[] = [];
  for (const [field, raw] of Object.entries(input)) {
    if (raw === undefined || field === 'and' || field === 'or') continue;
    const value = asInput(raw);
    if (field === 'id') {
      const test = stringComparator(value, `${path}.id`);
      own.push((team) => test(team.id));
    } else if (field === 'key') {
      const test = stringComparator(value, `${path}.key`);
      own.push((team) => test(team.key));
    } else if (field === 'name') {
      const test = stringComparator(value, `${path}.name`);
      own.push((team) => test(team.name));
    } else unsupported(`${path}.${field}`);
  }
  return combine(input, (part) => compileTeamFilter(part, path), own);
}

/** ProjectFilter: by id or name (a connector resolves configured project names this way). */
export function compileProjectFilter(input: FilterInput, path = 'project'): Predicate<SandboxProject> {
  const own: Predicate<SandboxProject>[] = [];
  for (const [field, raw] of Object.entries(input)) {
    if (raw === undefined || field === 'and' || field === 'or') continue;
    if (field !== 'id' && field !== 'name') unsupported(`${path}.${field}`);
    const test = stringComparator(asInput(raw), `${path}.${field}`);
    own.push((project) => test(field === 'id' ? project.id : project.name));
  }
  return combine(input, (part) => compileProjectFilter(part, path), own);
}

/**
 * IssueFilter over the sandbox's issues. Filters the sandbox does not implement are rejected
 * rather than ignored: silently ignoring one would hand a connector wrong pages that look right.
 */
export function compileIssueFilter(input: FilterInput, store: LinearStore, now: Date): Predicate<SandboxIssue> {
  const own: Predicate<SandboxIssue>[] = [];
  const dateField = (field: string, read: (issue: SandboxIssue) => Date | null, raw: unknown): void => {
    const test = dateComparator(asInput(raw), now, field);
    own.push((issue) => test(read(issue)));
  };
  const stringField = (field: string, read: (issue: SandboxIssue) => string | null, raw: unknown): void => {
    const test = stringComparator(asInput(raw), field);
    own.push((issue) => test(read(issue)));
  };
  for (const [field, raw] of Object.entries(input)) {
    if (raw === undefined || raw === null || field === 'and' || field === 'or') continue;
    switch (field) {
      case 'id': {
        const test = stringComparator(asInput(raw), 'id');
        own.push((issue) => test(issue.id) || test(issue.key));
        break;
      }
      case 'createdAt':
        dateField(field, (issue) => issue.createdAt, raw);
        break;
      case 'updatedAt':
        dateField(field, (issue) => issue.updatedAt, raw);
        break;
      case 'startedAt':
        dateField(field, (issue) => issue.startedAt, raw);
        break;
      case 'completedAt':
        dateField(field, (issue) => (store.stateOf(issue).type === 'completed' ? issue.completedAt : null), raw);
        break;
      case 'canceledAt':
        dateField(field, (issue) => (store.stateOf(issue).type === 'canceled' ? issue.completedAt : null), raw);
        break;
      case 'archivedAt':
        dateField(field, (issue) => (issue.archived ? issue.updatedAt : null), raw);
        break;
      case 'title':
        stringField(field, (issue) => issue.title, raw);
        break;
      case 'team': {
        const test = compileTeamFilter(asInput(raw));
        own.push((issue) => {
          const team = store.teamByKey.get(issue.teamKey);
          return team !== undefined && test(team);
        });
        break;
      }
      case 'state': {
        const state = asInput(raw);
        for (const [stateField, comparator] of Object.entries(state)) {
          if (comparator === undefined) continue;
          if (stateField !== 'type' && stateField !== 'name' && stateField !== 'id') unsupported(`state.${stateField}`);
          const test = stringComparator(asInput(comparator), `state.${stateField}`);
          own.push((issue) => test(store.stateOf(issue)[stateField]));
        }
        break;
      }
      case 'project':
      case 'assignee':
      case 'parent': {
        for (const [refField, comparator] of Object.entries(asInput(raw))) {
          if (comparator === undefined) continue;
          const read = (issue: SandboxIssue): string | null =>
            field === 'project' ? issue.projectId : field === 'assignee' ? (issue.assignee?.id ?? null) : issue.parentId;
          if (refField === 'null') own.push((issue) => (read(issue) === null) === comparator);
          else if (refField === 'id') {
            const test = stringComparator(asInput(comparator), `${field}.id`);
            own.push((issue) => test(read(issue)));
          } else unsupported(`${field}.${refField}`);
        }
        break;
      }
      default:
        unsupported(field);
    }
  }
  return combine(input, (part) => compileIssueFilter(part, store, now), own);
}
