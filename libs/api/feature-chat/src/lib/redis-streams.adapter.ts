import type { ServerOptions } from 'socket.io';
import type { RedisConnection } from '@chat/api/util';

/** Injection token of the Socket.IO adapter constructor: Redis streams when `REDIS_URL` is set, else `null`. */
export const CHAT_IO_ADAPTER = Symbol('CHAT_IO_ADAPTER');

export type IoAdapterConstructor = NonNullable<ServerOptions['adapter']>;

/** Where the adapter keeps its stream and channels in Redis. */
export const CHAT_STREAM = 'chat:socket.io';

/**
 * Socket.IO's Redis Streams adapter: every broadcast (to a user's room, `disconnectSockets` for logout-all) reaches
 * the sockets of every instance. It publishes on a fast connection, so while Redis is away a broadcast still reaches
 * this instance's own sockets at once; it reads on patient connections (its `duplicate()`s), which wait for Redis
 * and resume the stream where they stopped. Loaded only when Redis is configured.
 */
export async function redisStreamsAdapter(redis: RedisConnection): Promise<IoAdapterConstructor> {
  const { createAdapter } = await import('@socket.io/redis-streams-adapter');
  const publisher = redis.client('fast');
  publisher.duplicate = () => redis.client('patient');
  return createAdapter(publisher, {
    streamName: CHAT_STREAM,
    channelPrefix: CHAT_STREAM,
    maxLen: 10_000,
    onlyPlaintext: true,
  }) as IoAdapterConstructor;
}
