/**
 * CSV exports of the register, decisions, blocked items and the critical path (RFC 4180: CRLF
 * line ends, quotes doubled). Tracker text reaches spreadsheets, so a cell that a spreadsheet
 * would run as a formula (=, +, -, @, tab, CR first) is prefixed with an apostrophe.
 */
import type { DecisionRecord, RiskRecord } from '../register/register-types.js';
import type { BlockedTeamGroup } from './blocked-items.js';
import type { CriticalPathRow } from './tpm-report-view-model.js';

type Cell = string | number | boolean | null;

function cell(value: Cell): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

export function risksCsv(risks: readonly RiskRecord[]): string {
  return toCsv(
    ['id', 'severity', 'status', 'set_aside', 'snooze_until', 'title', 'rule', 'owner', 'mitigation', 'suggested_mitigation', 'need_by', 'teams', 'items', 'waiting_items', 'detected', 'first_seen', 'last_seen'],
    risks.map((r) => [
      r.id, r.severity, r.status, r.setAside, r.snoozeUntil, r.title, r.rule, r.owner, r.mitigation, r.suggestedMitigation, r.needBy,
      r.teams.join('; '), r.subjects.map((s) => s.key).join('; '), r.downstreamItems, r.detected, r.firstSeen, r.lastSeen,
    ]),
  );
}

export function decisionsCsv(decisions: readonly DecisionRecord[]): string {
  return toCsv(
    ['id', 'status', 'question', 'options', 'recommendation', 'decider', 'due', 'risk_ids', 'item_keys', 'outcome', 'decided_at', 'decided_by', 'created_by', 'created_at'],
    decisions.map((d) => [
      d.id, d.status, d.question, d.options.join('; '), d.recommendation, d.decider, d.dueDate, d.riskIds.join('; '), d.itemKeys.join('; '),
      d.outcome, d.decidedAt, d.decidedBy, d.createdBy, d.createdAt,
    ]),
  );
}

export function blockedCsv(groups: readonly BlockedTeamGroup[]): string {
  return toCsv(
    ['team', 'key', 'title', 'owner', 'status', 'critical', 'finish_date', 'blocked_by', 'blocking_teams', 'url'],
    groups.flatMap((g) =>
      g.items.map((b) => [
        g.team, b.item.key, b.item.title, b.item.owner, b.item.status, b.item.critical, b.item.finishDate,
        b.blockers.map((x) => x.key).join('; '), [...new Set(b.blockers.map((x) => x.team ?? 'No team'))].join('; '), b.item.url,
      ]),
    ),
  );
}

export function criticalPathCsv(rows: readonly CriticalPathRow[]): string {
  return toCsv(
    ['position', 'key', 'title', 'team', 'owner', 'status', 'blocked', 'slack_days', 'finish_date', 'url'],
    rows.map((r) => [r.position, r.key, r.title, r.team, r.owner, r.status, r.blocked, r.slack, r.finishDate, r.url]),
  );
}
