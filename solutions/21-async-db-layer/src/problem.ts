/** An error the API answers as problem JSON (RFC 9457) with a stable machine-readable `code`. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'Problem';
  }

  toJSON() {
    return { type: `about:blank#${this.code}`, title: this.message, status: this.status, code: this.code };
  }
}

export const notFound = (what: string) => new Problem(404, 'NOT_FOUND', `${what} not found`);
