import { DslError, type Token, tokenize } from './tokenize.ts';

/** The syntax tree of an expression. */
export type Expr =
  | { kind: 'or' | 'and'; left: Expr; right: Expr }
  | { kind: 'not'; operand: Expr }
  | { kind: 'cmp'; attribute: string; op: '==' | '!=' | '>' | '>=' | '<' | '<='; value: Scalar }
  | { kind: 'in'; attribute: string; values: Scalar[] };

export type Scalar = string | number | boolean;

export const MAX_EXPRESSION_LENGTH = 4096;
export const MAX_DEPTH = 32;

export type ParseResult = { ok: true; expr: Expr } | { ok: false; error: string; pos: number };

/**
 * Recursive descent, one function per precedence level (or < and < not < comparison). Length and
 * nesting are limited before and during parsing, so hostile input costs at most 4 KB of work.
 */
export function parseExpression(source: string): ParseResult {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    return {
      ok: false,
      error: `expression is longer than ${MAX_EXPRESSION_LENGTH} characters at position ${MAX_EXPRESSION_LENGTH}`,
      pos: MAX_EXPRESSION_LENGTH,
    };
  }
  try {
    const parser = new Parser(tokenize(source));
    const expr = parser.expression(0);
    parser.expectEnd();
    return { ok: true, expr };
  } catch (error) {
    if (error instanceof DslError) return { ok: false, error: error.message, pos: error.pos };
    throw error;
  }
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.at] as Token;
  }
  private next(): Token {
    return this.tokens[this.at++] as Token;
  }
  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === 'keyword' && t.word === word;
  }
  private isPunct(char: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.char === char;
  }
  private expectPunct(char: string): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.char !== char) throw new DslError(`expected "${char}"`, t.pos);
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.kind !== 'end') throw new DslError('unexpected token after the end of the expression', t.pos);
  }

  expression(depth: number): Expr {
    if (depth > MAX_DEPTH) throw new DslError(`nesting deeper than ${MAX_DEPTH} levels`, this.peek().pos);
    let left = this.and(depth);
    while (this.isKeyword('or')) {
      this.next();
      left = { kind: 'or', left, right: this.and(depth) };
    }
    return left;
  }

  private and(depth: number): Expr {
    let left = this.not(depth);
    while (this.isKeyword('and')) {
      this.next();
      left = { kind: 'and', left, right: this.not(depth) };
    }
    return left;
  }

  private not(depth: number): Expr {
    if (this.isKeyword('not')) {
      const t = this.next();
      if (depth + 1 > MAX_DEPTH) throw new DslError(`nesting deeper than ${MAX_DEPTH} levels`, t.pos);
      return { kind: 'not', operand: this.not(depth + 1) };
    }
    return this.comparison(depth);
  }

  private comparison(depth: number): Expr {
    if (this.isPunct('(')) {
      this.next();
      const inner = this.expression(depth + 1);
      this.expectPunct(')');
      return inner;
    }
    const t = this.next();
    if (t.kind !== 'ident') throw new DslError('expected an attribute name or "("', t.pos);
    if (this.isKeyword('in')) {
      this.next();
      return { kind: 'in', attribute: t.name, values: this.list() };
    }
    const op = this.next();
    if (op.kind !== 'op') throw new DslError('expected a comparison (== != > >= < <= in)', op.pos);
    return { kind: 'cmp', attribute: t.name, op: op.op, value: this.scalar() };
  }

  private list(): Scalar[] {
    this.expectPunct('[');
    const values: Scalar[] = [];
    if (this.isPunct(']')) {
      this.next();
      return values;
    }
    for (;;) {
      values.push(this.scalar());
      if (this.isPunct(',')) {
        this.next();
        continue;
      }
      this.expectPunct(']');
      return values;
    }
  }

  private scalar(): Scalar {
    const t = this.next();
    if (t.kind === 'number' || t.kind === 'string') return t.value;
    if (t.kind === 'keyword' && (t.word === 'true' || t.word === 'false')) return t.word === 'true';
    throw new DslError('expected a number, a "string", true or false', t.pos);
  }
}
