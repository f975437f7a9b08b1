/** A piece of message text: plain text, or an http(s) link. Rendered with interpolation only, never as HTML. */
export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const URL_CANDIDATE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING_PUNCTUATION = '.,;:!?\'"»”’)]}';
const OPENING: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** Drops sentence punctuation after a URL, keeping closing brackets that balance one inside it (Wikipedia links). */
function trimUrl(candidate: string): string {
  let url = candidate;
  while (url.length > 0) {
    const last = url[url.length - 1];
    if (!TRAILING_PUNCTUATION.includes(last)) break;
    const opening = OPENING[last];
    if (opening && count(url, opening) >= count(url, last)) break;
    url = url.slice(0, -1);
  }
  return url;
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n += 1;
  return n;
}

function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Splits text into plain and link segments. Only absolute http and https URLs become links; everything else,
 * markup included, stays text.
 */
export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  const push = (plain: string) => {
    if (!plain) return;
    const previous = segments[segments.length - 1];
    if (previous?.kind === 'text') previous.text += plain;
    else segments.push({ kind: 'text', text: plain });
  };
  for (const match of text.matchAll(URL_CANDIDATE)) {
    const start = match.index ?? 0;
    const raw = trimUrl(match[0]);
    const href = safeHref(raw);
    if (!href || raw.length <= 'https://'.length) continue;
    push(text.slice(last, start));
    segments.push({ kind: 'link', text: raw, href });
    last = start + raw.length;
  }
  push(text.slice(last));
  return segments;
}
