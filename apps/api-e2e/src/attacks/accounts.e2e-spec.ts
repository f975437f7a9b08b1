import * as bcrypt from 'bcrypt';
import { registerUser, startTestApp, TestApp } from '../support';

// The real bcrypt, observed: the server's PasswordService calls it through this mock.
jest.mock('bcrypt', () => {
  const actual = jest.requireActual('bcrypt');
  return { ...actual, compare: jest.fn(actual.compare) };
});

/** Requests come through a trusted proxy on loopback, so `X-Forwarded-For` names the client. */
const from = (ip: string) => ({ 'X-Forwarded-For': ip });

/** What a client can see of a response: status, body and whether a session cookie came with it. */
const visible = (res: { status: number; body: unknown; headers: Record<string, unknown> }) => ({
  status: res.status,
  body: res.body,
  cookie: res.headers['set-cookie'] !== undefined,
});

/**
 * Issue 5, cases 5 to 8: accounts cannot be enumerated, brute-forced, impersonated with look-alike names, or opened
 * with a password that only matches in its first 72 bytes. (Plain per-username and per-IP limits: limits.e2e-spec.)
 */
describe('attack: accounts and passwords', () => {
  let app: TestApp;
  const LOGIN_LIMIT = 5;

  beforeAll(async () => {
    app = await startTestApp({ TRUST_PROXY: 'loopback', RATE_LIMIT_LOGIN_PER_MIN: String(LOGIN_LIMIT) });
  });

  afterAll(() => app.close());

  const login = (username: unknown, password: unknown, ip: string) =>
    app.http().post('/api/auth/login').set(from(ip)).send({ username, password });
  const register = (username: string, password: string, ip = '10.9.9.9') =>
    app.http().post('/api/auth/register').set(from(ip)).send({ username, password });

  describe('case 5: username enumeration', () => {
    it('an unknown user and a wrong password look the same: status, body, no cookie', async () => {
      const alice = await registerUser(app, 'enum', from('10.5.0.1'));
      const unknown = await login('nobody_at_all', 'wrong password', '10.5.1.1');
      const wrong = await login(alice.username, 'wrong password', '10.5.1.2');
      expect(visible(unknown)).toEqual(visible(wrong));
      expect(visible(unknown)).toEqual({
        status: 401,
        body: { statusCode: 401, error: 'Unauthorized', message: expect.any(String) },
        cookie: false,
      });
    });

    it('an unknown user costs a bcrypt comparison of the configured cost, like a real one', async () => {
      const compare = bcrypt.compare as unknown as jest.Mock;
      compare.mockClear();
      await login('nobody_at_all', 'wrong password', '10.5.2.1').expect(401);
      expect(compare).toHaveBeenCalledTimes(1);
      const [password, hash] = compare.mock.calls[0] as [string, string];
      expect(password).toBe('wrong password');
      expect(bcrypt.getRounds(hash)).toBe(4); // BCRYPT_COST of the test app
    });

    it('the login limit answers the same for a known and an unknown name', async () => {
      const alice = await registerUser(app, 'enum', from('10.5.3.1'));
      for (const name of [alice.username, 'nobody_either']) {
        for (let i = 0; i < LOGIN_LIMIT; i++) await login(name, 'wrong password', `10.5.4.${i}`).expect(401);
      }
      const known = await login(alice.username, 'wrong password', '10.5.5.1');
      const unknown = await login('nobody_either', 'wrong password', '10.5.5.2');
      expect(visible(known)).toEqual(visible(unknown));
      expect(known.status).toBe(429);
    });
  });

  describe('case 6: brute force', () => {
    it(`a burst of parallel guesses for one name: at most ${LOGIN_LIMIT} are checked, the rest get 429`, async () => {
      const victim = await registerUser(app, 'victim', from('10.6.0.1'));
      const compare = bcrypt.compare as unknown as jest.Mock;
      compare.mockClear();
      const guesses = await Promise.all(
        Array.from({ length: 40 }, (_, i) => login(victim.username, `guess number ${i}`, `10.6.1.${i}`)),
      );
      const statuses = guesses.map((r) => r.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(LOGIN_LIMIT);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(40 - LOGIN_LIMIT);
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
      // Counted before the password is checked: the refused guesses were never compared.
      expect(compare.mock.calls.length).toBeLessThanOrEqual(LOGIN_LIMIT);
      // Even the right password waits out the window; another user is unaffected.
      expect((await login(victim.username, victim.password, '10.6.2.1')).status).toBe(429);
      const other = await registerUser(app, 'other', from('10.6.0.2'));
      expect((await login(other.username, other.password, '10.6.2.1')).status).toBe(200);
    });

    it('case and width variants of a name share its budget', async () => {
      const victim = await registerUser(app, 'variant', from('10.6.3.1'));
      const name = victim.username;
      const fullWidth = [...name]
        .map((c) => (/[a-z0-9]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c))
        .join('');
      const variants = [
        name.toUpperCase(),
        fullWidth,
        name,
        `${name[0].toUpperCase()}${name.slice(1)}`,
        fullWidth,
      ];
      for (const [i, variant] of variants.slice(0, LOGIN_LIMIT).entries()) {
        expect((await login(variant, 'wrong password', `10.6.4.${i}`)).status).toBe(401);
      }
      expect((await login(name, victim.password, '10.6.5.1')).status).toBe(429);
    });

    it('the per-IP budget stops one address spraying many names', async () => {
      for (let i = 0; i < LOGIN_LIMIT; i++) {
        expect((await login(`spray_${i}`, 'wrong password', '10.6.6.6')).status).toBe(401);
      }
      const bystander = await registerUser(app, 'bystander', from('10.6.7.1'));
      expect((await login(bystander.username, bystander.password, '10.6.6.6')).status).toBe(429);
      expect((await login(bystander.username, bystander.password, '10.6.7.7')).status).toBe(200);
    });
  });

  describe('case 7: look-alike usernames', () => {
    it('case and Unicode compatibility forms collide with an existing name (409)', async () => {
      await register('kelvin.fi', 'correct horse').expect(201);
      for (const lookAlike of [
        'Kelvin.fi',
        'KELVIN.FI',
        'ｋｅｌｖｉｎ．ｆｉ', // full-width letters and full stop
        '\u212Aelvin.fi', // KELVIN SIGN
        'kelvin.\uFB01', // the "fi" ligature
        'ᵏelvin.fi', // modifier letter small k
      ]) {
        const res = await register(lookAlike, 'correct horse');
        expect({ lookAlike, status: res.status }).toEqual({ lookAlike, status: 409 });
      }
    });

    it('zero-width, bidi-control and other invisible or foreign characters are refused (400)', async () => {
      const invisible = {
        'ZERO WIDTH SPACE': '\u200B',
        'ZERO WIDTH NON-JOINER': '\u200C',
        'ZERO WIDTH JOINER': '\u200D',
        'WORD JOINER': '\u2060',
        'BYTE ORDER MARK': '\uFEFF',
        'SOFT HYPHEN': '\u00AD',
        'LEFT-TO-RIGHT MARK': '\u200E',
        'RIGHT-TO-LEFT MARK': '\u200F',
        'ARABIC LETTER MARK': '\u061C',
        'RIGHT-TO-LEFT OVERRIDE': '\u202E',
        'LEFT-TO-RIGHT EMBEDDING': '\u202A',
        'POP DIRECTIONAL FORMATTING': '\u202C',
        'RIGHT-TO-LEFT ISOLATE': '\u2067',
        'POP DIRECTIONAL ISOLATE': '\u2069',
        'COMBINING DOT ABOVE': '\u0307',
        'CYRILLIC SMALL A (a homoglyph)': '\u0430',
        'NO-BREAK SPACE': '\u00A0',
        'a NUL byte': '\u0000',
      };
      for (const [name, char] of Object.entries(invisible)) {
        for (const username of [`mal${char}lory`, `${char}mallory`, `mallory${char}`]) {
          const res = await register(username, 'correct horse');
          expect({ name, status: res.status }).toEqual({ name, status: 400 });
        }
      }
      // The plain name was never taken by any of them.
      await register('mallory', 'correct horse').expect(201);
    });

    it('every form signs in to the one account', async () => {
      await register('Look.Alike', 'correct horse').expect(201);
      for (const form of ['look.alike', 'LOOK.ALIKE', 'ｌｏｏｋ．ａｌｉｋｅ']) {
        const res = await login(form, 'correct horse', '10.7.1.1');
        expect({ form, status: res.status, username: res.body.user?.username }).toEqual({
          form,
          status: 200,
          username: 'look.alike',
        });
      }
    });
  });

  describe('case 8: passwords longer than bcrypt reads', () => {
    const seventyTwo = 'p'.repeat(72); // exactly 72 bytes

    it('refuses passwords over 72 bytes at registration, counting bytes, not characters (400)', async () => {
      for (const [name, password] of Object.entries({
        '73 ASCII bytes': 'p'.repeat(73),
        '72 characters, 73 bytes': `${'p'.repeat(71)}é`,
        '19 emoji, 76 bytes': '😀'.repeat(19),
        '36 two-byte characters and one more byte': `${'é'.repeat(36)}x`,
      })) {
        const res = await register(`long_${name.length}_${password.length}`, password);
        expect({ name, status: res.status }).toEqual({ name, status: 400 });
      }
      await register('exactly_72', seventyTwo).expect(201);
      await register('exactly_72_multi', 'é'.repeat(36)).expect(201);
    });

    it('never truncates at login: the first 72 bytes plus more is a 400, not a match', async () => {
      await register('no_truncation', seventyTwo).expect(201);
      for (const extra of ['x', 'é', seventyTwo]) {
        const res = await login('no_truncation', seventyTwo + extra, '10.8.1.1');
        expect({ extra, status: res.status, token: res.body.accessToken }).toEqual({
          extra,
          status: 400,
          token: undefined,
        });
      }
      expect((await login('no_truncation', seventyTwo, '10.8.1.1')).status).toBe(200);
    });
  });
});
