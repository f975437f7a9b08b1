import { Injectable } from '@nestjs/common';
import { PresenceStore } from './presence-store';

/** Presence of this process's sockets: one instance, nothing expires. */
@Injectable()
export class MemoryPresenceStore extends PresenceStore {
  private readonly sockets = new Map<string, Set<string>>();

  async add(userId: string, socketId: string): Promise<boolean> {
    let set = this.sockets.get(userId);
    if (!set) {
      set = new Set();
      this.sockets.set(userId, set);
    }
    const first = set.size === 0;
    set.add(socketId);
    return first;
  }

  async remove(userId: string, socketId: string): Promise<boolean> {
    const set = this.sockets.get(userId);
    if (!set?.delete(socketId)) return false;
    if (set.size > 0) return false;
    this.sockets.delete(userId);
    return true;
  }

  async isOnline(userId: string): Promise<boolean> {
    return (this.sockets.get(userId)?.size ?? 0) > 0;
  }

  async onlineAmong(userIds: readonly string[]): Promise<Set<string>> {
    return new Set(userIds.filter((id) => (this.sockets.get(id)?.size ?? 0) > 0));
  }

  watch(): void {
    // Sockets of this process are always added and removed by it: nothing expires or needs restoring.
  }
}
