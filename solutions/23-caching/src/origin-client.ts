/** ORIGIN_URL is unset: nothing can be loaded or written through (the service answers 503). */
export class OriginNotConfigured extends Error {
  override readonly name = 'OriginNotConfigured';
  constructor() {
    super('ORIGIN_URL is not set: this instance has no origin to load items from');
  }
}

/**
 * The slow origin. Answers are kept as the exact JSON text the origin sent, so every value
 * (unicode, big integers beyond 2^53, nested objects) round-trips byte for byte through the caches.
 */
export function originClient(baseUrl: string) {
  const itemUrl = (id: string) => {
    if (!baseUrl) throw new OriginNotConfigured();
    return `${baseUrl}/items/${encodeURIComponent(id)}`;
  };
  const textOf = async (res: Response, what: string): Promise<string> => {
    const text = await res.text();
    if (!res.ok) throw new Error(`origin answered ${res.status} to ${what}: ${text.slice(0, 200)}`);
    return text;
  };
  return {
    async get(id: string): Promise<string> {
      return textOf(await fetch(itemUrl(id)), `GET /items/${id}`);
    },
    async put(id: string, bodyText: string): Promise<string> {
      const res = await fetch(itemUrl(id), {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: bodyText,
      });
      return textOf(res, `PUT /items/${id}`);
    },
  };
}
export type OriginClient = ReturnType<typeof originClient>;
