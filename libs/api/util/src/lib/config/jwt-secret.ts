import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Env } from './env.schema';

export const JWT_SECRET_FILE = 'jwt-secret';

export interface ResolvedSecret {
  secret: string;
  /** `env`: from JWT_SECRET; `file`: generated earlier and kept in DATA_DIR; `generated`: created just now. */
  source: 'env' | 'file' | 'generated';
  path?: string;
}

/**
 * The JWT signing secret. Production requires JWT_SECRET (the schema refuses to start without one); elsewhere a
 * missing secret is generated once and kept in DATA_DIR, readable only by its owner, so sessions survive restarts.
 */
export function resolveJwtSecret(env: Pick<Env, 'JWT_SECRET' | 'NODE_ENV' | 'DATA_DIR'>): ResolvedSecret {
  if (env.JWT_SECRET) return { secret: env.JWT_SECRET, source: 'env' };
  if (env.NODE_ENV === 'production') {
    throw new Error('JWT_SECRET is required when NODE_ENV=production');
  }
  const path = resolve(join(env.DATA_DIR, JWT_SECRET_FILE));
  const existing = readSecretFile(path);
  if (existing) return { secret: existing, source: 'file', path };

  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  try {
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return { secret, source: 'generated', path };
  } catch (error) {
    // Another process created it first: use theirs.
    const raced = (error as NodeJS.ErrnoException).code === 'EEXIST' ? readSecretFile(path) : null;
    if (raced) return { secret: raced, source: 'file', path };
    throw error;
  }
}

function readSecretFile(path: string): string | null {
  let content: string;
  try {
    content = readFileSync(path, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (Buffer.byteLength(content, 'utf8') < 32) {
    throw new Error(`${path} holds a JWT secret shorter than 32 bytes; delete it to generate a new one`);
  }
  return content;
}
