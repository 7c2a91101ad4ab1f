/** A shard that did not answer in time or refused: the request fails with 503 naming it. */
export class ShardUnavailableError extends Error {
  constructor(
    readonly shard: string,
    reason: string,
  ) {
    super(`shard ${shard} is unavailable (${reason}); keys on other shards are still served — retry later`);
    this.name = 'ShardUnavailableError';
  }
}
