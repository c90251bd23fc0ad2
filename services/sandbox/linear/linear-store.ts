import type { SandboxIssue, SandboxProgram, SandboxProject, SandboxTeam } from '../program-model.js';
import { programRevision } from '../program-revision.js';
import { compareKeysDesc, type SortKey } from './connection.js';
import { stableUuid, stateColor, stateTypeFor, stateTypeRank, workspaceUrlKey, type LinearStateType } from './linear-naming.js';

export interface StateView {
  readonly id: string;
  readonly name: string;
  readonly type: LinearStateType;
  readonly color: string;
  readonly position: number;
  readonly teamKey: string;
}

export interface RelationView {
  readonly id: string;
  readonly type: 'blocks' | 'duplicate' | 'related';
  readonly issueId: string;
  readonly relatedIssueId: string;
  readonly createdAt: Date;
}

export interface AttachmentView {
  readonly id: string;
  readonly url: string;
  readonly title: string;
  readonly subtitle: string;
  readonly sourceType: string;
  readonly issueId: string;
  readonly createdAt: Date;
}

/**
 * One IssueHistory entry. Linear records every kind of change there, not only state changes:
 * besides the program's status changes the sandbox adds priority, estimate, title and
 * description edits, so history is as mixed (and as long) as a real issue's.
 */
export interface HistoryView {
  readonly id: string;
  readonly issueId: string;
  readonly createdAt: Date;
  /** Null for the creation entry and for entries that changed something else. */
  readonly fromStateName: string | null;
  /** Null for entries that changed something else than the state. */
  readonly toStateName: string | null;
  readonly fromPriority?: number;
  readonly toPriority?: number;
  readonly fromEstimate?: number;
  readonly toEstimate?: number;
  readonly fromTitle?: string;
  readonly toTitle?: string;
  readonly updatedDescription?: boolean;
}

/** One IssueStateSpan: the issue sat in `stateName` from `startedAt` until `endedAt` (null: still there). */
export interface StateSpanView {
  readonly id: string;
  readonly issueId: string;
  readonly stateName: string;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
}

/** Edits the sandbox adds between consecutive state changes (Linear issues are edited far more often than moved). */
const EDITS_PER_STATE_CHANGE = 3;

function editsBetween(issue: SandboxIssue, index: number, from: Date, to: Date): HistoryView[] {
  const out: HistoryView[] = [];
  const span = to.getTime() - from.getTime();
  for (let j = 0; j < EDITS_PER_STATE_CHANGE; j++) {
    const at = new Date(from.getTime() + Math.floor((span * (j + 1)) / (EDITS_PER_STATE_CHANGE + 1)));
    const base = { id: stableUuid('history-edit', issue.id, String(index), String(j)), issueId: issue.id, createdAt: at, fromStateName: null, toStateName: null };
    switch ((index + j) % 4) {
      case 0:
        out.push({ ...base, fromPriority: 3, toPriority: 2 });
        break;
      case 1:
        out.push({ ...base, fromEstimate: 1, toEstimate: issue.estimate ?? 2 });
        break;
      case 2:
        out.push({ ...base, fromTitle: `${issue.title} (draft)`, toTitle: issue.title });
        break;
      default:
        out.push({ ...base, updatedDescription: true });
    }
  }
  return out;
}

export interface LabelView {
  readonly id: string;
  readonly name: string;
  readonly createdAt: Date;
}

export interface UserView {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly createdAt: Date;
}

/**
 * The program's Linear slice, indexed for the resolvers. Issue objects are the program's own,
 * so edits to their fields show immediately; edits that change ordering or membership
 * (updatedAt, deletion, new issues or links) need a rebuild, which the server does on its
 * own when the program's revision changes (program-revision.ts).
 */
