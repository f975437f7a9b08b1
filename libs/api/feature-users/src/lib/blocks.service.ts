import { BadRequestException, Injectable } from '@nestjs/common';
import type { User } from '@chat/shared/contracts';
import { BlocksRepository, UsersRepository } from '@chat/api/data-access';
import { DomainEventBus, UserBlockedEvent, UserUnblockedEvent } from '@chat/api/util';
import { UsersService } from './users.service';

/** Blocks between users: a block refuses messages both ways and hides presence and typing. */
@Injectable()
export class BlocksService {
  constructor(
    private readonly blocks: BlocksRepository,
    private readonly usersRepository: UsersRepository,
    private readonly users: UsersService,
    private readonly events: DomainEventBus,
  ) {}

  /** The users `blocker` blocked, oldest block first. */
  async list(blocker: string): Promise<User[]> {
    const ids = await this.blocks.blockedBy(blocker);
    const users = await this.usersRepository.findManyByIds(ids);
    const byId = new Map(users.map((u) => [u.id, u]));
    return ids.map((id) => byId.get(id)).filter((u): u is User => u !== undefined);
  }

  /** Blocks a user (idempotent); 404 for an unknown user, 400 for oneself. */
  async block(blocker: string, blocked: string): Promise<void> {
    if (blocker === blocked) throw new BadRequestException('you cannot block yourself');
    await this.users.get(blocked);
    if (await this.blocks.block(blocker, blocked)) {
      this.events.publish('user.blocked', new UserBlockedEvent(blocker, blocked, new Date()));
    }
  }

  /** Lifts a block (idempotent). */
  async unblock(blocker: string, blocked: string): Promise<void> {
    if (await this.blocks.unblock(blocker, blocked)) {
      this.events.publish('user.unblocked', new UserUnblockedEvent(blocker, blocked, new Date()));
    }
  }

  /** Whether either of the two blocked the other. */
  eitherBlocked(a: string, b: string): Promise<boolean> {
    return this.blocks.eitherBlocked(a, b);
  }

  /** Which of the pairs have a block either way, as `pairKey(a, b)` (one query for a batch). */
  blockedPairs(pairs: ReadonlyArray<readonly [string, string]>): Promise<Set<string>> {
    return this.blocks.blockedPairs(pairs);
  }

  /** Everyone `userId` blocked or was blocked by. */
  relatedByBlock(userId: string): Promise<Set<string>> {
    return this.blocks.relatedByBlock(userId);
  }
}
