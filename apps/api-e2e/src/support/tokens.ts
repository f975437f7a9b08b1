import { JwtService } from '@nestjs/jwt';

/** Signs access tokens the way the server does, or with one thing changed, to probe its verifier. */
export function forgeToken(
  secret: string,
  userId: string,
  overrides: {
    ver?: number;
    expiresInSeconds?: number;
    issuer?: string;
    audience?: string;
    algorithm?: 'HS256' | 'HS384' | 'HS512';
  } = {},
): string {
  const now = Math.floor(Date.now() / 1000);
  return new JwtService().sign(
    { ver: overrides.ver ?? 0, exp: now + (overrides.expiresInSeconds ?? 900) },
    {
      secret,
      subject: userId,
      issuer: overrides.issuer ?? 'chat-api',
      audience: overrides.audience ?? 'chat',
      algorithm: overrides.algorithm ?? 'HS256',
    },
  );
}

/** An unsigned token (`alg: none`) claiming to be the user. */
export function unsignedToken(userId: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: userId, ver: 0, iss: 'chat-api', aud: 'chat', iat: now, exp: now + 900 })}.`;
}
