/**
 * Seeded, deterministic generator of the multi-team program the sandbox trackers serve.
 *
 * How the ground truth is constructed (`expected`):
 * - criticalPath: the main chain's open items, in dependency order. Every one has an explicit
 *   estimate (demo 3–8, others 5–13 points); read a duration as estimate × the team's
 *   daysPerPoint working days (the team's history is drawn around that ratio, so history-derived
 *   values land close). Filler work has at most 5 points per item and its blocks links form a
 *   3-layer DAG, so no other path holds more than three open items. The demo has no random
 *   fillers: its launch side work (generate-demo-work.ts) sits on paths of at most three small
 *   items, and business-as-usual work is never linked to launch work. Either way the main chain
 *   is longer by a wide margin (demo: ≈ 81 working days against at most ≈ 25 elsewhere).
 * - targetDate (demo): the main chain's plan end, see planDemoChain in generate-demo-work.ts.
 * - cycles: isolated rings of three `blocks` links, never touching the main chain.
 * - staleIds: live in-progress items not updated for 21+ days; unassignedIds: live open
 *   non-epic items without an assignee (one of them sits on the main chain); both leave out
 *   `placeholderKeys`, issues of a Jira project outside the program (the demo's `SEC-12`).
 * Same seed, size and `now` give a deep-equal program; `now` defaults to today's UTC midnight.
 */
import type {
  SandboxCrossLink,
  SandboxIssue,
  SandboxLink,
  SandboxProgram,
  SandboxProject,
  SandboxTeam,
} from './program-model.js';
import { createPrng, type Prng } from './prng.js';
import { resolveSize, TEAM_CATALOGUE, type ProgramSize, type TeamSpec } from './program-sizes.js';
import { buildDrafts, STALE_AFTER_DAYS } from './generate-items.js';
import type { Draft, Person } from './draft-types.js';
import { planLinks } from './generate-links.js';
import { personName, slugify } from './generate-text.js';

export type { ProgramSize } from './program-sizes.js';

export interface GenerateProgramOptions {
  readonly seed: number;
  readonly size: ProgramSize;
  /** "Today" of the program; histories cover the 26 weeks before it. */
  readonly now?: Date;
  /** e.g. `http://127.0.0.1:4010` — browse URLs in cross links point here. */
  readonly jiraBaseUrl: string;
  /** e.g. `https://linear.app/acme` — issue URLs are `<this>/issue/MOB-7/<slug>`. */
  readonly linearWorkspaceUrl: string;
}

const DAY_MS = 86_400_000;
const PROJECT_THEMES = ['Launch readiness', 'Reliability', 'Growth experiments', 'Platform v2'];

function makePeople(prng: Prng, teams: readonly TeamSpec[], demo: boolean): Person[][] {
  let global = 0;
  return teams.map((team) => {
    const count = demo ? 3 : prng.int(5, 9);
    return Array.from({ length: count }, () => {
      const { name, email } = personName(global++);
      return { id: team.tracker === 'jira' ? `712020:${prng.uuid()}` : prng.uuid(), name, email };
    });
  });
}

interface Identity {
  id: string;
  key: string;
  previousKeys: string[];
}

/** Ids and keys in creation order, as a tracker hands them out; moves take the next key. */
function assignIdentities(prng: Prng, drafts: readonly Draft[], teams: readonly TeamSpec[]): { identities: Identity[]; order: number[] } {
  const order = drafts.map((_, i) => i).sort((a, b) => {
    const diff = (drafts[a] as Draft).timeline.createdAt.getTime() - (drafts[b] as Draft).timeline.createdAt.getTime();
    return diff !== 0 ? diff : a - b;
  });
  const counters = teams.map(() => 0);
  const identities: Identity[] = new Array<Identity>(drafts.length);
  let jiraId = 10_000;
  for (const index of order) {
    const draft = drafts[index] as Draft;
    const team = teams[draft.originTeamIndex] as TeamSpec;
    const number = ++counters[draft.originTeamIndex]!;
    identities[index] = {
      id: draft.tracker === 'jira' ? String(++jiraId) : prng.uuid(),
      key: `${team.key}-${number}`,
      previousKeys: [],
    };
  }
  const moved = order.filter((i) => (drafts[i] as Draft).movedAt !== null);
  moved.sort((a, b) => ((drafts[a] as Draft).movedAt as Date).getTime() - ((drafts[b] as Draft).movedAt as Date).getTime() || a - b);
  for (const index of moved) {
    const draft = drafts[index] as Draft;
    const identity = identities[index] as Identity;
    identity.previousKeys.push(identity.key);
    identity.key = `${(teams[draft.teamIndex] as TeamSpec).key}-${++counters[draft.teamIndex]!}`;
  }
  return { identities, order };
}

