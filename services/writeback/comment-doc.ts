/**
 * A tracker-neutral comment: paragraphs and bullet lists of text, links and mentions. Jira gets it
 * as an ADF document (adf-render.ts), Linear as markdown (markdown-render.ts). Pure.
 */

/** Who to mention, as each tracker identifies people; null where the tracker's id is unknown. */
export interface MentionTarget {
  readonly name: string;
  /** Jira Cloud accountId: an ADF mention needs only this. */
  readonly jiraAccountId: string | null;
  /** Linear profile URL (`User.url`): Linear turns it into a mention in a markdown body. */
  readonly linearProfileUrl: string | null;
}

export type Inline =
  | { readonly kind: 'text'; readonly text: string; readonly strong?: boolean }
  | { readonly kind: 'link'; readonly text: string; readonly href: string }
  | { readonly kind: 'mention'; readonly target: MentionTarget };

export type Block =
  | { readonly kind: 'paragraph'; readonly content: readonly Inline[] }
  | { readonly kind: 'bullets'; readonly items: readonly (readonly Inline[])[] };

export interface CommentDoc {
  readonly blocks: readonly Block[];
}

export const text = (value: string, strong = false): Inline => (strong ? { kind: 'text', text: value, strong } : { kind: 'text', text: value });
export const link = (value: string, href: string): Inline => ({ kind: 'link', text: value, href });

/** The doc as plain text (logs, dry-run listings, tests). */
export function plainText(doc: CommentDoc): string {
  const inline = (parts: readonly Inline[]): string =>
    parts.map((p) => (p.kind === 'mention' ? `@${p.target.name}` : p.text)).join('');
  return doc.blocks
    .map((b) => (b.kind === 'paragraph' ? inline(b.content) : b.items.map((i) => `- ${inline(i)}`).join('\n')))
    .join('\n');
}
