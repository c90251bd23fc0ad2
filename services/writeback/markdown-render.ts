/**
 * CommentDoc → the markdown Linear's `commentCreate` / `commentUpdate` take as `body`. A mention is
 * the person's Linear profile URL, which Linear renders as a mention of that user. Pure.
 */
import type { CommentDoc, Inline } from './comment-doc.js';

/**
 * Escapes what markdown would read as formatting inside a line (emphasis, code, links, HTML,
 * strikethrough, table cells) in titles, names and keys. Block markers (`#`, `-`, `>` at the
 * start of a line) need no escape: no line of ours starts with outside text.
 */
export function escapeMarkdown(value: string): string {
  return value.replace(/([\\`*_[\]<>~|])/g, '\\$1');
}

/** A link destination may not hold spaces or unbalanced parentheses: percent-encode them. */
function safeHref(href: string): string {
  return href.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function inline(parts: readonly Inline[]): string {
  return parts
    .map((p) => {
      if (p.kind === 'mention') return p.target.linearProfileUrl ?? escapeMarkdown(p.target.name);
      if (p.kind === 'link') return `[${escapeMarkdown(p.text)}](${safeHref(p.href)})`;
      return p.strong ? `**${escapeMarkdown(p.text)}**` : escapeMarkdown(p.text);
    })
    .join('');
}

export function toMarkdown(doc: CommentDoc): string {
  return doc.blocks
    .map((b) => (b.kind === 'paragraph' ? inline(b.content) : b.items.map((i) => `- ${inline(i)}`).join('\n')))
    .filter((s) => s.trim() !== '')
    .join('\n\n');
}
