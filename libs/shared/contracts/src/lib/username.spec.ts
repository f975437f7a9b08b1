import { LIMITS } from './limits';
import { normalizeUsername, passwordProblem, usernameProblem, utf8ByteLength } from './username';

describe('normalizeUsername', () => {
  it('folds case and Unicode compatibility forms to one name', () => {
    expect(normalizeUsername('Alice')).toBe('alice');
    expect(normalizeUsername('ａｌｉｃｅ')).toBe('alice');
    expect(normalizeUsername('ＡＬＩＣＥ')).toBe('alice');
  });
});

describe('usernameProblem', () => {
  it('accepts names of the allowed alphabet and length', () => {
    expect(usernameProblem('alice')).toBeNull();
    expect(usernameProblem('a.b_c-9')).toBeNull();
    expect(usernameProblem('x'.repeat(LIMITS.usernameMaxLength))).toBeNull();
  });

  it.each([
    ['too short', 'ab'],
    ['too long', 'x'.repeat(LIMITS.usernameMaxLength + 1)],
    ['space', 'al ice'],
    ['zero-width space', 'ali\u200bce'],
    ['zero-width joiner', 'ali\u200dce'],
    ['right-to-left override', '\u202ealice'],
    ['markup', '<b>bob</b>'],
    ['operator-like', '$gt'],
  ])('refuses %s', (_case, name) => {
    expect(usernameProblem(name)).not.toBeNull();
  });
});

describe('passwords', () => {
  it('counts UTF-8 bytes, not characters', () => {
    expect(utf8ByteLength('é')).toBe(2);
    expect(utf8ByteLength('😀')).toBe(4);
  });

  it('refuses passwords over 72 bytes instead of cutting them', () => {
    expect(passwordProblem('a'.repeat(72))).toBeNull();
    expect(passwordProblem('a'.repeat(73))).not.toBeNull();
    expect(passwordProblem('😀'.repeat(19))).not.toBeNull();
    expect(passwordProblem('short')).not.toBeNull();
  });
});
