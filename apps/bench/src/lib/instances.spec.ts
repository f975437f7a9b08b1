import { instanceUrl } from './instances';

describe('instanceUrl', () => {
  it('sends everyone to the one address without instances', () => {
    expect(instanceUrl({ url: 'http://a' }, 0)).toBe('http://a');
    expect(instanceUrl({ url: 'http://a', instances: [] }, 3)).toBe('http://a');
  });

  it('splits every pair (users 2p and 2p + 1) across two instances', () => {
    const target = { url: 'http://a', instances: ['http://a', 'http://b'] };
    const of = (i: number) => instanceUrl(target, i);
    for (let pair = 0; pair < 50; pair++) {
      expect(of(2 * pair)).toBe('http://a');
      expect(of(2 * pair + 1)).toBe('http://b');
    }
  });
});
