export interface Stack {
  baseUrl: string;
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  throw new Error('not yet');
}
