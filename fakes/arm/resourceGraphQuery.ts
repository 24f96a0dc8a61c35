/**
 * The slice of Kusto (KQL) the fake's Resource Graph understands: a table, then `where` with
 * `=~ == != !~ in in~ startswith endswith` joined by `and` / `or` and parentheses, `project` (with `alias = path`), `union (…)`,
 * `order by`. Anything else is refused with the construct named, so a client that sends a query
 * the fake does not model finds out at once instead of getting a plausible empty answer.
 */

/** A row of a Resource Graph table: nested JSON, read by dotted paths. */
export type Row = Record<string, unknown>;

/** A parsed query, run against tables by name. */
export interface Query {
  run(tables: (name: string) => Row[] | undefined): Row[];
  /** The tables it reads, for the caller to check it serves them. */
  tables: string[];
}

/** Thrown for a query outside the slice; `construct` names what was not understood. */
export class UnsupportedQueryError extends Error {
  constructor(readonly construct: string) {
    super(construct);
  }
}

type Token = { kind: "word" | "string" | "op" | "punct"; text: string };

const TOKEN = /\s*(?:(?<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(?<op>=~|==|!=|!~|in~)|(?<punct>[|(),]|=(?![=~]))|(?<word>[A-Za-z_$][\w$.]*|\d+))/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    if (!match?.groups) throw new UnsupportedQueryError(`the text at "${text.slice(at, at + 20).trim()}"`);
    at = TOKEN.lastIndex;
    const { string, op, punct, word } = match.groups;
    if (string !== undefined) tokens.push({ kind: "string", text: unquote(string) });
    else if (op !== undefined) tokens.push({ kind: "op", text: op });
    else if (punct !== undefined) tokens.push({ kind: "punct", text: punct });
    else tokens.push({ kind: "word", text: word ?? "" });
  }
  return tokens;
}

function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, "$1");
}

type Predicate = (row: Row) => boolean;

/** Parses `text`; throws {@link UnsupportedQueryError} for anything outside the slice. */
export function parseQuery(text: string): Query {
  const tokens = tokenize(text);
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const next = (): Token => {
    const token = tokens[i++];
    if (!token) throw new UnsupportedQueryError("a query that ends too early");
    return token;
  };
  const expect = (text: string): void => {
    const token = next();
    if (token.text.toLowerCase() !== text) throw new UnsupportedQueryError(`"${token.text}" where "${text}" was expected`);
  };
  const tables: string[] = [];

  const query = (): ((lookup: (name: string) => Row[] | undefined) => Row[]) => {
    const source = next();
    if (source.kind !== "word") throw new UnsupportedQueryError(`"${source.text}" where a table name was expected`);
    const table = source.text.toLowerCase();
    tables.push(table);
    const stages: Array<(rows: Row[], lookup: (name: string) => Row[] | undefined) => Row[]> = [];
    while (peek()?.text === "|") {
      next();
      const operator = next().text.toLowerCase();
      if (operator === "where") {
        const test = or();
        stages.push((rows) => rows.filter(test));
      } else if (operator === "project") {
        const fields = [column()];
        while (peek()?.text === ",") {
          next();
          fields.push(column());
        }
        stages.push((rows) => rows.map((row) => Object.fromEntries(fields.map((f) => [f.name, valueAt(row, f.path) ?? null]))));
      } else if (operator === "union") {
        expect("(");
        const inner = query();
        expect(")");
        stages.push((rows, lookup) => [...rows, ...inner(lookup)]);
      } else if (operator === "order") {
        expect("by");
        const field = word();
        const direction = peek()?.text.toLowerCase();
        const descending = direction !== "asc";
        if (direction === "asc" || direction === "desc") next();
        stages.push((rows) => [...rows].sort((a, b) => compare(valueAt(a, field), valueAt(b, field)) * (descending ? -1 : 1)));
      } else {
        throw new UnsupportedQueryError(`the operator "${operator}"`);
      }
    }
    return (lookup) => {
      const rows = lookup(table);
      if (!rows) throw new UnsupportedQueryError(`the table "${table}"`);
      return stages.reduce((current, stage) => stage(current, lookup), rows);
    };
  };

  /** `path` or `alias = path`. */
  const column = (): { name: string; path: string } => {
    const first = word();
    if (peek()?.text !== "=") return { name: first, path: first };
    next();
    return { name: first, path: word() };
  };
  const word = (): string => {
    const token = next();
    if (token.kind !== "word") throw new UnsupportedQueryError(`"${token.text}" where a column was expected`);
    return token.text;
  };

  const or = (): Predicate => {
    const parts = [and()];
    while (peek()?.text.toLowerCase() === "or") {
      next();
      parts.push(and());
    }
    return parts.length === 1 ? (parts[0] as Predicate) : (row) => parts.some((p) => p(row));
  };
  const and = (): Predicate => {
    const parts = [atom()];
    while (peek()?.text.toLowerCase() === "and") {
      next();
      parts.push(atom());
    }
    return parts.length === 1 ? (parts[0] as Predicate) : (row) => parts.every((p) => p(row));
  };
  const atom = (): Predicate => {
    if (peek()?.text === "(") {
      next();
      const inner = or();
      expect(")");
      return inner;
    }
    const field = word();
    const op = next();
    const operator = op.text.toLowerCase();
    if (operator === "in" || operator === "in~") {
      expect("(");
      const values = [literal()];
      while (peek()?.text === ",") {
        next();
        values.push(literal());
      }
      expect(")");
      const fold = operator === "in~";
      const wanted = new Set(values.map((v) => (fold ? v.toLowerCase() : v)));
      return (row) => {
        const value = valueAt(row, field);
        return typeof value === "string" && wanted.has(fold ? value.toLowerCase() : value);
      };
    }
    const value = literal();
    const text = (row: Row): string | undefined => {
      const found = valueAt(row, field);
      return typeof found === "string" ? found : undefined;
    };
    switch (operator) {
      case "=~":
        return (row) => text(row)?.toLowerCase() === value.toLowerCase();
      case "!~":
        return (row) => text(row)?.toLowerCase() !== value.toLowerCase();
      case "==":
        return (row) => text(row) === value;
      case "!=":
        return (row) => text(row) !== value;
      case "startswith":
        return (row) => text(row)?.toLowerCase().startsWith(value.toLowerCase()) ?? false;
      case "endswith":
        return (row) => text(row)?.toLowerCase().endsWith(value.toLowerCase()) ?? false;
      default:
        throw new UnsupportedQueryError(`the comparison "${op.text}"`);
    }
  };
  const literal = (): string => {
    const token = next();
    if (token.kind !== "string") throw new UnsupportedQueryError(`"${token.text}" where a string literal was expected`);
    return token.text;
  };

  const run = query();
  if (i < tokens.length) throw new UnsupportedQueryError(`"${tokens[i]?.text}" after the end of the query`);
  return { run, tables };
}

/** The value at a dotted path: `properties.loginServer` → `row.properties.loginServer`. */
export function valueAt(row: Row, path: string): unknown {
  let current: unknown = row;
  for (const part of path.split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function compare(a: unknown, b: unknown): number {
  return String(a ?? "").localeCompare(String(b ?? ""));
}
