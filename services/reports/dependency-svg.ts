/**
 * Draws a GraphLayout as SVG. Styling is in presentation attributes (resvg and mail clients see
 * no stylesheet); classes and data attributes are there for the dashboard's team filter.
 * Every piece of tracker text is XML-escaped here: the result is trusted markup.
 */
import { formatDate } from './report-format.js';
import { NODE_HEIGHT, NODE_WIDTH, type GraphLayout, type GraphNode } from './graph-layout.js';

const TEAM_PALETTE = ['#1f77b4', '#9467bd', '#2ca02c', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#d62728'];
const CRITICAL = '#c62828';
const FONT = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif";

/** Characters XML 1.0 forbids even as references (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  // A tracker title with a control character would make the SVG unparseable (the PNG renderer refuses it).
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** A team keeps one stripe colour in every picture: `teams` is the program's sorted team list. */
function teamColour(teams: readonly string[], team: string): string {
  const index = Math.max(0, teams.indexOf(team));
  return TEAM_PALETTE[index % TEAM_PALETTE.length]!;
}

export interface DependencySvgOptions {
  /** Adds links to the tracker and the hooks the dashboard script uses. */
  readonly interactive: boolean;
  /** Accessible name of the picture. */
  readonly label: string;
}

export function renderDependencySvg(layout: GraphLayout, options: DependencySvgOptions): string {
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  const parts: string[] = [];
  const width = Math.max(layout.width, 200);
  const height = Math.max(layout.height, 80);
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="dependency-graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(options.label)}" font-family="${escapeXml(FONT)}">`,
    '<defs>',
    `<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#8c959f"/></marker>`,
    `<marker id="arrow-critical" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${CRITICAL}"/></marker>`,
    '</defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  );

  // Non-critical edges first so the critical path is drawn on top.
  const edges = [...layout.edges].sort((a, b) => Number(a.critical) - Number(b.critical));
  for (const edge of edges) {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (!from || !to) continue;
    const d = layout.orientation === 'vertical' ? verticalEdge(from, to) : horizontalEdge(from, to);
    const stroke = edge.critical ? `stroke="${CRITICAL}" stroke-width="2.5" marker-end="url(#arrow-critical)"` : 'stroke="#8c959f" stroke-width="1.2" marker-end="url(#arrow)"';
    parts.push(
      `<path class="edge${edge.critical ? ' critical' : ''}" data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}" d="${d}" fill="none" ${stroke}/>`,
    );
  }

  for (const node of layout.nodes) parts.push(renderNode(node, layout.teams, options.interactive));
  for (const entry of layout.legend) {
    parts.push(
      `<g class="legend"><rect x="${entry.x}" y="${entry.y + 8}" width="14" height="10" rx="2" fill="${teamColour(layout.teams, entry.team)}"/>` +
        `<text x="${entry.x + 20}" y="${entry.y + 17}" font-size="11" fill="#1f2328">${escapeXml(truncate(entry.team, 24))}</text></g>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

// Run along the source's row and turn only in the last gap, so a line that spans several
// columns does not look as if it ended at a node it merely passes.
function horizontalEdge(from: GraphNode, to: GraphNode): string {
  const x1 = from.x + NODE_WIDTH;
  const y1 = from.y + NODE_HEIGHT / 2;
  const x2 = to.x;
  const y2 = to.y + NODE_HEIGHT / 2;
  const turnAt = Math.max(x1, x2 - 44);
  const bend = Math.max(12, (x2 - turnAt) / 2);
  return `M${x1},${y1} L${turnAt},${y1} C${turnAt + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
}

// The same rule turned a quarter: down the source's column, turning only in the last gap.
function verticalEdge(from: GraphNode, to: GraphNode): string {
  const x1 = from.x + NODE_WIDTH / 2;
  const y1 = from.y + NODE_HEIGHT;
  const x2 = to.x + NODE_WIDTH / 2;
  const y2 = to.y;
  const turnAt = Math.max(y1, y2 - 30);
  const bend = Math.max(8, (y2 - turnAt) / 2);
  return `M${x1},${y1} L${x1},${turnAt} C${x1},${turnAt + bend} ${x2},${y2 - bend} ${x2},${y2}`;
}

function renderNode(node: GraphNode, teams: readonly string[], interactive: boolean): string {
  const classes = ['node'];
  if (node.onCriticalPath) classes.push('on-path');
  if (node.critical) classes.push('critical');
  if (node.done) classes.push('done');
  if (node.placeholder) classes.push('placeholder');
  const fill = node.onCriticalPath ? '#fdecea' : node.done ? '#eef5ee' : '#f6f8fa';
  const stroke = node.critical || node.onCriticalPath ? CRITICAL : '#8c959f';
  const strokeWidth = node.onCriticalPath ? 2.5 : node.critical ? 1.5 : 1;
  const dash = node.placeholder ? ' stroke-dasharray="4 3"' : '';
  const text = node.done ? '#57606a' : '#1f2328';
  const tooltip = `${node.key}: ${node.title} (${node.team}${node.owner ? `, ${node.owner}` : ''}; finishes ${formatDate(node.finishDate)})`;
  const body = [
    `<title>${escapeXml(tooltip)}</title>`,
    `<rect x="${node.x}" y="${node.y}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="6" fill="${fill}" stroke="${stroke}" stroke-width="${strokeWidth}"${dash}/>`,
    `<rect x="${node.x}" y="${node.y + 4}" width="4" height="${NODE_HEIGHT - 8}" fill="${teamColour(teams, node.team)}"/>`,
    `<text x="${node.x + 10}" y="${node.y + 16}" font-size="12" font-weight="bold" fill="${node.onCriticalPath ? CRITICAL : text}">${escapeXml(node.key)}</text>`,
    `<text x="${node.x + 10}" y="${node.y + 31}" font-size="11" fill="${text}">${escapeXml(truncate(node.title, 24))}</text>`,
    `<text x="${node.x + 10}" y="${node.y + 45}" font-size="10" fill="#57606a">${escapeXml(truncate(`${node.team} · ${formatDate(node.finishDate)}`, 30))}</text>`,
  ].join('');
  const attrs = `class="${classes.join(' ')}" data-id="${escapeXml(node.id)}" data-team="${escapeXml(node.team)}"`;
  if (interactive && node.url) return `<a href="${escapeXml(node.url)}" target="_blank" rel="noopener noreferrer"><g ${attrs}>${body}</g></a>`;
  return `<g ${attrs}>${body}</g>`;
}
