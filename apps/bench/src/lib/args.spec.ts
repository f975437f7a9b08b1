import { parseArgs } from './args';

describe('parseArgs', () => {
  it('runs everything by default', () => {
    expect(parseArgs([])).toEqual({
      quick: false,
      scenarios: [1, 2, 3, 4, 5],
      out: null,
      profileDir: null,
      keep: false,
      help: false,
    });
  });

  it('reads flags as typed and as Nx forwards them', () => {
    expect(parseArgs(['--quick']).quick).toBe(true);
    expect(parseArgs(['--quick=true']).quick).toBe(true);
    expect(parseArgs(['--quick=false']).quick).toBe(false);
  });

  it('reads scenario lists in both forms, sorted and without repeats', () => {
    expect(parseArgs(['--scenarios=3,1']).scenarios).toEqual([1, 3]);
    expect(parseArgs(['--scenarios', '2,2,5']).scenarios).toEqual([2, 5]);
    expect(() => parseArgs(['--scenarios=6'])).toThrow(/unknown scenario/);
    expect(() => parseArgs(['--scenarios'])).toThrow(/needs a list/);
  });

  it('reads output and profile directories', () => {
    expect(parseArgs(['--out', '/tmp/x']).out).toBe('/tmp/x');
    expect(parseArgs(['--profile']).profileDir).toBe('bench/profiles');
    expect(parseArgs(['--profile=/tmp/p']).profileDir).toBe('/tmp/p');
  });

  it('refuses unknown options and stray words', () => {
    expect(() => parseArgs(['--quik'])).toThrow(/unknown option "--quik"/);
    expect(() => parseArgs(['quick'])).toThrow(/unexpected argument/);
    expect(() => parseArgs(['--quick=yes'])).toThrow(/takes no value/);
  });
});
