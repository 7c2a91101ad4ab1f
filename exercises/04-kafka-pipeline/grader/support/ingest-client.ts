/** One answer of POST /events, with what was sent, for failure messages. */
export interface IngestAnswer {
  readonly sent: unknown;
  readonly status: number;
  readonly body: unknown;
}

/** Posts one body (an object, or raw text) to POST /events of the ingest instance at `url`. */
export async function postEvent(url: string, body: unknown): Promise<IngestAnswer> {
  try {
    const response = await fetch(`${url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // keep the text: the failure message shows it
    }
    return { sent: body, status: response.status, body: parsed };
  } catch (error) {
    return { sent: body, status: 0, body: `no answer: ${(error as Error).message}` };
  }
}

/** Posts every body, `concurrency` at a time; answers in the order of `bodies`. */
export async function postAll(url: string, bodies: readonly unknown[], concurrency = 16): Promise<IngestAnswer[]> {
  const answers: IngestAnswer[] = new Array(bodies.length);
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const index = next++;
      answers[index] = await postEvent(url, bodies[index]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return answers;
}

export const show = (answer: IngestAnswer): string =>
  `POST /events ${JSON.stringify(answer.sent)} → ${answer.status} ${JSON.stringify(answer.body)}`;
