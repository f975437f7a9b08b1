import { median, parseCpuTicks, parseVmRss, percentile, ratePerSecond, summarize } from './stats';

describe('percentile', () => {
  const hundred = Float64Array.from({ length: 100 }, (_, i) => i + 1);

  it('uses the nearest rank', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 99.9)).toBe(100);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 0.5)).toBe(1);
  });

  it('handles tiny and empty samples', () => {
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([7], 99.9)).toBe(7);
    expect(percentile([1, 2], 50)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });

  it('refuses impossible ranks', () => {
    expect(() => percentile(hundred, 0)).toThrow(RangeError);
    expect(() => percentile(hundred, 101)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('sorts numerically and leaves the input alone', () => {
    const samples = [10, 9, 1, 100, 2, 3, 4, 5, 6, 7, 8];
    const copy = [...samples];
    const s = summarize(samples);
    expect(samples).toEqual(copy);
    expect(s.count).toBe(11);
    expect(s.p50).toBe(6);
    expect(s.p99).toBe(100);
    expect(s.max).toBe(100);
    expect(s.mean).toBeCloseTo(155 / 11);
  });

  it('tells the tail of a large sample', () => {
    const samples = Array.from({ length: 10_000 }, (_, i) => (i < 9_900 ? 1 : i < 9_990 ? 5 : 50));
    const s = summarize(samples);
    expect(s.p50).toBe(1);
    expect(s.p99).toBe(1);
    expect(s.p999).toBe(5);
    expect(s.max).toBe(50);
  });

  it('lets lost messages (infinitely late) show in the tail', () => {
    const samples = [...Array.from({ length: 98 }, () => 1), Infinity, Infinity];
    const s = summarize(samples);
    expect(s.p50).toBe(1);
    expect(s.p99).toBe(Infinity);
  });

  it('is NaN for no samples', () => {
    expect(summarize([]).p99).toBeNaN();
  });
});

describe('small helpers', () => {
  it('takes the median of readings', () => {
    expect(median([3, 1, 2])).toBe(2);
  });

  it('turns counts into rates', () => {
    expect(ratePerSecond(500, 250)).toBe(2000);
    expect(ratePerSecond(1, 0)).toBeNaN();
  });

  it('reads CPU ticks from /proc stat, whatever the command name', () => {
    const line = '1234 (node (x) y) S 1 1234 1234 0 -1 4194560 4457 0 0 0 250 50 0 0 20 0 11 0 100 0 0';
    expect(parseCpuTicks(line)).toBe(300);
  });

  it('reads VmRSS from /proc status', () => {
    expect(parseVmRss('Name:\tnode\nVmRSS:\t  123456 kB\nThreads:\t11\n')).toBe(123456 * 1024);
    expect(() => parseVmRss('Name: node\n')).toThrow();
  });
});
