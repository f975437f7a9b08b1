/** What a shared store reports about sockets that vanished or came back without a close or an open on this instance. */
export interface PresenceListener {
  /** The user's last socket expired: its instance stopped refreshing it (it died). Told to one instance only. */
  expired(userId: string): void;
  /** A socket of the user was found missing from the store and restored (Redis lost it): the user is back online. */
  restored(userId: string): void;
}

/**
 * Which users have at least one socket, on any instance. `MemoryPresenceStore` for one instance,
 * `RedisPresenceStore` when several share Redis; `ChatModule` picks one.
 */
export abstract class PresenceStore {
  /** Records a socket; `true` when it is the user's first (the user just came online). */
  abstract add(userId: string, socketId: string): Promise<boolean>;
  /** Forgets a socket; `true` when it was the user's last (the user just went offline). */
  abstract remove(userId: string, socketId: string): Promise<boolean>;
  abstract isOnline(userId: string): Promise<boolean>;
  /** The subset of `userIds` that are online. */
  abstract onlineAmong(userIds: readonly string[]): Promise<Set<string>>;
  /** Registers who hears of sockets that expired or were restored (never happens in memory). */
  abstract watch(listener: PresenceListener): void;
}
