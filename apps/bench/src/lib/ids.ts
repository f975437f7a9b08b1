/** The server's deterministic id of the conversation between two users: both ids, lower case, sorted, joined by `_`. */
export function conversationIdOf(a: string, b: string): string {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()].sort();
  return `${x}_${y}`;
}

/** A `clientMsgId` of 8..64 characters that is unique within one bench run. */
export function clientMsgId(run: string, user: number, seq: number): string {
  return `${run}-${user.toString(36)}-${seq.toString(36)}`.padEnd(8, '0');
}

/** Message text of exactly `length` characters, varied so that nothing can cache a constant. */
export function messageText(seq: number, length: number): string {
  const head = `message ${seq} `;
  return (head + 'lorem ipsum dolor sit amet '.repeat(Math.ceil(length / 27))).slice(0, length);
}
