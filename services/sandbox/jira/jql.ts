/**
 * The JQL subset the sandbox understands: what a sync connector sends.
 *   project = A | project in (A, B) | key = K | key in (...) | id = N | id in (...)
 *   updated|created  >= | > | <= | < | =  "yyyy-MM-dd HH:mm" | "yyyy-MM-dd" | epoch-ms
 *   clauses joined by AND, optional parentheses, ORDER BY field [ASC|DESC], ...
 * Anything else is a JqlError, which the server answers with Jira's 400 body.
 */
export class JqlError extends Error {
  override readonly name = 'JqlError';
  constructor(
    message: string,
    readonly jql: string,
  ) {
    super(message);
  }
}

export type JqlClause =
  | { readonly field: 'project' | 'key' | 'id'; readonly values: readonly string[] }
  | { readonly field: 'updated' | 'created'; readonly op: '>=' | '>' | '<=' | '<' | '='; readonly at: number };

export type JqlSortField = 'updated' | 'created' | 'id' | 'key';

export interface JqlQuery {
  readonly clauses: readonly JqlClause[];
  readonly orderBy: readonly { readonly field: JqlSortField; readonly desc: boolean }[];
}

type Token = { readonly kind: 'word' | 'string' | 'op' | 'punct'; readonly text: string };

function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const ch = jql[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '"' || ch === "'") {
      const end = jql.indexOf(ch, i + 1);
      if (end < 0) throw new JqlError(`Error in the JQL Query: The quoted string starting at character ${i} is not terminated.`, jql);
      tokens.push({ kind: 'string', text: jql.slice(i + 1, end) });
      i = end + 1;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: 'punct', text: ch });
      i++;
    } else if (ch === '>' || ch === '<' || ch === '=' || ch === '!') {
      const two = jql.slice(i, i + 2);
      const op = two === '>=' || two === '<=' || two === '!=' ? two : ch;
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    } else {
      const match = /^[A-Za-z0-9_\-.:]+/.exec(jql.slice(i));
      if (!match) throw new JqlError(`Error in the JQL Query: The character '${ch}' is a reserved JQL character.`, jql);
      tokens.push({ kind: 'word', text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

/** Jira reads "yyyy-MM-dd HH:mm" in the user's zone; the sandbox user lives in UTC. */
function parseInstant(text: string, jql: string): number {
  if (/^\d{10,}$/.test(text)) return Number(text);
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[ T](\d{2}):(\d{2}))?$/.exec(text);
  if (!m) {
    throw new JqlError(
      `Date value '${text}' for field 'updated' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
      jql,
    );
  }
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0));
}

const FIELD_ALIASES: Readonly<Record<string, 'project' | 'key' | 'id' | 'updated' | 'created'>> = {
  project: 'project',
  key: 'key',
  issuekey: 'key',
  id: 'id',
  updated: 'updated',
  updateddate: 'updated',
  created: 'created',
  createddate: 'created',
};

export function parseJql(jql: string): JqlQuery {
  const tokens = tokenize(jql);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isWord = (t: Token | undefined, word: string): boolean => t?.kind === 'word' && t.text.toUpperCase() === word;
  const fail = (what: string): never => {
    const at = peek();
    throw new JqlError(`Error in the JQL Query: Expecting ${what} but got '${at?.text ?? '<end>'}'.`, jql);
  };
  const value = (): string => {
    const t = peek();
    if (t?.kind !== 'word' && t?.kind !== 'string') return fail('a value');
    pos++;
    return (t as Token).text;
  };

  const clauses: JqlClause[] = [];
  const parseClause = (): void => {
    if (peek()?.text === '(' && peek()?.kind === 'punct') {
      pos++;
      parseAnd();
      if (peek()?.text !== ')') fail("')'");
      pos++;
      return;
    }
    const fieldToken = peek();
    if (fieldToken?.kind !== 'word') return void fail('a field name');
    const field = FIELD_ALIASES[(fieldToken as Token).text.toLowerCase()];
    if (!field) throw new JqlError(`Field '${(fieldToken as Token).text}' does not exist or you do not have permission to view it.`, jql);
    pos++;
    const opToken = peek();
    if (field === 'updated' || field === 'created') {
      if (opToken?.kind !== 'op' || opToken.text === '!=') return void fail("an operator ('>=', '>', '<=', '<', '=')");
      pos++;
      clauses.push({ field, op: (opToken as Token).text as '>=' | '>' | '<=' | '<' | '=', at: parseInstant(value(), jql) });
      return;
    }
    if (opToken?.kind === 'op' && opToken.text === '=') {
      pos++;
      clauses.push({ field, values: [value()] });
    } else if (isWord(opToken, 'IN')) {
      pos++;
      if (peek()?.text !== '(') fail("'('");
      pos++;
      const values = [value()];
      while (peek()?.text === ',') {
        pos++;
        values.push(value());
      }
      if (peek()?.text !== ')') fail("')'");
      pos++;
      clauses.push({ field, values });
    } else {
      fail(`'=' or 'in' after '${field}'`);
    }
  };
  const parseAnd = (): void => {
    parseClause();
    while (isWord(peek(), 'AND')) {
      pos++;
      parseClause();
    }
  };

  if (pos < tokens.length && !isWord(peek(), 'ORDER')) parseAnd();
  const orderBy: { field: JqlSortField; desc: boolean }[] = [];
  if (isWord(peek(), 'ORDER')) {
    pos++;
    if (!isWord(peek(), 'BY')) fail("'by'");
    pos++;
    do {
      if (orderBy.length > 0) pos++;
      const name = value().toLowerCase();
      const field = name === 'issuekey' ? 'key' : name;
      if (field !== 'updated' && field !== 'created' && field !== 'id' && field !== 'key') {
        throw new JqlError(`Error in the JQL Query: Field '${name}' is not supported for ordering in the sandbox.`, jql);
      }
      let desc = false;
      if (isWord(peek(), 'ASC') || isWord(peek(), 'DESC')) {
        desc = isWord(peek(), 'DESC');
        pos++;
      }
      orderBy.push({ field, desc });
    } while (peek()?.text === ',');
  }
  if (pos < tokens.length) fail("'AND', 'ORDER BY' or the end of the query");
  return { clauses, orderBy };
}
