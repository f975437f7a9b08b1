import { UnauthorizedException } from '@nestjs/common';
import { anId } from '@chat/shared/util-testing';
import { RefreshTokensRepository, RefreshTokenState } from '@chat/api/data-access';
import { hashRefreshToken, RefreshTokenService } from './refresh-token.service';

/** An in-memory stand-in with the repository's semantics. */
function fakeRepository() {
  const rows = new Map<
    string,
    { userId: string; familyId: string; used: boolean; revoked: boolean; expiresAt: Date }
  >();
  const repo = {
    rows,
    insert: jest.fn(async (t: { tokenHash: string; userId: string; familyId: string; expiresAt: Date }) => {
      rows.set(t.tokenHash, {
        userId: t.userId,
        familyId: t.familyId,
        used: false,
        revoked: false,
        expiresAt: t.expiresAt,
      });
    }),
    consume: jest.fn(async (hash: string) => {
      const row = rows.get(hash);
      if (!row || row.used || row.revoked || row.expiresAt <= new Date()) return null;
      row.used = true;
      return { userId: row.userId, familyId: row.familyId };
    }),
    find: jest.fn(async (hash: string): Promise<RefreshTokenState | null> => {
      const row = rows.get(hash);
      return row ? { ...row, expired: row.expiresAt <= new Date() } : null;
    }),
    revokeFamily: jest.fn(async (familyId: string) => {
      for (const row of rows.values()) if (row.familyId === familyId) row.revoked = true;
    }),
    revokeAllOfUser: jest.fn(async (userId: string) => {
      for (const row of rows.values()) if (row.userId === userId) row.revoked = true;
    }),
  };
  return repo;
}

describe('RefreshTokenService', () => {
  const config = {
    secret: 'x'.repeat(32),
    secretSource: 'env' as const,
    accessTtlSeconds: 900,
    refreshTtlSeconds: 3600,
    issuer: 'i',
    audience: 'a',
  };
  const userId = anId();
  let repo: ReturnType<typeof fakeRepository>;
  let service: RefreshTokenService;

  beforeEach(() => {
    repo = fakeRepository();
    service = new RefreshTokenService(repo as unknown as RefreshTokensRepository, config);
  });

  it('issues 256 random bits and stores only their SHA-256', async () => {
    const { token, expiresAt } = await service.issue(userId);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(repo.rows.has(token)).toBe(false);
    expect(repo.rows.has(hashRefreshToken(token))).toBe(true);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(3500_000);
  });

  it('rotates: the next token of the same family, the old one spent', async () => {
    const first = await service.issue(userId);
    const second = await service.rotate(first.token);
    expect(second.userId).toBe(userId);
    expect(second.token).not.toBe(first.token);
    const family = repo.rows.get(hashRefreshToken(first.token))?.familyId;
    expect(repo.rows.get(hashRefreshToken(second.token))?.familyId).toBe(family);
    expect(repo.rows.get(hashRefreshToken(first.token))?.used).toBe(true);
  });

  it('revokes the whole family when a used token comes back', async () => {
    const first = await service.issue(userId);
    const second = await service.rotate(first.token);
    await expect(service.rotate(first.token)).rejects.toThrow(UnauthorizedException);
    await expect(service.rotate(second.token)).rejects.toThrow(UnauthorizedException);
    expect(repo.revokeFamily).toHaveBeenCalledTimes(1);
  });

  it('leaves other families alone', async () => {
    const stolen = await service.issue(userId);
    const other = await service.issue(userId);
    await service.rotate(stolen.token);
    await expect(service.rotate(stolen.token)).rejects.toThrow(UnauthorizedException);
    await expect(service.rotate(other.token)).resolves.toMatchObject({ userId });
  });

  it.each([undefined, '', 'short', { $ne: null }, 'x'.repeat(43)])('refuses %p', async (token) => {
    await expect(service.rotate(token)).rejects.toThrow(UnauthorizedException);
  });

  it('honours a token only once the database confirmed it (the look-up is awaited)', async () => {
    const first = await service.issue(userId);
    let answer: (value: null) => void = () => undefined;
    repo.consume.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    let settled = false;
    const rotating = service.rotate(first.token).finally(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    expect(repo.insert).toHaveBeenCalledTimes(1); // no next token yet
    answer(null); // the database says: no live token with this hash
    await expect(rotating).rejects.toThrow(UnauthorizedException);
    expect(repo.insert).toHaveBeenCalledTimes(1);
  });

  it('looks a token up only by the exact SHA-256 of all of it, never by the secret itself', async () => {
    const { token } = await service.issue(userId);
    await service.rotate(token);
    await expect(service.rotate(token.slice(0, 42))).rejects.toThrow(UnauthorizedException);
    const looked = [...repo.consume.mock.calls, ...repo.find.mock.calls].map(([hash]) => hash);
    expect(looked).toContain(hashRefreshToken(token));
    for (const value of looked) {
      expect(value).toMatch(/^[0-9a-f]{64}$/);
      expect(value).not.toContain(token.slice(0, 16));
    }
  });

  it('logout revokes the family; unknown tokens are ignored', async () => {
    const first = await service.issue(userId);
    const second = await service.rotate(first.token);
    await service.revoke(second.token);
    await expect(service.rotate(second.token)).rejects.toThrow(UnauthorizedException);
    await expect(service.revoke('y'.repeat(43))).resolves.toBeUndefined();
    await expect(service.revoke(undefined)).resolves.toBeUndefined();
  });
});
