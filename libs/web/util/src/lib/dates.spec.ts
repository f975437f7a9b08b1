import { dayKey, daysBetween, formatDayLabel, formatLastSeen, formatListTime } from './dates';

const at = (y: number, m: number, d: number, h = 12, min = 0) => new Date(y, m - 1, d, h, min);
const iso = (date: Date) => date.toISOString();

describe('dates', () => {
  const now = at(2025, 3, 12, 15, 30); // a Wednesday

  it('counts calendar days, not 24-hour periods', () => {
    expect(daysBetween(at(2025, 3, 11, 23, 59), at(2025, 3, 12, 0, 1))).toBe(1);
    expect(daysBetween(at(2025, 3, 12, 0, 0), at(2025, 3, 12, 23, 59))).toBe(0);
  });

  it('keys days in local time', () => {
    expect(dayKey(iso(at(2025, 1, 5, 0, 10)))).toBe('2025-01-05');
    expect(dayKey(iso(at(2025, 12, 31, 23, 50)))).toBe('2025-12-31');
  });

  it('labels day separators', () => {
    expect(formatDayLabel(iso(at(2025, 3, 12, 8)), now, 'en-US')).toBe('Today');
    expect(formatDayLabel(iso(at(2025, 3, 11, 8)), now, 'en-US')).toBe('Yesterday');
    expect(formatDayLabel(iso(at(2025, 3, 9, 8)), now, 'en-US')).toBe('Sunday');
    expect(formatDayLabel(iso(at(2025, 2, 1, 8)), now, 'en-US')).toBe('Saturday, February 1');
    expect(formatDayLabel(iso(at(2024, 2, 1, 8)), now, 'en-US')).toBe('February 1, 2024');
  });

  it('formats conversation list times', () => {
    expect(formatListTime(iso(at(2025, 3, 12, 9, 5)), now, 'en-US')).toBe('9:05 AM');
    expect(formatListTime(iso(at(2025, 3, 11, 9, 5)), now, 'en-US')).toBe('Yesterday');
    expect(formatListTime(iso(at(2025, 3, 8, 9, 5)), now, 'en-US')).toBe('Sat');
    expect(formatListTime(iso(at(2025, 1, 2, 9, 5)), now, 'en-US')).toBe('Jan 2');
    expect(formatListTime(iso(at(2023, 1, 2, 9, 5)), now, 'en-US')).toBe('Jan 2, 2023');
  });

  it('describes when someone was last seen', () => {
    expect(formatLastSeen(null, now)).toBe('offline');
    expect(formatLastSeen(iso(at(2025, 3, 12, 15, 29)), now)).toBe('last seen 1 minute ago');
    expect(formatLastSeen(iso(new Date(now.getTime() - 20_000)), now)).toBe('last seen just now');
    expect(formatLastSeen(iso(at(2025, 3, 12, 15, 5)), now)).toBe('last seen 25 minutes ago');
    expect(formatLastSeen(iso(at(2025, 3, 12, 9, 5)), now, 'en-US')).toBe('last seen today at 9:05 AM');
    expect(formatLastSeen(iso(at(2025, 3, 11, 9, 5)), now, 'en-US')).toBe('last seen yesterday at 9:05 AM');
    expect(formatLastSeen(iso(at(2025, 3, 1, 9, 5)), now, 'en-US')).toBe('last seen Mar 1');
  });
});
