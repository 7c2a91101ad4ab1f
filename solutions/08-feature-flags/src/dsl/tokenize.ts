/** A token of the targeting DSL with its position (0-based character offset) for error messages. */
export type Token =
  | { kind: 'ident'; name: string; pos: number }
  | { kind: 'keyword'; word: 'and' | 'or' | 'not' | 'in' | 'true' | 'false'; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'op'; op: '==' | '!=' | '>' | '>=' | '<' | '<='; pos: number }
  | { kind: 'punct'; char: '(' | ')' | '[' | ']' | ','; pos: number }
  | { kind: 'end'; pos: number };

export class DslError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(`${message} at position ${pos}`);
  }
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'true', 'false']);
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /-?\d+(\.\d+)?/y;

/** Splits an expression into tokens; never looks at anything but the input characters. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if ('()[],'.includes(c)) {
      tokens.push({ kind: 'punct', char: c as '(' | ')' | '[' | ']' | ',', pos: i });
      i++;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (two === '==' || two === '!=' || two === '>=' || two === '<=') {
      tokens.push({ kind: 'op', op: two, pos: i });
      i += 2;
      continue;
    }
    if (c === '>' || c === '<') {
      tokens.push({ kind: 'op', op: c, pos: i });
      i++;
      continue;
    }
    if (c === '"') {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new DslError('unterminated string', start);
        const ch = source[i] as string;
        if (ch === '"') break;
        if (ch === '\\') {
          const next = source[i + 1];
          if (next === '"' || next === '\\') value += next;
          else if (next === 'n') value += '\n';
          else throw new DslError('unknown escape in string', i);
          i += 2;
          continue;
        }
        value += ch;
        i++;
      }
      tokens.push({ kind: 'string', value, pos: start });
      i++;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(source);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), pos: i });
      i += number[0].length;
      continue;
    }
    IDENT.lastIndex = i;
    const ident = IDENT.exec(source);
    if (ident) {
      const word = ident[0];
      if (KEYWORDS.has(word)) tokens.push({ kind: 'keyword', word: word as 'and', pos: i });
      else tokens.push({ kind: 'ident', name: word, pos: i });
      i += word.length;
      continue;
    }
    throw new DslError(`unexpected character ${JSON.stringify(c)}`, i);
  }
  tokens.push({ kind: 'end', pos: source.length });
  return tokens;
}
