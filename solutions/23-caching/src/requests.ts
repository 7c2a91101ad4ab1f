/** A request the service refuses with 400: the message says what was wrong and what is expected. */
export class BadRequest extends Error {
  override readonly name = 'BadRequest';
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest('the body is not JSON');
  }
};

const isId = (id: unknown): id is string => typeof id === 'string' && id.length > 0 && id.length <= 200;

/** POST /invalidate: the origin's change notification, 1 to 1000 item ids. */
export function parseInvalidate(text: string): string[] {
  const body = parseJson(text);
  const ids = typeof body === 'object' && body !== null ? (body as { ids?: unknown }).ids : undefined;
  if (!Array.isArray(ids) || !ids.every(isId)) {
    throw new BadRequest('body must be {"ids": ["<item id>", …]}: strings of 1 to 200 characters');
  }
  if (ids.length === 0 || ids.length > 1000) throw new BadRequest(`send 1–1000 ids at once, not ${ids.length}`);
  return ids;
}

/** PUT /items/:id: a JSON object ({value}); its text is passed to the origin untouched. */
export function checkPutBody(text: string): string {
  const body = parseJson(text);
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('value' in body)) {
    throw new BadRequest('body must be a JSON object {"value": …}');
  }
  return text;
}

/** The :id of /items/:id, decoded; a broken %-escape is the client's mistake, not ours. */
export function itemId(raw: string): string {
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    throw new BadRequest(`item id ${raw.slice(0, 50)} is not a valid URL-encoded string`);
  }
  if (id.length > 200) throw new BadRequest('an item id has at most 200 characters');
  return id;
}
