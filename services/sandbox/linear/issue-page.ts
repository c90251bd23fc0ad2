/**
 * `/<workspace>/issue/<IDENT>` of the sandbox Linear: a plain issue page, so the Linear links in
 * the demo's reports and dashboard lead somewhere (a real workspace shows its issue view there).
 */
import type { SandboxProgram } from '../program-model.js';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The page for a request path, or null when the path is not an issue page. */
export function linearIssuePage(program: SandboxProgram, path: string): { readonly status: number; readonly html: string } | null {
  const match = /^\/[^/]+\/issue\/([A-Z][A-Z0-9_]*-\d+)(?:\/[^/]*)?\/?$/.exec(path);
  if (!match) return null;
  const identifier = match[1]!;
  const issue = program.issues.find((i) => i.tracker === 'linear' && i.key === identifier && !i.deleted);
  const title = issue ? `${issue.key}: ${issue.title}` : `${identifier}: not found`;
  const body = issue
    ? `<h1>${escapeHtml(title)}</h1><table>${[
        ['Team', issue.teamKey],
        ['Status', issue.status],
        ['Assignee', issue.assignee?.name ?? 'Unassigned'],
        ['Estimate', issue.estimate === null ? '—' : String(issue.estimate)],
        ['Due', issue.dueDate ?? '—'],
      ]
        .map(([k, v]) => `<tr><th>${escapeHtml(k!)}</th><td>${escapeHtml(v!)}</td></tr>`)
        .join('')}</table>`
    : `<h1>${escapeHtml(title)}</h1><p>This issue does not exist in the sandbox workspace.</p>`;
  return {
    status: issue ? 200 : 404,
    html: `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto">${body}<p style="color:#57606a">Sandbox Linear (Seams demo)</p></body></html>`,
  };
}
