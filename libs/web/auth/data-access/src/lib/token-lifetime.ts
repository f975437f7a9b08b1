/**
 * When to renew an access token, from its own claims: the lifetime is `exp - iat` (both the server's clock, so the
 * browser's clock does not matter), renewed a minute early, or a fifth early for short lifetimes.
 * `null` when the token carries no usable expiry.
 */
export function renewalDelayMs(token: string): number | null {
  const claims = decodeClaims(token);
  if (!claims || typeof claims.exp !== 'number') return null;
  const lifetimeMs =
    typeof claims.iat === 'number' ? (claims.exp - claims.iat) * 1000 : claims.exp * 1000 - Date.now();
  if (!(lifetimeMs > 0)) return null;
  return lifetimeMs - Math.min(60_000, lifetimeMs * 0.2);
}

function decodeClaims(token: string): { exp?: unknown; iat?: unknown } | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(payload.length / 4) * 4, '=');
    const claims: unknown = JSON.parse(atob(base64));
    return typeof claims === 'object' && claims !== null ? claims : null;
  } catch {
    return null;
  }
}
