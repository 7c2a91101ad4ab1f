import { EXIT, InternalError, LabError } from '../harness/errors.ts';

/** The one place lab prints an error and picks the exit code (the harness never exits). */
export function handleError(error: unknown, options: { json?: boolean } = {}): number {
  if (error instanceof LabError) {
    if (options.json) {
      console.log(
        JSON.stringify({ error: { kind: error.kind, message: error.message, next: error.options.next ?? null } }),
      );
    } else {
      console.error(`lab: ${error.message}${error.options.next ? `\n  ${error.options.next}` : ''}`);
    }
    return error.exitCode;
  }
  const internal =
    error instanceof InternalError
      ? error
      : new InternalError('UNEXPECTED', error instanceof Error ? error.message : String(error), { cause: error });
  const cause = internal.cause instanceof Error ? internal.cause : undefined;
  if (options.json) {
    console.log(
      JSON.stringify({
        error: { kind: 'internal', code: internal.code, message: internal.message, cause: cause?.message ?? null },
      }),
    );
  } else {
    console.error(
      `lab: internal error ${internal.code}: ${internal.message}${cause ? `\n  caused by: ${cause.message}` : ''}`,
    );
    console.error('  This is a bug in lab, not in your program. Re-run with LAB_DEBUG=1 for the stack, and report it.');
    if (process.env.LAB_DEBUG) console.error(cause?.stack ?? internal.stack);
  }
  return EXIT.internal;
}
