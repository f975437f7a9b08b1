import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { PresenceEvent } from '@chat/shared/contracts';
import { ConversationsService } from '@chat/api/feature-messages';
import { BlocksService, UsersService } from '@chat/api/feature-users';
import { ChatNotifier } from '../chat-notifier';
import { PresenceStore } from './presence-store';

/**
 * Online while a user has a socket; `lastSeenAt` stored when the last one closes. Presence goes only to users who
 * share a conversation with the user and did not block them (nor were blocked by them).
 */
@Injectable()
export class PresenceService implements OnModuleInit {
  private readonly logger = new Logger(PresenceService.name);

  constructor(
    private readonly store: PresenceStore,
    private readonly notifier: ChatNotifier,
    private readonly conversations: ConversationsService,
    private readonly blocks: BlocksService,
    private readonly users: UsersService,
  ) {}

  /** Sockets that expired (their instance died) or were restored (Redis lost them) are announced like any other. */
  onModuleInit(): void {
    const report = (work: Promise<void>) => work.catch((error: unknown) => this.logger.error(error));
    this.store.watch({
      expired: (userId) => void report(this.wentOffline(userId)),
      restored: (userId) => void report(this.cameOnline(userId)),
    });
  }

  isOnline(userId: string): Promise<boolean> {
    return this.store.isOnline(userId);
  }

  /** A socket of the user opened: tells their contacts if they just came online, and tells this socket who is. */
  async socketOpened(userId: string, socketId: string): Promise<void> {
    const first = await this.store.add(userId, socketId);
    const contacts = await this.contactsOf(userId);
    if (first) await this.announceOnline(userId, contacts);
    await this.sendSnapshot(socketId, contacts);
  }

  /** A socket of the user closed: when it was the last, stores `lastSeenAt` and tells their contacts. */
  async socketClosed(userId: string, socketId: string): Promise<void> {
    if (await this.store.remove(userId, socketId)) await this.wentOffline(userId);
  }

  /** Two users just started a conversation: each learns the other's presence. */
  async introduce(a: string, b: string): Promise<void> {
    const [online, lastSeen] = await Promise.all([
      this.store.onlineAmong([a, b]),
      this.users.lastSeenOf([a, b]),
    ]);
    const event = (id: string): PresenceEvent => ({
      userId: id,
      online: online.has(id),
      lastSeenAt: lastSeen.get(id)?.toISOString() ?? null,
    });
    this.notifier.toUsers([b], 'presence', event(a));
    this.notifier.toUsers([a], 'presence', event(b));
  }

  /** The user's last socket is gone: stores `lastSeenAt` and tells their contacts, unless a new socket opened. */
  private async wentOffline(userId: string): Promise<void> {
    const at = new Date();
    await this.users.setLastSeen(userId, at);
    if (await this.store.isOnline(userId)) return; // a new socket opened meanwhile
    const contacts = await this.contactsOf(userId);
    this.notifier.toUsers(contacts, 'presence', { userId, online: false, lastSeenAt: at.toISOString() });
  }

  private async cameOnline(userId: string): Promise<void> {
    await this.announceOnline(userId, await this.contactsOf(userId));
  }

  private async announceOnline(userId: string, contacts: string[]): Promise<void> {
    const lastSeen = (await this.users.lastSeenOf([userId])).get(userId) ?? null;
    this.notifier.toUsers(contacts, 'presence', {
      userId,
      online: true,
      lastSeenAt: lastSeen?.toISOString() ?? null,
    });
  }

  /** Everyone who shares a conversation with the user, minus blocks either way. */
  async contactsOf(userId: string): Promise<string[]> {
    const [peers, blocked] = await Promise.all([
      this.conversations.peersOf(userId),
      this.blocks.relatedByBlock(userId),
    ]);
    return peers.filter((peer) => !blocked.has(peer));
  }

  private async sendSnapshot(socketId: string, contacts: string[]): Promise<void> {
    if (!contacts.length) return;
    const [online, lastSeen] = await Promise.all([
      this.store.onlineAmong(contacts),
      this.users.lastSeenOf(contacts),
    ]);
    for (const id of contacts) {
      const seen = lastSeen.get(id) ?? null;
      if (!online.has(id) && !seen) continue;
      this.notifier.toSocket(socketId, 'presence', {
        userId: id,
        online: online.has(id),
        lastSeenAt: seen?.toISOString() ?? null,
      });
    }
  }
}
