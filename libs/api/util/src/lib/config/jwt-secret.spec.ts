import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JWT_SECRET_FILE, resolveJwtSecret } from './jwt-secret';

describe('resolveJwtSecret', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'jwt-secret-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('uses JWT_SECRET when set, writing nothing', () => {
    const resolved = resolveJwtSecret({
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      JWT_SECRET: 's'.repeat(40),
    });
    expect(resolved).toEqual({ secret: 's'.repeat(40), source: 'env' });
    expect(() => statSync(join(dataDir, JWT_SECRET_FILE))).toThrow();
  });

  it('generates a secret once in development, readable only by its owner, and keeps it', () => {
    const first = resolveJwtSecret({ NODE_ENV: 'development', DATA_DIR: join(dataDir, 'nested') });
    expect(first.source).toBe('generated');
    expect(Buffer.byteLength(first.secret)).toBeGreaterThanOrEqual(32);
    const path = join(dataDir, 'nested', JWT_SECRET_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8').trim()).toBe(first.secret);

    const second = resolveJwtSecret({ NODE_ENV: 'development', DATA_DIR: join(dataDir, 'nested') });
    expect(second).toMatchObject({ secret: first.secret, source: 'file' });
  });

  it('never generates one in production', () => {
    expect(() => resolveJwtSecret({ NODE_ENV: 'production', DATA_DIR: dataDir })).toThrow('JWT_SECRET');
  });

  it('refuses a kept secret that is too short', () => {
    writeFileSync(join(dataDir, JWT_SECRET_FILE), 'short\n');
    expect(() => resolveJwtSecret({ NODE_ENV: 'development', DATA_DIR: dataDir })).toThrow(
      'shorter than 32 bytes',
    );
  });
});
