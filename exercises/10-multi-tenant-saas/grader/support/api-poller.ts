import type { SaasClient } from './http-client.ts';

/** Calls one route every `everyMs` until stopped, counting answers: "the API keeps serving". */
export function pollApi(api: SaasClient, path: string, token: string, everyMs = 100) {
  const seen = { ok: 0, failed: [] as string[] };
  let running = true;
  const loop = (async () => {
    while (running) {
      const res = await api
        .get(path, { token, timeoutMs: 15_000 })
        .catch((error: Error) => ({ status: 0, shown: `GET ${path} → ${error.message}` }));
      if (res.status === 200) seen.ok++;
      else seen.failed.push(res.shown);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return seen;
    },
  };
}
