/** Formatting of message times for people: local time zone, the browser's locale (overridable for tests). */

const DAY_MS = 24 * 60 * 60 * 1000;

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** Whole calendar days between two instants in local time (0 = same day, 1 = `date` was yesterday). */
export function daysBetween(date: Date, now: Date): number {
  return Math.round((startOfDay(now) - startOfDay(date)) / DAY_MS);
}

/** A local calendar day, `YYYY-MM-DD`, to group messages by. */
export function dayKey(iso: string): string {
  const date = new Date(iso);
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

/** `14:05` (or `2:05 PM`, following the locale). */
export function formatClock(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** The label of a day separator: Today, Yesterday, a weekday within the week, else a date. */
export function formatDayLabel(iso: string, now: Date = new Date(), locale?: string): string {
  const date = new Date(iso);
  const days = daysBetween(date, now);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days > 1 && days < 7) return new Intl.DateTimeFormat(locale, { weekday: 'long' }).format(date);
  const sameYear = date.getFullYear() === now.getFullYear();
  return new Intl.DateTimeFormat(locale, {
    weekday: sameYear ? 'long' : undefined,
    month: 'long',
    day: 'numeric',
    year: sameYear ? undefined : 'numeric',
  }).format(date);
}

/** The short time of a conversation list entry: a clock today, else Yesterday, a weekday or a short date. */
export function formatListTime(iso: string, now: Date = new Date(), locale?: string): string {
  const date = new Date(iso);
  const days = daysBetween(date, now);
  if (days <= 0) return formatClock(iso, locale);
  if (days === 1) return 'Yesterday';
  if (days < 7) return new Intl.DateTimeFormat(locale, { weekday: 'short' }).format(date);
  const sameYear = date.getFullYear() === now.getFullYear();
  return new Intl.DateTimeFormat(locale, {
    month: 'short',
    day: 'numeric',
    year: sameYear ? undefined : 'numeric',
  }).format(date);
}

/** A full date and time for tooltips and screen readers. */
export function formatFullDate(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso));
}

/** Presence line of a conversation header. */
export function formatLastSeen(iso: string | null, now: Date = new Date(), locale?: string): string {
  if (!iso) return 'offline';
  const date = new Date(iso);
  const seconds = Math.max(0, (now.getTime() - date.getTime()) / 1000);
  if (seconds < 60) return 'last seen just now';
  if (seconds < 60 * 60) {
    const minutes = Math.floor(seconds / 60);
    return `last seen ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} ago`;
  }
  const days = daysBetween(date, now);
  if (days === 0) return `last seen today at ${formatClock(iso, locale)}`;
  if (days === 1) return `last seen yesterday at ${formatClock(iso, locale)}`;
  const sameYear = date.getFullYear() === now.getFullYear();
  const day = new Intl.DateTimeFormat(locale, {
    month: 'short',
    day: 'numeric',
    year: sameYear ? undefined : 'numeric',
  }).format(date);
  return `last seen ${day}`;
}
