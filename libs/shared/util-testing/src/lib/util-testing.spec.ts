import { utilTesting } from './util-testing';

describe('utilTesting', () => {
  it('should work', () => {
    expect(utilTesting()).toEqual('util-testing');
  });
});
