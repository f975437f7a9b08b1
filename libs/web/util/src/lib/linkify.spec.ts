import { linkify } from './linkify';

describe('linkify', () => {
  it('keeps plain text as one text segment', () => {
    expect(linkify('hello there')).toEqual([{ kind: 'text', text: 'hello there' }]);
  });

  it('returns no segment for an empty string', () => {
    expect(linkify('')).toEqual([]);
  });

  it('turns http and https URLs into links between text', () => {
    expect(linkify('see https://example.com/a?b=1#c and http://x.org')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1#c', href: 'https://example.com/a?b=1#c' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://x.org', href: 'http://x.org/' },
    ]);
  });

  it('leaves sentence punctuation after a URL outside the link', () => {
    expect(linkify('Look: https://example.com/page.')).toEqual([
      { kind: 'text', text: 'Look: ' },
      { kind: 'link', text: 'https://example.com/page', href: 'https://example.com/page' },
      { kind: 'text', text: '.' },
    ]);
    expect(linkify('(https://example.com)')).toEqual([
      { kind: 'text', text: '(' },
      { kind: 'link', text: 'https://example.com', href: 'https://example.com/' },
      { kind: 'text', text: ')' },
    ]);
  });

  it('keeps balanced brackets inside a URL', () => {
    const url = 'https://en.wikipedia.org/wiki/Foo_(bar)';
    expect(linkify(`read ${url}!`)).toEqual([
      { kind: 'text', text: 'read ' },
      { kind: 'link', text: url, href: url },
      { kind: 'text', text: '!' },
    ]);
  });

  it.each([
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    'ftp://example.com/file',
    'www.example.com',
    'https://',
  ])('never links %s', (text) => {
    expect(linkify(text).every((segment) => segment.kind === 'text')).toBe(true);
    expect(
      linkify(text)
        .map((segment) => segment.text)
        .join(''),
    ).toBe(text);
  });

  it('stops a URL at markup characters so they stay text', () => {
    const segments = linkify('<a href="https://evil.example/x">click</a>');
    expect(segments.map((segment) => segment.text).join('')).toBe(
      '<a href="https://evil.example/x">click</a>',
    );
    expect(segments).toContainEqual({
      kind: 'link',
      text: 'https://evil.example/x',
      href: 'https://evil.example/x',
    });
  });

  it('keeps every character of the original text, in order', () => {
    const text = 'a https://a.b/c, b http://d.e/(f) <img src=x onerror=alert(1)> end';
    expect(
      linkify(text)
        .map((segment) => segment.text)
        .join(''),
    ).toBe(text);
  });
});
