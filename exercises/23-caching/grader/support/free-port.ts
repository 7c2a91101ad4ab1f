import { createServer } from 'node:net';

/** Below the kernel's ephemeral range (32768–60999 here), so no outgoing connection can take the port meanwhile. */
const FIRST = 20_000;
const LAST = 32_000;

const bindable = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/**
 * A port free on 127.0.0.1, outside the ephemeral range. An OS-chosen free port (listen 0) is an
 * ephemeral one: under the thousands of connections these criteria open, an outgoing socket can
 * take it between the check and the program's listen (EADDRINUSE).
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = FIRST + Math.floor(Math.random() * (LAST - FIRST));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port between ${FIRST} and ${LAST} on 127.0.0.1 after 50 tries`);
}
