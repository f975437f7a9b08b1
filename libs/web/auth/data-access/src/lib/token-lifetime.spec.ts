import { renewalDelayMs } from './token-lifetime';

function jwt(claims: object): string {
  const encode = (value: object) =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}.signature`;
}

describe('renewalDelayMs', () => {
  it('renews a minute before the end of a 15-minute token, whatever the local clock says', () => {
    const issuedLongAgo = 1_000_000;
    expect(renewalDelayMs(jwt({ sub: 'u', iat: issuedLongAgo, exp: issuedLongAgo + 900 }))).toBe(840_000);
  });

  it('renews short-lived tokens a fifth early', () => {
    expect(renewalDelayMs(jwt({ iat: 100, exp: 110 }))).toBe(8_000);
  });

  it('gives up on tokens without a usable expiry', () => {
    expect(renewalDelayMs('not-a-jwt')).toBeNull();
    expect(renewalDelayMs(jwt({ sub: 'u' }))).toBeNull();
    expect(renewalDelayMs('a.%%%.c')).toBeNull();
    expect(renewalDelayMs(jwt({ iat: 100, exp: 90 }))).toBeNull();
  });
});
