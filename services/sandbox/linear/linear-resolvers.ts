import type { GraphQLFieldResolver } from 'graphql';
import type { SandboxIssue, SandboxProject, SandboxTeam } from '../program-model.js';
import { asInput, stringComparator } from './comparators.js';
import { paginate, paginateList, type PageArgs, type SortKey } from './connection.js';
import { field } from './field-defaults.js';
import { compileIssueFilter, compileProjectFilter, compileTeamFilter } from './issue-filter.js';
import { issueResolvers } from './issue-resolvers.js';
import { entityNotFound, inputError } from './linear-errors.js';
import { stableUuid, titleSlug } from './linear-naming.js';
import { createdKey, updatedKey, type LinearStore, type StateView, type UserView } from './linear-store.js';
import { str, type Args, type FieldResolver, type LinearContext, type ResolverMap } from './resolver-types.js';

// Teams and projects carry no dates in the program: order them by id for stable pages.
const idKey = (item: { readonly id: string }): SortKey => ({ ms: 0, id: item.id });
const stateKey = (state: StateView): SortKey => ({ ms: -state.position, id: state.id });
const userKey = (user: UserView): SortKey => ({ ms: user.createdAt.getTime(), id: user.id });

/**
 * The `issues` connection shared by Query, Team and Project: ordered newest first by
 * `createdAt` (Linear's default) or `updatedAt`, archived issues only with includeArchived.
 */
function listIssues(store: LinearStore, now: Date, args: Args, scope?: (issue: SandboxIssue) => boolean): unknown {
  if (args.sort !== undefined && args.sort !== null) throw inputError('Unsupported argument: sort', 'The Linear sandbox supports orderBy, not sort.');
  const byUpdated = args.orderBy === 'updatedAt';
  const filter = args.filter ? compileIssueFilter(asInput(args.filter), store, now) : null;
  const includeArchived = args.includeArchived === true;
  return paginate(byUpdated ? store.byUpdatedAt : store.byCreatedAt, byUpdated ? updatedKey : createdKey, args as PageArgs, (issue) => {
    if (issue.archived && !includeArchived) return false;
    if (scope && !scope(issue)) return false;
    return filter === null || filter(issue);
  });
}

function findIssue(store: LinearStore, id: string): SandboxIssue {
  const issue = store.issueById.get(id) ?? store.issueByIdentifier.get(id.toUpperCase());
  if (!issue) throw entityNotFound('Issue');
  return issue;
}

function findTeam(store: LinearStore, id: string): SandboxTeam {
  const team = store.teams.find((candidate) => candidate.id === id || candidate.key === id);
  if (!team) throw entityNotFound('Team');
  return team;
}

function organization(store: LinearStore): { id: string; name: string; urlKey: string } {
  return { id: stableUuid('organization', store.urlKey), name: store.urlKey, urlKey: store.urlKey };
}

function statesMatching(store: LinearStore, args: Args): StateView[] {
  const all = [...store.statesByTeam.values()].flat();
  const filter = asInput(args.filter);
  const checks = Object.entries(filter).flatMap(([name, raw]) => {
    if (raw === undefined || raw === null) return [];
    if (name === 'team') {
      const test = compileTeamFilter(asInput(raw));
      return [(state: StateView) => {
        const team = store.teamByKey.get(state.teamKey);
        return team !== undefined && test(team);
      }];
    }
    if (name !== 'name' && name !== 'type' && name !== 'id') throw inputError(`Unsupported filter: ${name}`);
    const test = stringComparator(asInput(raw), name);
    return [(state: StateView) => test(state[name])];
  });
  return all.filter((state) => checks.every((check) => check(state)));
}