export interface LinearStore {
  readonly program: SandboxProgram;
  readonly urlKey: string;
  readonly teams: readonly SandboxTeam[];
  readonly projects: readonly SandboxProject[];
  readonly users: readonly UserView[];
  readonly viewer: UserView;
  /** Not deleted, archived included; in compareKeysDesc order of createdAt / updatedAt. */
  readonly byCreatedAt: readonly SandboxIssue[];
  readonly byUpdatedAt: readonly SandboxIssue[];
  readonly issueById: ReadonlyMap<string, SandboxIssue>;
  /** Current and previous identifiers (`MOB-7`), upper-case. */
  readonly issueByIdentifier: ReadonlyMap<string, SandboxIssue>;
  readonly teamByKey: ReadonlyMap<string, SandboxTeam>;
  readonly projectById: ReadonlyMap<string, SandboxProject>;
  readonly statesByTeam: ReadonlyMap<string, readonly StateView[]>;
  readonly relationsFrom: ReadonlyMap<string, readonly RelationView[]>;
  readonly relationsTo: ReadonlyMap<string, readonly RelationView[]>;
  readonly attachments: ReadonlyMap<string, readonly AttachmentView[]>;
  readonly children: ReadonlyMap<string, readonly SandboxIssue[]>;
  readonly labelByName: ReadonlyMap<string, LabelView>;
  /** The program revision the store was built at: a different one needs a reindex. */
  readonly revision: string;
  stateOf(issue: SandboxIssue): StateView;
  stateNamed(teamKey: string, name: string): StateView | null;
  historyOf(issue: SandboxIssue): readonly HistoryView[];
  stateSpansOf(issue: SandboxIssue): readonly StateSpanView[];
}

const RELATION_TYPE = { blocks: 'blocks', relates: 'related', duplicates: 'duplicate' } as const;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export const createdKey = (issue: SandboxIssue): SortKey => ({ ms: issue.createdAt.getTime(), id: issue.id });
export const updatedKey = (issue: SandboxIssue): SortKey => ({ ms: issue.updatedAt.getTime(), id: issue.id });

function buildStates(issues: readonly SandboxIssue[]): Map<string, StateView[]> {
  const seen = new Map<string, Map<string, LinearStateType>>();
  const note = (teamKey: string, name: string, type: LinearStateType, certain: boolean): void => {
    let names = seen.get(teamKey);
    if (!names) seen.set(teamKey, (names = new Map()));
    if (certain || !names.has(name)) names.set(name, type);
  };
  for (const issue of issues) {
    note(issue.teamKey, issue.status, stateTypeFor(issue.status, issue.category), true);
    for (const change of issue.history) note(issue.teamKey, change.to, stateTypeFor(change.to, change.toCategory), true);
  }
  for (const issue of issues) {
    for (const change of issue.history) if (change.from !== null) note(issue.teamKey, change.from, stateTypeFor(change.from, null), false);
  }
  const states = new Map<string, StateView[]>();
  for (const [teamKey, names] of seen) {
    const ordered = [...names].sort(([a, typeA], [b, typeB]) => stateTypeRank(typeA) - stateTypeRank(typeB) || a.localeCompare(b));
    states.set(
      teamKey,
      ordered.map(([name, type], position) => ({ id: stableUuid('state', teamKey, name), name, type, color: stateColor(type), position, teamKey })),
    );
  }
  return states;
}

