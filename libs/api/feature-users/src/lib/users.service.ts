import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { LIMITS, normalizeUsername, User } from '@chat/shared/contracts';
import { UsersRepository } from '@chat/api/data-access';

/** Bound of the memory of users read (forgotten all at once past it: only costs a query). */
const KNOWN_USERS_MAX = 100_000;

/** Accounts as the rest of the app sees them. */
@Injectable()
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

  /** Creates an account under the normalised username; 409 when taken in any case or width. */
  async create(username: string, passwordHash: string): Promise<User> {
    const user = await this.users.create(normalizeUsername(username), passwordHash);
    if (!user) throw new ConflictException('username is taken');
    return user;
  }

  /** The user, or 404. */
  async get(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundException('user not found');
    return user;
  }

  /** The user, or `null`; from memory when known (see `findMany`). */
  async find(id: string): Promise<User | null> {
    return (await this.findMany([id])).get(id.toLowerCase()) ?? null;
  }

  /**
   * The users among `ids` that exist, by id: from memory when known (a user's id, name and creation time never
   * change and accounts are never deleted, so a user once read stays right), else with one query for the batch.
   */
  async findMany(ids: readonly string[]): Promise<Map<string, User>> {
    const found = new Map<string, User>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const user = this.known.get(id.toLowerCase());
      if (user) found.set(user.id, user);
      else missing.push(id);
    }
    if (missing.length) {
      for (const user of await this.users.findManyByIds(missing)) {
        found.set(user.id, user);
        if (this.known.size >= KNOWN_USERS_MAX) this.known.clear();
        this.known.set(user.id, user);
      }
    }
    return found;
  }

  /** Users read by `findMany`, by id. */
  private readonly known = new Map<string, User>();

  /** Users whose username starts with the prefix (compared in normalised form), never the caller. */
  search(callerId: string, prefix: string, limit: number = LIMITS.userSearchDefault): Promise<User[]> {
    return this.users.searchByPrefix(normalizeUsername(prefix), callerId, limit);
  }

  /** `lastSeenAt` of each listed user (`null`: never seen). */
  lastSeenOf(ids: readonly string[]): Promise<Map<string, Date | null>> {
    return this.users.lastSeenOf(ids);
  }

  setLastSeen(id: string, at: Date): Promise<void> {
    return this.users.setLastSeen(id, at);
  }
}
