/** An error with the status and JSON body the client should see. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.error ?? body.message ?? status));
  }
}

export const notFound = (what: string): HttpError =>
  new HttpError(404, { error: `no ${what} with this id in your tenant` });
export const badRequest = (message: string): HttpError => new HttpError(400, { error: message });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are uuids; anything else cannot name a row of yours, so it is a 404, not a 500. */
export function uuidParam(value: string | undefined, what: string): string {
  if (!value || !UUID.test(value)) throw notFound(what);
  return value;
}

export function requireString(body: unknown, field: string, max = 100_000): string {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw badRequest(`${field} must be a non-empty string of at most ${max} characters`);
  }
  return value;
}
