export function utilTesting(): string {
  return 'util-testing';
}
