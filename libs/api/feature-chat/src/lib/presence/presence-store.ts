/**
 * Which users have at least one socket. In memory for one instance; a multi-instance deployment provides a shared
 * implementation (e.g. Redis) under this same token.
 */
export abstract class PresenceStore {
  /** Records a socket; `true` when it is the user's first (the user just came online). */
  abstract add(userId: string, socketId: string): Promise<boolean>;
  /** Forgets a socket; `true` when it was the user's last (the user just went offline). */
  abstract remove(userId: string, socketId: string): Promise<boolean>;
  abstract isOnline(userId: string): Promise<boolean>;
  /** The subset of `userIds` that are online. */
  abstract onlineAmong(userIds: readonly string[]): Promise<Set<string>>;
}
