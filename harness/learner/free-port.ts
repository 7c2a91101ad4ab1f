import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * The kernel's ephemeral range (Linux: /proc/sys/net/ipv4/ip_local_port_range). A port the OS picks
 * for `listen(0)` comes from it, and so does every outgoing connection's local port: under load
 * (thousands of connections a second), one can take such a port between lab's check and the
 * program's `listen` (EADDRINUSE). Ports lab hands out come from below it.
 */
function ephemeralStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return low && low > 12_000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

const FIRST = 10_000;

const bindable = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });

/**
 * A TCP port free on this machine now, below the ephemeral range (see ephemeralStart), for a learner
 * program's PORT or a container's published port. A tiny race remains until the program binds it.
 */
export async function freePort(): Promise<number> {
  const last = ephemeralStart();
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = FIRST + Math.floor(Math.random() * (last - FIRST));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free TCP port between ${FIRST} and ${last} after 100 tries`);
}
