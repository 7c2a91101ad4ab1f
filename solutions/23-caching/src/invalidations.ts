import { Redis } from 'ioredis';
import { keys } from './config.ts';

/**
 * The invalidation channel every instance (and every near cache) listens to: one message per
 * changed item id. A subscribed connection can run nothing else, so it has its own client. After
 * a reconnect we may have missed messages, so the listener is told to forget everything.
 */
export function invalidations(redisUrl: string, prefix: string, publisher: Redis) {
  const channel = keys(prefix).invalidations;
  return {
    async publish(ids: readonly string[]): Promise<void> {
      for (const id of ids) await publisher.publish(channel, id);
    },
    async listen(onInvalidate: (id: string) => void, onMaybeMissed: () => void): Promise<Redis> {
      const subscriber = new Redis(redisUrl, { maxRetriesPerRequest: null });
      subscriber.on('error', () => {});
      let connectedBefore = false;
      subscriber.on('ready', () => {
        if (connectedBefore) onMaybeMissed();
        connectedBefore = true;
      });
      subscriber.on('close', onMaybeMissed);
      subscriber.on('message', (from: string, id: string) => {
        if (from === channel) onInvalidate(id);
      });
      await subscriber.subscribe(channel);
      return subscriber;
    },
  };
}
export type Invalidations = ReturnType<typeof invalidations>;
