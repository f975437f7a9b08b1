import { LIMITS } from './limits';

/** Allowed characters of a username once normalised. */
export const USERNAME_PATTERN = /^[a-z0-9_.-]+$/;

/**
 * The canonical form of a username: Unicode NFKC, then lower case. Uniqueness and look-ups use this form, so
 * `Alice`, `alice` and full-width `ａｌｉｃｅ` are the same name.
 */
export function normalizeUsername(raw: string): string {
  return raw.normalize('NFKC').toLowerCase();
}

/** Why a username is refused, or `null` when it is acceptable. Checks the normalised form. */
export function usernameProblem(raw: string): string | null {
  const name = normalizeUsername(raw);
  if (name.length < LIMITS.usernameMinLength || name.length > LIMITS.usernameMaxLength) {
    return `username must be ${LIMITS.usernameMinLength} to ${LIMITS.usernameMaxLength} characters`;
  }
  if (!USERNAME_PATTERN.test(name)) {
    return 'username may contain only letters a-z, digits and _ . -';
  }
  return null;
}

/** Length of a string in UTF-8 bytes (what bcrypt sees). */
export function utf8ByteLength(value: string): number {
  return new TextEncoder().encode(value).length;
}

/** Why a password is refused, or `null` when it is acceptable. */
export function passwordProblem(password: string): string | null {
  const bytes = utf8ByteLength(password);
  if (bytes < LIMITS.passwordMinBytes) return `password must be at least ${LIMITS.passwordMinBytes} bytes`;
  if (bytes > LIMITS.passwordMaxBytes) return `password must be at most ${LIMITS.passwordMaxBytes} bytes in UTF-8`;
  return null;
}