function issueUrl(issue: SandboxIssue, jiraBaseUrl: string, linearWorkspaceUrl: string): string {
  return issue.tracker === 'jira'
    ? `${jiraBaseUrl.replace(/\/$/, '')}/browse/${issue.key}`
    : `${linearWorkspaceUrl.replace(/\/$/, '')}/issue/${issue.key}/${slugify(issue.title)}`;
}

export function generateProgram(options: GenerateProgramOptions): SandboxProgram {
  const now = options.now ?? new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
  const root = createPrng(options.seed);
  const spec = resolveSize(options.size);
  const teamSpecs = TEAM_CATALOGUE.slice(0, spec.teamCount).map((t) => ({ ...t, daysPerPoint: t.daysPerPoint * spec.paceScale }));
  const teamPrng = root.fork('teams');
  const teams: SandboxTeam[] = teamSpecs.map((t, i) => ({
    tracker: t.tracker,
    key: t.key,
    id: t.tracker === 'jira' ? String(10_000 + i) : teamPrng.uuid(),
    name: t.name,
    daysPerPoint: t.daysPerPoint,
  }));
  const people = makePeople(root.fork('people'), teamSpecs, spec.demo);

  const projects: SandboxProject[] = [];
  const projectsPerTeam = spec.demo ? 1 : Math.max(1, Math.round(spec.items / teamSpecs.length / 300));
  const linearProjects = teamSpecs.map((team) => {
    if (team.tracker !== 'linear') return [];
    return Array.from({ length: projectsPerTeam }, (_, p) => {
      const project: SandboxProject = { id: teamPrng.uuid(), name: `${team.name}: ${PROJECT_THEMES[p % PROJECT_THEMES.length]}`, tracker: 'linear' };
      projects.push(project);
      return project.id;
    });
  });

  const { drafts, chain, cycles, fixedLinks, waitsOnExternal } = buildDrafts({ prng: root.fork('items'), now, spec, teams: teamSpecs, people, linearProjects });
  const { identities, order } = assignIdentities(root.fork('ids'), drafts, teamSpecs);
  const idOf = (index: number): string => (identities[index] as Identity).id;

  const byDraft: SandboxIssue[] = new Array<SandboxIssue>(drafts.length);
  const issues: SandboxIssue[] = order.map((index) => {
    const draft = drafts[index] as Draft;
    const identity = identities[index] as Identity;
    const team = teamSpecs[draft.teamIndex] as TeamSpec;
    const issue: SandboxIssue = {
      tracker: draft.tracker,
      id: identity.id,
      key: identity.key,
      previousKeys: identity.previousKeys,
      teamKey: team.key,
      title: draft.title,
      description: draft.type === 'Epic' ? `Roadmap epic of the ${team.name} team.` : `${draft.title} — ${team.name} team work item.`,
      type: draft.type,
      status: draft.timeline.status,
      category: draft.timeline.category,
      assignee: draft.assignee,
      estimate: draft.estimate,
      dueDate: draft.dueDate,
      labels: draft.labels,
      parentId: draft.epicIndex === null ? null : idOf(draft.epicIndex),
      projectId: draft.projectId,
      createdAt: draft.timeline.createdAt,
      updatedAt: draft.updatedAt,
      startedAt: draft.timeline.startedAt,
      completedAt: draft.timeline.completedAt,
      deleted: draft.deleted,
      archived: draft.archived,
      history: draft.timeline.history,
    };
    byDraft[index] = issue;
    return issue;
  });

  const linkPrng = root.fork('links');
  const planned = planLinks(linkPrng, drafts, chain, cycles, spec.links, spec.demo ? 0 : Math.max(2, Math.round(spec.links / 200)), fixedLinks);
  const linkTime = (a: number, b: number): Date => {
    const created = Math.max((byDraft[a] as SandboxIssue).createdAt.getTime(), (byDraft[b] as SandboxIssue).createdAt.getTime());
    return new Date(Math.min(now.getTime(), created + linkPrng.int(1, 3 * 24 * 60) * 60_000));
  };
  let jiraLinkId = 30_000;
  const links: SandboxLink[] = planned.links.map((plan) => ({
    id: (drafts[plan.from] as Draft).tracker === 'jira' ? String(++jiraLinkId) : linkPrng.uuid(),
    kind: plan.kind,
    fromId: idOf(plan.from),
    toId: idOf(plan.to),
    createdAt: linkTime(plan.from, plan.to),
  }));
  let remoteLinkId = 50_000;
  const crossLinks: SandboxCrossLink[] = planned.cross.map((plan) => {
    const target = byDraft[plan.to] as SandboxIssue;
    return {
      id: (drafts[plan.from] as Draft).tracker === 'jira' ? String(++remoteLinkId) : linkPrng.uuid(),
      fromId: idOf(plan.from),
      toId: target.id,
      url: issueUrl(target, options.jiraBaseUrl, options.linearWorkspaceUrl),
      title: `${plan.kind} ${target.key}: ${target.title}`,
      kind: plan.kind,
    };
  });

  const placeholderKeys: string[] = [];
  if (waitsOnExternal !== null) {
    const external = externalIssue(byDraft[waitsOnExternal] as SandboxIssue, jiraLinkId, now);
    issues.push(external.issue);
    links.push(external.link);
    placeholderKeys.push(external.issue.key);
  }

  const openChain = chain.filter((i) => (drafts[i] as Draft).timeline.category !== 'done');
  const staleBefore = now.getTime() - STALE_AFTER_DAYS * DAY_MS;
  const ownTeams = new Set(teams.map((t) => t.key));
  const live = issues.filter((i) => !i.deleted && ownTeams.has(i.teamKey));
  return {
    seed: options.seed,
    now,
    jiraBaseUrl: options.jiraBaseUrl,
    linearWorkspaceUrl: options.linearWorkspaceUrl,
    teams,
    projects,
    issues,
    links,
    crossLinks,
    ...(spec.demo ? { targetDate: (drafts[chain[chain.length - 1] as number] as Draft).dueDate as string } : {}),
    expected: {
      criticalPath: openChain.map(idOf),
      mainChain: chain.map(idOf),
      criticalPathWorkingDays: openChain.reduce((sum, i) => {
        const draft = drafts[i] as Draft;
        return sum + (draft.estimate ?? 0) * (teamSpecs[draft.teamIndex] as TeamSpec).daysPerPoint;
      }, 0),
      cycles: cycles.map((ring) => ring.map(idOf)),
      staleIds: live.filter((i) => i.category === 'in_progress' && i.updatedAt.getTime() <= staleBefore).map((i) => i.id),
      unassignedIds: live.filter((i) => i.category !== 'done' && i.type !== 'Epic' && i.assignee === null).map((i) => i.id),
      movedIds: issues.filter((i) => i.previousKeys.length > 0).map((i) => i.id),
      deletedIds: issues.filter((i) => i.deleted).map((i) => i.id),
      placeholderKeys,
    },
  };
}

