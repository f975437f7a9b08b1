import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { LIMITS, normalizeUsername, User } from '@chat/shared/contracts';
import { UsersRepository } from '@chat/api/data-access';

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

  /** The user, or `null`. */
  find(id: string): Promise<User | null> {
    return this.users.findById(id);
  }

  /** The users among `ids` that exist, by id (one query for a batch). */
  async findMany(ids: readonly string[]): Promise<Map<string, User>> {
    const users = await this.users.findManyByIds([...new Set(ids)]);
    return new Map(users.map((u) => [u.id, u]));
  }

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