const queryResolvers: Readonly<Record<string, FieldResolver>> = {
  issues: (_root: unknown, args: Args, { store, now }: LinearContext) => listIssues(store, now, args),
  issue: (_root: unknown, args: Args, { store }: LinearContext) => findIssue(store, str(args.id) ?? ''),
  teams: (_root: unknown, args: Args, { store }: LinearContext) => {
    const test = args.filter ? compileTeamFilter(asInput(args.filter)) : null;
    return paginateList(store.teams.filter((team) => test === null || test(team)), idKey, args as PageArgs);
  },
  team: (_root: unknown, args: Args, { store }: LinearContext) => findTeam(store, str(args.id) ?? ''),
  projects: (_root: unknown, args: Args, { store }: LinearContext) => {
    const test = args.filter ? compileProjectFilter(asInput(args.filter)) : null;
    return paginateList(store.projects.filter((project) => test === null || test(project)), idKey, args as PageArgs);
  },
  project: (_root: unknown, args: Args, { store }: LinearContext) => {
    const project = store.projectById.get(str(args.id) ?? '');
    if (!project) throw entityNotFound('Project');
    return project;
  },
  users: (_root: unknown, args: Args, { store }: LinearContext) => paginateList([...store.users, store.viewer], userKey, args as PageArgs),
  user: (_root: unknown, args: Args, { store }: LinearContext) => {
    const user = [...store.users, store.viewer].find((candidate) => candidate.id === args.id);
    if (!user) throw entityNotFound('User');
    return user;
  },
  viewer: (_root: unknown, _args: Args, { store }: LinearContext) => store.viewer,
  organization: (_root: unknown, _args: Args, { store }: LinearContext) => organization(store),
  workflowStates: (_root: unknown, args: Args, { store }: LinearContext) => paginateList(statesMatching(store, args), stateKey, args as PageArgs),
  workflowState: (_root: unknown, args: Args, { store }: LinearContext) => {
    const state = [...store.statesByTeam.values()].flat().find((candidate) => candidate.id === args.id);
    if (!state) throw entityNotFound('WorkflowState');
    return state;
  },
};

const resolvers: ResolverMap = {
  ...issueResolvers,
  Query: queryResolvers,
  Team: {
    displayName: (team: SandboxTeam) => team.name,
    timezone: () => 'Etc/UTC',
    organization: (_team: SandboxTeam, _args: Args, { store }: LinearContext) => organization(store),
    states: (team: SandboxTeam, args: Args, { store }: LinearContext) => paginateList(store.statesByTeam.get(team.key) ?? [], stateKey, args as PageArgs),
    issues: (team: SandboxTeam, args: Args, { store, now }: LinearContext) => listIssues(store, now, args, (issue) => issue.teamKey === team.key),
  },
  Project: {
    slugId: (project: SandboxProject) => project.id.replace(/-/g, '').slice(0, 12),
    url: (project: SandboxProject, _args: Args, { store }: LinearContext) =>
      `${store.program.linearWorkspaceUrl.replace(/\/+$/, '')}/project/${titleSlug(project.name)}-${project.id.replace(/-/g, '').slice(0, 12)}`,
    state: () => 'started',
    issues: (project: SandboxProject, args: Args, { store, now }: LinearContext) =>
      listIssues(store, now, args, (issue) => (issue.projectId ?? issue.parentId) === project.id),
    teams: (project: SandboxProject, args: Args, { store }: LinearContext) => {
      const keys = new Set(store.byCreatedAt.filter((issue) => (issue.projectId ?? issue.parentId) === project.id).map((issue) => issue.teamKey));
      return paginateList(store.teams.filter((team) => keys.has(team.key)), idKey, args as PageArgs);
    },
  },
  User: {
    displayName: (user: UserView) => user.email.split('@')[0] ?? user.name,
    active: () => true,
    isMe: (user: UserView, _args: Args, { store }: LinearContext) => user.id === store.viewer.id,
    url: (user: UserView, _args: Args, { store }: LinearContext) => `${store.program.linearWorkspaceUrl.replace(/\/+$/, '')}/profiles/${user.email.split('@')[0] ?? user.id}`,
    organization: (_user: UserView, _args: Args, { store }: LinearContext) => organization(store),
  },
  WorkflowState: {
    team: (state: StateView, _args: Args, { store }: LinearContext) => store.teamByKey.get(state.teamKey) ?? { id: stableUuid('team', state.teamKey), key: state.teamKey, name: state.teamKey },
  },
  IssueLabel: {
    color: () => '#bec2c8',
  },
};

/**
 * One resolver for every field: the sandbox's own resolvers first, then the source object's
 * property, then the field type's zero value (see field-defaults.ts). Dates leave as ISO strings.
 * Root fields the sandbox does not implement are errors.
 */
export function createFieldResolver(epochIso: string, extra: ResolverMap = {}): GraphQLFieldResolver<unknown, LinearContext> {
  return (source, args, context, info) => {
    const own = extra[info.parentType.name]?.[info.fieldName] ?? resolvers[info.parentType.name]?.[info.fieldName];
    // An unimplemented root field must fail loudly: a zero-valued answer would look like real data.
    if (!own && (info.parentType.name === 'Query' || info.parentType.name === 'Mutation')) {
      throw inputError(`Unsupported ${info.parentType.name === 'Query' ? 'query' : 'mutation'}: ${info.fieldName}`, `The Linear sandbox does not implement ${info.parentType.name}.${info.fieldName}.`);
    }
    const value = own ? own(source as never, args, context) : field(source, info.fieldName, info.returnType, epochIso);
    return value instanceof Date ? value.toISOString() : value;
  };
}
