/**
 * Open work that should start soon and waits on a blocker that will not be ready in time. Raised
 * only when the waiting item's late start is within the horizon (default 10 working days) and a
 * blocker is not done and is overdue or forecast by Seams' own schedule (P85) to finish after the
 * waiting item must start. A chain of on-time hand-offs raises nothing. Severity follows the
 * waiting item's float and whether the late blocker sits in another team or outside the
 * program's scope; a same-team hand-off stays at most medium, so it never outranks a cross-team
 * one. Placeholders (status unknown, outside the synced trackers) are the external-dependency
 * rule's: one problem, one risk. Identity is the waiting item; the evidence names the blockers.
 */
import type { GraphItem } from '../../graph/graph-types.js';
import type { ItemForecast, RiskContext } from '../risk-context.js';
import { SEVERITY_RANK, type RiskRule, type RiskSignal, type Severity } from '../risk-types.js';
import { signal } from '../rule-helpers.js';

type Problem = 'overdue' | 'late';

interface BlockerState {
  readonly item: GraphItem;
  readonly forecast: ItemForecast;
  readonly problem: Problem | null;
  readonly foreign: boolean;
}

export const blockedRule: RiskRule = {
  id: 'blocked',
  evaluate(ctx: RiskContext): RiskSignal[] {
    const signals: RiskSignal[] = [];
    const minRank = SEVERITY_RANK[ctx.thresholds.blockedMinSeverity];
    const horizon = ctx.thresholds.blockedHorizonDays;
    const asOf = ctx.graph.asOf;
    const targetFloat = Math.max(0, ctx.targetFloatDays ?? 0);
    const { items, schedules, blockerOffsets, blockers } = ctx;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (item.statusCategory !== 'todo' && item.statusCategory !== 'in_progress') continue;
      const schedule = schedules[i]!;
      if (schedule.ls > horizon) continue;
      // The waiting item must start by its late start; a target later than the schedule's finish adds float.
      const needDays = schedule.ls + targetFloat;
      let states: BlockerState[] | null = null;
      let anyProblem = false;
      for (let k = blockerOffsets[i]!; k < blockerOffsets[i + 1]!; k++) {
        const b = blockers[k]!;
        const blocker = items[b]!;
        if (blocker.statusCategory === 'done' || blocker.placeholder || blocker.statusCategory === 'unknown') continue;
        const forecast = ctx.forecastOf(b);
        const problem: Problem | null =
          blocker.dueDate !== null && blocker.dueDate < asOf ? 'overdue' : forecast.p85Days > needDays + 1e-6 ? 'late' : null;
        if (problem !== null) anyProblem = true;
        (states ??= []).push({ item: blocker, forecast, problem, foreign: !blocker.inScope || blocker.team !== item.team });
      }
      if (states === null || !anyProblem) continue;

      const late = states.filter((s) => s.problem !== null);
      const crossTeam = late.some((s) => s.foreign);
      const tight = schedule.critical || schedule.nearCritical;
      const surelyLate = late.some((s) => s.foreign && (s.problem === 'overdue' || s.forecast.p50Days > needDays + 1e-6));
      const severity: Severity = crossTeam
        ? schedule.critical && surelyLate
          ? 'critical'
          : tight
            ? 'high'
            : 'medium'
        : tight
          ? 'medium'
          : 'low';
      if (SEVERITY_RANK[severity] < minRank) continue;

      const impactDays = Math.max(0, Math.round(Math.max(...late.map((s) => s.forecast.p85Days)) - needDays));
      const lateKeys = late.map((s) => s.item.key).join(', ');
      const teams = [...new Set(late.filter((s) => s.foreign).map((s) => s.item.team ?? `the owner of ${s.item.key}`))];
      const describe = (s: BlockerState): string => {
        const team = `${s.item.team ?? 'no team'}${s.item.inScope ? '' : ', outside the program scope'}`;
        if (s.problem === 'overdue') return `${s.item.key} (${team}, ${ctx.by(s.item.dueDate as string)}; Seams forecast P85 ${s.forecast.p85})`;
        if (s.problem === 'late') return `${s.item.key} (${team}, Seams forecast P50 ${s.forecast.p50}, P85 ${s.forecast.p85}: after the late start)`;
        return `${s.item.key} (${team}, on time: Seams forecast P85 ${s.forecast.p85})`;
      };
      const start = schedule.lateStartDate;
      signals.push(
        signal({
          rule: 'blocked',
          severity,
          owner: ctx.ownerOf(item),
          subjectIds: [item.id, ...states.map((s) => s.item.id)],
          identity: { subject: item.id },
          title: `${item.key} is blocked by ${lateKeys}`,
          evidence: {
            text: `${item.key} (${item.statusCategory}, must start ${ctx.by(start)}, ${schedule.slack.toFixed(1)} days float) waits on ${states.map(describe).join('; ')}.`,
            data: {
              blockerIds: states.map((s) => s.item.id),
              lateBlockerIds: late.map((s) => s.item.id),
              blockerTeams: states.map((s) => s.item.team ?? 'external'),
              blockerProblems: late.map((s) => s.problem as string),
              blockerP85: late.map((s) => s.forecast.p85),
              lateStart: start,
              slackDays: schedule.slack,
              critical: schedule.critical,
              crossTeam,
            },
          },
          mitigation:
            crossTeam && SEVERITY_RANK[severity] >= SEVERITY_RANK.high
              ? `Escalate to ${teams.join(', ')}: agree a delivery date for ${lateKeys} ${ctx.before(start)} or remove the dependency.`
              : `Confirm that ${lateKeys} will be done ${ctx.before(start)}, or re-plan ${item.key}.`,
          needBy: start,
          impactDays: tight ? impactDays : 0,
          crossTeam,
        }),
      );
    }
    return signals;
  },
};