/**
 * An issue of another department's Jira project (`SEC`, not a team of the program and not
 * synced) that blocks `waiting`: the sync keeps it as a placeholder of unknown status.
 */
function externalIssue(waiting: SandboxIssue, lastLinkId: number, now: Date): { issue: SandboxIssue; link: SandboxLink } {
  const createdAt = new Date(waiting.createdAt.getTime() - 9 * DAY_MS);
  const issue: SandboxIssue = {
    tracker: 'jira',
    id: '19012',
    key: 'SEC-12',
    previousKeys: [],
    teamKey: 'SEC',
    title: 'Security review: card tokenization service',
    description: 'Security team review required before card data flows through the new service.',
    type: 'Task',
    status: 'In Progress',
    category: 'in_progress',
    assignee: null,
    estimate: null,
    dueDate: null,
    labels: [],
    parentId: null,
    projectId: null,
    createdAt,
    updatedAt: new Date(now.getTime() - 2 * DAY_MS),
    startedAt: waiting.createdAt,
    completedAt: null,
    deleted: false,
    archived: false,
    history: [
      { at: createdAt, from: null, to: 'To Do', toCategory: 'todo' },
      { at: waiting.createdAt, from: 'To Do', to: 'In Progress', toCategory: 'in_progress' },
    ],
  };
  return { issue, link: { id: String(lastLinkId + 1), kind: 'blocks', fromId: issue.id, toId: waiting.id, createdAt: waiting.createdAt } };
}

/** URL of an issue in its own tracker (Jira browse URL / Linear issue URL with slug). */
export function sandboxIssueUrl(program: Pick<SandboxProgram, 'jiraBaseUrl' | 'linearWorkspaceUrl'>, issue: SandboxIssue): string {
  return issueUrl(issue, program.jiraBaseUrl, program.linearWorkspaceUrl);
}
