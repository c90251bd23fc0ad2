/**
 * CommentDoc → the markdown Linear's `commentCreate` / `commentUpdate` take as `body`. A mention is
 * the person's Linear profile URL, which Linear renders as a mention of that user. Pure.
 */
import type { CommentDoc, Inline } from './comment-doc.js';

/** Escapes what markdown would otherwise read as formatting in titles, names and keys. */
export function escapeMarkdown(value: string): string {
  return value.replace(/([\\`*_{}[\]()#+!|<>~])/g, '\\$1');
}

function inline(parts: readonly Inline[]): string {
  return parts
    .map((p) => {
      if (p.kind === 'mention') return p.target.linearProfileUrl ?? escapeMarkdown(p.target.name);
      if (p.kind === 'link') return `[${escapeMarkdown(p.text)}](${p.href.replace(/[()\s]/g, encodeURIComponent)})`;
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
