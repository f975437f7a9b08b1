import { LIMITS, usernameProblem } from '@chat/shared/contracts';
import { aClientMsgId, aMessage, anId, aUsername } from './factories';

describe('factories', () => {
  it('makes ids shaped like ObjectIds, all different', () => {
    const ids = new Set(Array.from({ length: 100 }, anId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{24}$/);
  });

  it('makes usernames and client ids that the contract accepts', () => {
    for (let i = 0; i < 50; i++) {
      expect(usernameProblem(aUsername('someone'))).toBeNull();
      const cmid = aClientMsgId();
      expect(cmid.length).toBeGreaterThanOrEqual(LIMITS.clientMsgIdMinLength);
      expect(cmid.length).toBeLessThanOrEqual(LIMITS.clientMsgIdMaxLength);
    }
  });

  it('lets a test override any field', () => {
    expect(aMessage({ text: 'x' }).text).toBe('x');
  });
});
