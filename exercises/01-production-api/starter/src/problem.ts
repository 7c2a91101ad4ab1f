/** One field that failed validation: a JSON pointer (e.g. /tags/1) and why. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** RFC 9457 problem details: the one shape of every 4xx and 5xx. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly request_id: string;
  readonly errors?: readonly FieldError[];
}

// TODO(R2): build a Problem from any error (validation errors → errors[] with instancePath, and
//           params.missingProperty for a missing field) and send it as application/problem+json.
//           A 500 logs the error and never shows its message or stack to the client.
