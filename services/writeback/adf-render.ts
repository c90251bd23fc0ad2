/**
 * CommentDoc → Atlassian Document Format (the body Jira Cloud's REST v3 requires for comments).
 * Rules from the ADF schema: a `text` node must not be empty, a mention needs only `attrs.id`
 * (the accountId; `text` is display), links are a `link` mark on text. Pure.
 */
import type { Block, CommentDoc, Inline } from './comment-doc.js';

export type AdfNode = {
  readonly type: string;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
  readonly marks?: readonly { readonly type: string; readonly attrs?: Readonly<Record<string, unknown>> }[];
  readonly content?: readonly AdfNode[];
};

export interface AdfDocument {
  readonly type: 'doc';
  readonly version: 1;
  readonly content: readonly AdfNode[];
}

function inlineNodes(parts: readonly Inline[]): AdfNode[] {
  const nodes: AdfNode[] = [];
  for (const part of parts) {
    if (part.kind === 'mention') {
      const { jiraAccountId, name } = part.target;
      if (jiraAccountId) nodes.push({ type: 'mention', attrs: { id: jiraAccountId, text: `@${name}` } });
      else if (name !== '') nodes.push({ type: 'text', text: name });
      continue;
    }
    if (part.text === '') continue;
    if (part.kind === 'link') nodes.push({ type: 'text', text: part.text, marks: [{ type: 'link', attrs: { href: part.href } }] });
    else nodes.push(part.strong ? { type: 'text', text: part.text, marks: [{ type: 'strong' }] } : { type: 'text', text: part.text });
  }
  return nodes;
}

/** A paragraph may be empty in ADF (`content` optional); we leave empty ones out entirely. */
function paragraph(parts: readonly Inline[]): AdfNode[] {
  const content = inlineNodes(parts);
  return content.length === 0 ? [] : [{ type: 'paragraph', content }];
}

function block(b: Block): AdfNode[] {
  if (b.kind === 'paragraph') return paragraph(b.content);
  const items = b.items.flatMap((i) => {
    const p = paragraph(i);
    return p.length === 0 ? [] : [{ type: 'listItem', content: p }];
  });
  return items.length === 0 ? [] : [{ type: 'bulletList', content: items }];
}

export function toAdf(doc: CommentDoc): AdfDocument {
  return { type: 'doc', version: 1, content: doc.blocks.flatMap(block) };
}