export function buildLinearStore(program: SandboxProgram): LinearStore {
  const revision = programRevision(program);
  const linearIssues = program.issues.filter((issue) => issue.tracker === 'linear');
  const live = linearIssues.filter((issue) => !issue.deleted);
  const issueById = new Map(live.map((issue) => [issue.id, issue]));
  const issueByIdentifier = new Map<string, SandboxIssue>();
  for (const issue of live) for (const key of issue.previousKeys) issueByIdentifier.set(key.toUpperCase(), issue);
  for (const issue of live) issueByIdentifier.set(issue.key.toUpperCase(), issue);

  const teams = program.teams.filter((team) => team.tracker === 'linear');
  const projects = program.projects.filter((project) => project.tracker === 'linear');
  const statesByTeam = buildStates(linearIssues);

  // A relation lives on the issue that created it (`from`); its target sees it as an inverse relation.
  const relationsFrom = new Map<string, RelationView[]>();
  const relationsTo = new Map<string, RelationView[]>();
  for (const link of program.links) {
    if (!issueById.has(link.fromId) || !issueById.has(link.toId)) continue;
    const relation: RelationView = { id: link.id, type: RELATION_TYPE[link.kind], issueId: link.fromId, relatedIssueId: link.toId, createdAt: link.createdAt };
    push(relationsFrom, link.fromId, relation);
    push(relationsTo, link.toId, relation);
  }

  const attachments = new Map<string, AttachmentView[]>();
  for (const cross of program.crossLinks) {
    const issue = issueById.get(cross.fromId);
    if (!issue) continue;
    const isJira = cross.url.startsWith(program.jiraBaseUrl) || /atlassian\.net|\/browse\//.test(cross.url);
    push(attachments, issue.id, {
      id: cross.id,
      url: cross.url,
      title: cross.title,
      subtitle: cross.kind,
      sourceType: isJira ? 'jira' : 'url',
      issueId: issue.id,
      createdAt: issue.createdAt,
    });
  }

  const children = new Map<string, SandboxIssue[]>();
  for (const issue of live) if (issue.parentId !== null && issueById.has(issue.parentId)) push(children, issue.parentId, issue);

  const labelByName = new Map<string, LabelView>();
  const users = new Map<string, UserView>();
  const earliest = live.reduce((min, issue) => (issue.createdAt < min ? issue.createdAt : min), program.now);
  for (const issue of live) {
    for (const name of issue.labels) if (!labelByName.has(name)) labelByName.set(name, { id: stableUuid('label', name), name, createdAt: earliest });
    if (issue.assignee && !users.has(issue.assignee.id)) users.set(issue.assignee.id, { ...issue.assignee, createdAt: earliest });
  }
  const urlKey = workspaceUrlKey(program.linearWorkspaceUrl);
  const viewer: UserView = { id: stableUuid('viewer', urlKey), name: 'Seams Sandbox', email: `sandbox@${urlKey}.example`, createdAt: earliest };

  const historyCache = new WeakMap<SandboxIssue, { readonly changes: number; readonly views: HistoryView[] }>();
  const stateNamed = (teamKey: string, name: string): StateView | null => statesByTeam.get(teamKey)?.find((state) => state.name === name) ?? null;

  return {
    program,
    urlKey,
    teams,
    projects,
    users: [...users.values()],
    viewer,
    byCreatedAt: [...live].sort((a, b) => compareKeysDesc(createdKey(a), createdKey(b))),
    byUpdatedAt: [...live].sort((a, b) => compareKeysDesc(updatedKey(a), updatedKey(b))),
    issueById,
    issueByIdentifier,
    teamByKey: new Map(teams.map((team) => [team.key, team])),
    projectById: new Map(projects.map((project) => [project.id, project])),
    statesByTeam,
    relationsFrom,
    relationsTo,
    attachments,
    children,
    labelByName,
    revision,
    stateNamed,
    stateOf(issue) {
      const type = stateTypeFor(issue.status, issue.category);
      return stateNamed(issue.teamKey, issue.status) ?? { id: stableUuid('state', issue.teamKey, issue.status), name: issue.status, type, color: stateColor(type), position: 0, teamKey: issue.teamKey };
    },
    historyOf(issue) {
      const cached = historyCache.get(issue);
      if (cached && cached.changes === issue.history.length) return cached.views;
      const views = issue.history.flatMap((change, index) => {
        const entry: HistoryView = {
          id: stableUuid('history', issue.id, String(index)),
          issueId: issue.id,
          createdAt: change.at,
          fromStateName: change.from,
          toStateName: change.to,
        };
        const previous = issue.history[index - 1];
        return previous ? [...editsBetween(issue, index, previous.at, change.at), entry] : [entry];
      });
      historyCache.set(issue, { changes: issue.history.length, views });
      return views;
    },
    stateSpansOf(issue) {
      return issue.history.map((change, index) => ({
        id: stableUuid('state-span', issue.id, String(index)),
        issueId: issue.id,
        stateName: change.to,
        startedAt: change.at,
        endedAt: issue.history[index + 1]?.at ?? null,
      }));
    },
  };
}
