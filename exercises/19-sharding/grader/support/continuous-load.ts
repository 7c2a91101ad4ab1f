import { type Answer, describeAnswer, getKey, putKey } from './kv-client.ts';
import { sameJson } from './same-json.ts';

/** A problem seen under load: a failed request or a read that did not return the last value written. */
export interface LoadProblem {
  readonly at: number;
  readonly what: string;
}

export interface RunningLoad {
  /** Requests sent so far. */
  readonly sent: () => number;
  readonly problems: LoadProblem[];
  /** The last value the grader wrote for each key (initial values included). */
  readonly written: Map<string, unknown>;
  stop(): Promise<void>;
}

export interface LoadShape {
  /** Concurrent lanes. */
  readonly workers?: number;
  /** Reads per write (1: alternate). A key that is briefly nowhere shows on reads only. */
  readonly readsPerWrite?: number;
}

/**
 * Writes and reads continuously with `workers` lanes; each lane owns its own keys, so every read
 * has one right answer: the value that lane wrote last. `focus` keys (those about to move) get
 * three of every four operations.
 */
export function continuousLoad(
  base: string,
  keys: readonly string[],
  focus: ReadonlySet<string>,
  initial: ReadonlyMap<string, unknown>,
  { workers = 8, readsPerWrite = 1 }: LoadShape = {},
): RunningLoad {
  const written = new Map(initial);
  const problems: LoadProblem[] = [];
  let sent = 0;
  let running = true;
  const started = Date.now();
  const note = (what: string) => {
    if (problems.length < 50) problems.push({ at: Date.now() - started, what });
  };
  const lane = async (w: number) => {
    const owned = keys.filter((_, i) => i % workers === w);
    const hot = owned.filter((k) => focus.has(k));
    const pick = () => {
      const from = hot.length > 0 && Math.random() < 0.75 ? hot : owned;
      return from[Math.floor(Math.random() * from.length)] as string;
    };
    for (let n = 0; running; n++) {
      const key = pick();
      if (n % (readsPerWrite + 1) === 0) {
        const value = { lane: w, n };
        const answer: Answer = await putKey(base, key, value);
        sent++;
        if (answer.status !== 200) note(describeAnswer(`PUT /kv/${key}`, answer));
        else written.set(key, value);
      } else {
        const answer = await getKey(base, key);
        sent++;
        if (answer.status !== 200) note(describeAnswer(`GET /kv/${key}`, answer));
        else if (!sameJson(answer.body.value, written.get(key))) {
          note(
            `GET /kv/${key} returned value ${JSON.stringify(answer.body.value)} from ${answer.body.shard}; the last value written was ${JSON.stringify(written.get(key))}`,
          );
        }
      }
    }
  };
  const lanes = Array.from({ length: workers }, (_, w) => lane(w));
  return {
    sent: () => sent,
    problems,
    written,
    stop: async () => {
      running = false;
      await Promise.all(lanes);
    },
  };
}
