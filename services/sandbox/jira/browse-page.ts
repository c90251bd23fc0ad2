/**
 * `/browse/KEY` of the sandbox site: a plain issue page, so the links in reports and the
 * dashboard lead somewhere during the demo. A real site shows its issue view there.
 */
import { projectOf, type RenderContext } from './jira-render.js';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function browsePage(ctx: RenderContext, key: string): { readonly status: number; readonly html: string } {
  const issue = ctx.index.byIdOrKey(key);
  if (!issue) return { status: 404, html: page(`${key}: not found`, `<p>Issue ${escapeHtml(key)} does not exist or you do not have permission to see it.</p>`) };
  const project = projectOf(ctx, issue);
  const links = ctx.index.linksOf(issue.id).flatMap((link) => {
    const other = ctx.index.issueById(link.fromId === issue.id ? link.toId : link.fromId);
    if (!other) return [];
    const verb = link.kind === 'blocks' ? (link.fromId === issue.id ? 'blocks' : 'is blocked by') : link.kind === 'duplicates' ? 'duplicates' : 'relates to';
    return [`<li>${verb} <a href="${ctx.baseUrl}/browse/${encodeURIComponent(other.key)}">${escapeHtml(other.key)}</a> ${escapeHtml(other.title)} (${escapeHtml(other.status)})</li>`];
  });
  const rows: [string, string][] = [
    ['Project', `${project.name} (${project.key})`],
    ['Type', issue.type],
    ['Status', issue.status],
    ['Assignee', issue.assignee?.name ?? 'Unassigned'],
    ['Estimate', issue.estimate === null ? '—' : String(issue.estimate)],
    ['Due', issue.dueDate ?? '—'],
    ['Updated', issue.updatedAt.toISOString()],
  ];
  const body = [
    `<h1>${escapeHtml(issue.key)}: ${escapeHtml(issue.title)}</h1>`,
    `<table>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`,
    issue.description ? `<p>${escapeHtml(issue.description)}</p>` : '',
    links.length > 0 ? `<h2>Links</h2><ul>${links.join('')}</ul>` : '',
  ].join('\n');
  return { status: 200, html: page(`${issue.key}: ${issue.title}`, body) };
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} (Jira sandbox)</title></head><body>${body}</body></html>`;
}
