import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { RefreshTokensRepository } from '@chat/api/data-access';
import { jwtConfig, JwtConfig } from '@chat/api/util';

export interface IssuedRefreshToken {
  token: string;
  expiresAt: Date;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** SHA-256 of a refresh token: the only form in which it is stored. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Refresh tokens: 256 random bits, stored hashed, rotated on every use. Using a token a second time is taken as
 * theft and revokes its whole family (every token rotated from the same login).
 */
@Injectable()
export class RefreshTokenService {
  constructor(
    private readonly tokens: RefreshTokensRepository,
    @Inject(jwtConfig.KEY) private readonly config: JwtConfig,
  ) {}

  /** A new token, starting a new family unless one is given. */
  async issue(userId: string, familyId: string = randomUUID()): Promise<IssuedRefreshToken> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.refreshTtlSeconds * 1000);
    await this.tokens.insert({ tokenHash: hashRefreshToken(token), userId, familyId, expiresAt });
    return { token, expiresAt };
  }

  /** Trades a token for the next one of its family. */
  async rotate(token: unknown): Promise<{ userId: string } & IssuedRefreshToken> {
    if (typeof token !== 'string' || !TOKEN.test(token)) throw new UnauthorizedException();
    const tokenHash = hashRefreshToken(token);
    const consumed = await this.tokens.consume(tokenHash);
    if (!consumed) {
      const known = await this.tokens.find(tokenHash);
      if (known?.used) await this.tokens.revokeFamily(known.familyId);
      throw new UnauthorizedException();
    }
    const next = await this.issue(consumed.userId, consumed.familyId);
    return { userId: consumed.userId, ...next };
  }

  /** Revokes the token's family (logout of one session); unknown tokens are ignored. */
  async revoke(token: unknown): Promise<void> {
    if (typeof token !== 'string' || !TOKEN.test(token)) return;
    const known = await this.tokens.find(hashRefreshToken(token));
    if (known) await this.tokens.revokeFamily(known.familyId);
  }

  revokeAll(userId: string): Promise<void> {
    return this.tokens.revokeAllOfUser(userId);
  }
}
