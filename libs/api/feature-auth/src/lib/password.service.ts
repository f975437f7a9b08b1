import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
import { randomBytes } from 'node:crypto';
import { authConfig, AuthConfig } from '@chat/api/util';
import { BcryptSlots } from './bcrypt-slots';

/**
 * Password hashing with native bcrypt, always asynchronous (the event loop never waits on a hash), and never more
 * hashes at once than leave a core to the event loop (`BcryptSlots`).
 */
@Injectable()
export class PasswordService implements OnModuleInit {
  private dummyHash?: Promise<string>;
  private readonly slots = new BcryptSlots();

  constructor(@Inject(authConfig.KEY) private readonly config: AuthConfig) {}

  onModuleInit(): void {
    this.dummy().catch(() => undefined);
  }

  hash(password: string): Promise<string> {
    return this.slots.run(() => bcrypt.hash(password, this.config.bcryptCost));
  }

  /**
   * Whether `password` matches `hash`. With no hash (unknown user) it still spends a comparison against a dummy hash
   * of the same cost, so neither the answer nor its timing tells whether the user exists.
   */
  async verify(password: string, hash: string | null): Promise<boolean> {
    if (hash === null) {
      const dummy = await this.dummy();
      await this.slots.run(() => bcrypt.compare(password, dummy));
      return false;
    }
    return this.slots.run(() => bcrypt.compare(password, hash));
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= bcrypt.hash(randomBytes(32).toString('base64'), this.config.bcryptCost);
    return this.dummyHash;
  }
}
