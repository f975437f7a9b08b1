import { Injectable } from '@nestjs/common';
import type { Conversation } from '@chat/shared/contracts';
import { ConversationViewsRepository } from '@chat/api/data-access';

/** Each user's conversation list, from the maintained summaries (one indexed query). */
@Injectable()
export class ConversationsService {
  constructor(private readonly views: ConversationViewsRepository) {}

  list(owner: string): Promise<Conversation[]> {
    return this.views.listFor(owner);
  }

  /** Everyone the user has a conversation with. */
  peersOf(owner: string): Promise<string[]> {
    return this.views.peersOf(owner);
  }
}
