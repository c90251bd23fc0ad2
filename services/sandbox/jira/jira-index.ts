/**
 * Lookup tables over the Jira slice of a sandbox program, rebuilt when the program changes
 * (its revision: see program-revision.ts).
 */
import type { SandboxCrossLink, SandboxIssue, SandboxLink, SandboxProgram, SandboxTeam } from '../program-model.js';
import { compileQuery, type CompiledQuery } from './jql-evaluate.js';
import type { JqlQuery } from './jql.js';

export interface SearchResult {
  readonly issues: readonly SandboxIssue[];
  readonly compare: (a: SandboxIssue, b: SandboxIssue) => number;
}

export interface JiraIndex {
  /** The program revision the index was built at. */
  readonly revision: string;
  /** Live Jira issues in program order. */
  readonly live: readonly SandboxIssue[];
  readonly projects: readonly SandboxTeam[];
  byIdOrKey(idOrKey: string): SandboxIssue | undefined;
  linksOf(issueId: string): readonly SandboxLink[];
  remoteLinksOf(issueId: string): readonly SandboxCrossLink[];
  issueById(id: string): SandboxIssue | undefined;
  /** Matching issues in query order; cached per query text while the program is unchanged. */
  search(jqlText: string, query: JqlQuery): SearchResult;
}

export function buildJiraIndex(program: SandboxProgram, revision: string): JiraIndex {
  const byId = new Map<string, SandboxIssue>();
  const byKey = new Map<string, SandboxIssue>();
  const live: SandboxIssue[] = [];
  for (const issue of program.issues) {
    if (issue.tracker !== 'jira' || issue.deleted) continue;
    live.push(issue);
    byId.set(issue.id, issue);
    for (const key of issue.previousKeys) byKey.set(key, issue);
  }
  // Current keys win over old keys that were reused (a moved issue's old key is never reissued,
  // but be explicit about precedence).
  for (const issue of live) byKey.set(issue.key, issue);

  const links = new Map<string, SandboxLink[]>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T): void => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const link of program.links) {
    if (!byId.has(link.fromId) || !byId.has(link.toId)) continue;
    push(links, link.fromId, link);
    push(links, link.toId, link);
  }
  const remote = new Map<string, SandboxCrossLink[]>();
  for (const cross of program.crossLinks) if (byId.has(cross.fromId)) push(remote, cross.fromId, cross);

  const cache = new Map<string, SearchResult>();
  return {
    revision,
    live,
    projects: program.teams.filter((t) => t.tracker === 'jira'),
    byIdOrKey: (idOrKey) => byId.get(idOrKey) ?? byKey.get(idOrKey.toUpperCase()),
    issueById: (id) => byId.get(id),
    linksOf: (id) => links.get(id) ?? [],
    remoteLinksOf: (id) => remote.get(id) ?? [],
    search(jqlText, query) {
      const hit = cache.get(jqlText);
      if (hit) return hit;
      const compiled: CompiledQuery = compileQuery(query, program.teams, jqlText, (key) => byKey.has(key));
      const result: SearchResult = { issues: live.filter(compiled.matches).sort(compiled.compare), compare: compiled.compare };
      if (cache.size > 50) cache.clear();
      cache.set(jqlText, result);
      return result;
    },
  };
}
